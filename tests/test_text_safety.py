"""Text that reaches a terminal: names refuse controls, format and separator characters; output escapes them."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipdb.catalog.loader import build
from chipdb.domain.text import UNSAFE, escape, first_unsafe
from chipdb.errors import SeedError

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
