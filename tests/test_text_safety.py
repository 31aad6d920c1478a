"""Text that reaches a terminal: names refuse controls, format and separator characters; output escapes them."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from chipdb.catalog.loader import build
from chipdb.config import DatabaseLocation
from chipdb.domain.text import UNSAFE, escape, first_unsafe
from chipdb.errors import SeedError
from tests.helpers import run

UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")


def test_the_unsafe_class_covers_pythons_unicode_tables() -> None:
    """UNSAFE is written out (building it from unicodedata at start-up costs a quarter of a second)."""
    missing = [
        f"U+{i:04X}"
        for i in range(0x110000)
        if unicodedata.category(chr(i)) in UNSAFE_CATEGORIES and not UNSAFE.match(chr(i))
    ]
    assert not missing


@settings(max_examples=200)
@given(st.text(), st.sampled_from(["", "\n", "\t\n"]))
def test_escaped_text_holds_no_unsafe_character(text: str, keep: str) -> None:
    shown = escape(text, keep)
    assert all(c in keep for c in shown if UNSAFE.match(c))
    assert first_unsafe(shown, keep) is None
    if text.isprintable():
        assert shown == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Evil\x1b[31mRED", "Evil\\x1b[31mRED"),
        ("X1\nH100", "X1\\nH100"),
        ("A\u202eB", "A\\u202eB"),
        ("H\u200b100", "H\\u200b100"),
        ("\ufeffNVIDIA", "\\ufeffNVIDIA"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("C1 \x9b2J", "C1 \\x9b2J"),
        ("昇腾 910B café", "昇腾 910B café"),
    ],
)
def test_escapes(text: str, shown: str) -> None:
    assert escape(text) == shown


def test_names_in_any_script_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "unicode.yaml"
    path.write_text(
        "sources: [{id: s, title: 'Notes may hold\ttabs', tier: official}]\n"
        "chips:\n  - {name: 昇腾 910B café, vendor: Huawei, source: s, market: datacenter, aliases: ['Ascend 910B']"
        ', notes: "two\\nlines\\tand a tab"}\n',
        encoding="utf-8",
    )
    seed = build([path])
    assert seed.chips[0].name == "昇腾 910B café" and seed.chips[0].notes == "two\nlines\tand a tab"


def test_a_csv_seed_refuses_controls_in_names(tmp_path: Path) -> None:
    path = tmp_path / "chips.csv"
    path.write_text('name,vendor,market,source\n"X1\x1b[2J",NVIDIA,datacenter,s\n', encoding="utf-8")
    with pytest.raises(SeedError, match=r"U\+001B"):
        build([path])


HOSTILE_NAME = "H100\x1b[31m\nforged row\u202eBG08\u200b"
HOSTILE_NOTE = "note \x1b]0;title\x07 \u202e \x9b2J"


def _hostile(db: DatabaseLocation) -> int:
    """A database written before names were checked (or by another tool): H100's name and notes hostile."""
    engine = create_engine(db.url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "UPDATE chips SET name = :name, notes = :notes, family = :notes WHERE name = 'H100 SXM5 80GB'"
                ),
                {"name": HOSTILE_NAME, "notes": HOSTILE_NOTE},
            )
            return int(connection.execute(text("SELECT count(*) FROM chips")).scalar_one())
    finally:
        engine.dispose()


OUTPUTS = [
    ["list"], ["list", "-f", "csv"], ["list", "-f", "json"], ["list", "-f", "github"], ["list", "-q"],
    ["show", "H100"], ["show", "H100", "-f", "json"], ["compare", "H100", "H800"], ["timeline", "H100"],
    ["assess", "H100", "--to", "CN"], ["show", "H100 forged"],
]  # fmt: skip


def test_text_already_in_a_database_is_escaped_on_output(db: DatabaseLocation) -> None:
    """Every command that shows the hostile name or notes, on one database (a database per command costs more
    than the commands); `list -q` prints one line per chip."""
    chips = _hostile(db)
    for args in OUTPUTS:
        result = run(*args)
        allowed = "\n\t" if "csv" in args else "\n"
        for stream in (result.stdout, result.stderr):
            assert not [c for c in stream if UNSAFE.match(c) and c not in allowed], (args, stream[:2000])
    shown = run("show", "H100").stdout
    assert "H100\\x1b[31m\\nforged row\\u202eBG08\\u200b" in shown and "note \\x1b]0;title\\x07" in shown
    lines = run("list", "-q").stdout.splitlines()  # one line per chip, whatever the name holds
    assert len(lines) == chips and "H100\\x1b[31m\\nforged row\\u202eBG08\\u200b" in lines
