"""The output layer on fixed documents: exact text for the main formats, and every format renders every cell."""

import json

import pytest

from chipdb.report.document import Document, Table
from chipdb.report.formats import OutputFormat
from chipdb.report.render import render

GROUPED = Table(
    ["Group", "Spec", "H800", "910B"],
    [
        ["memory", "Memory (GB)", "80", "64"],
        ["", "Bandwidth (GB/s)", "3,350", "1,600"],
        ["power", "TDP (W)", "700", "n/a"],
    ],
)
DOCUMENT = Document(
    [GROUPED], [{"name": "H800", "tdp_w": 700, "fp64": None}, {"name": "910B", "tdp_w": "n/a"}]
)


def test_table_is_the_simple_layout() -> None:
    assert render(DOCUMENT, "table") == (
        "Group    Spec              H800    910B\n"
        "-------  ----------------  ------  ------\n"
        "memory   Memory (GB)       80      64\n"
        "         Bandwidth (GB/s)  3,350   1,600\n"
        "power    TDP (W)           700     n/a\n"
    )


def test_csv_repeats_the_group_on_every_row() -> None:
    assert render(DOCUMENT, "csv") == (
        "Group,Spec,H800,910B\n"
        "memory,Memory (GB),80,64\n"
        'memory,Bandwidth (GB/s),"3,350","1,600"\n'
        "power,TDP (W),700,n/a\n"
    )


def test_json_is_the_document_value_not_the_table() -> None:
    assert json.loads(render(DOCUMENT, "json")) == DOCUMENT.json


def test_json_streams_an_iterator_as_one_array() -> None:
    streamed = Document([], iter([{"a": 1}, {"b": [1, 2]}]))
    assert json.loads(render(streamed, "json")) == [{"a": 1}, {"b": [1, 2]}]
    assert json.loads(render(Document([], iter([])), "json")) == []


def test_github_markdown() -> None:
    assert render(DOCUMENT, "github").splitlines()[:2] == [
        "| Group   | Spec             | H800   | 910B   |",
        "|---------|------------------|--------|--------|",
    ]


def test_titles_and_several_tables() -> None:
    two = Document([Table(["A"], [["1"]], title="First"), Table(["B"], [], title="Second")], None)
    assert render(two, "table") == "First\nA\n---\n1\n\nSecond\nnone\n"  # an empty section says so


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat if f.value != "json"])
def test_every_format_shows_every_cell(fmt: str) -> None:
    text = render(DOCUMENT, fmt)
    for cell in ("Memory (GB)", "3,350", "1,600", "n/a", "TDP (W)"):
        assert cell in text, (fmt, cell)


HOSTILE = [
    "Evil\x1b[31mRED",
    "X1\nH100 SXM5 80GB",
    "A\u202eB",
    "H\u200b100",
    "C1\x9b2J",
    "\ufeffBOM",
    "tab\there",
]
UNSAFE_DOCUMENT = Document(
    [Table(["Name", "Note"], [[name, f"note {name}"] for name in HOSTILE], title="Title \x1b]0;x\x07")],
    [{"name": name, "notes": f"note {name}"} for name in HOSTILE],
    notes=["a note \x1b[2J"],
)
DATA_TABLE = Table(["Chip", "TDP"], [[name, 700] for name in HOSTILE], keys=["name", "tdp_w"])


def _unsafe(text: str, allowed: str) -> list[str]:
    from chipdb.domain.text import UNSAFE

    return [c for c in text if UNSAFE.match(c) and c not in allowed]


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_no_format_writes_a_control_bidi_or_zero_width_character(fmt: str) -> None:
    """Seed text reached the terminal raw: escapes recoloured it, U+202E reordered it, a newline forged a row."""
    for document in (UNSAFE_DOCUMENT, Document([DATA_TABLE], None)):
        text = render(document, fmt)
        allowed = "\n\t" if fmt in ("csv", "tsv") else "\n"  # CSV and TSV quote what they hold
        assert not _unsafe(text, allowed), (fmt, text)
    if fmt in ("table", "github"):  # a data cell is one line: one row per chip, whatever its name
        assert render(Document([DATA_TABLE], None), fmt).count("\n") == len(HOSTILE) + 2


def test_escaped_text_is_readable_and_csv_and_json_keep_the_data() -> None:
    import csv
    import io

    table = render(UNSAFE_DOCUMENT, "table")
    assert "Evil\\x1b[31mRED" in table and "A\\u202eB" in table and "H\\u200b100" in table
    assert "Title \\x1b]0;x\\x07" in table
    rows = list(csv.reader(io.StringIO(render(Document([DATA_TABLE], None), "csv"))))
    assert [r[0] for r in rows[1:]][1:2] == ["X1\nH100 SXM5 80GB"]  # CSV keeps the newline, quoted
    assert rows[1][0] == "Evil\\x1b[31mRED"
    assert json.loads(render(UNSAFE_DOCUMENT, "json")) == UNSAFE_DOCUMENT.json  # JSON escapes, data intact


def test_json_is_strict() -> None:
    """NaN and Infinity are not JSON; json.dumps wrote them, and `classify -f json` printed them."""
    from chipdb.errors import ChipdbError

    for value in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ChipdbError, match="cannot write JSON"):
            render(Document([], {"tpp": value}), "json")
    astral = Document([], {"tag": "x\U000e0041"})  # beyond the BMP: a UTF-16 surrogate pair
    assert "\\udb40\\udc41" in render(astral, "json") and json.loads(render(astral, "json")) == astral.json
