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
