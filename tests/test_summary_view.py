"""The chip_summary view and the fast list path agree with the domain functions they stand in for."""

import csv
import json
import sqlite3

import pytest

from chipdb.config import DatabaseLocation
from chipdb.db import queries
from chipdb.db.reader import connect_reader
from chipdb.domain.metrics import tpp
from chipdb.report.document import Document, Table
from chipdb.report.render import _simple, render
from tests.helpers import run


def test_view_tpp_and_status_match_the_domain_functions(db: DatabaseLocation) -> None:
    reader = connect_reader(db)
    try:
        records = {c.id: c for c in queries.chips(reader)}
        rows = reader.rows("SELECT chip_id, tpp, performance_density FROM chip_summary")
    finally:
        reader.close()
    assert len(rows) == len(records) >= 50
    for chip_id, view_tpp, view_pd in rows:
        chip = records[chip_id]
        expected = tpp(chip)
        assert (view_tpp is None) == (expected is None), chip.name
        if expected is not None:
            assert abs(view_tpp - expected.value) < 1e-6, chip.name
            area = chip.specs.get("die_area_mm2")
            assert view_pd == (None if not area else view_tpp / area) or abs(view_pd - view_tpp / area) < 1e-9


def test_list_computed_column_matches_show(db: DatabaseLocation) -> None:
    for date in ("2023-06-01", "2024-06-01", "2026-11-29"):
        listed = list(csv.reader(run("list", "--as-of", date, "-f", "csv").stdout.splitlines()))
        names = [row[0] for row in listed[1:]]
        # compare builds each chip's object the way show does (the full record, not the summary view)
        objects = json.loads(run("compare", *names, "--as-of", date, "-f", "json").stdout)
        assert [o["name"] for o in objects] == names
        for row, obj in zip(listed[1:], objects, strict=True):
            cells = dict(zip(listed[0], row, strict=True))
            shown = obj["computed"]
            expected = f"{shown['classification']} ({shown['rule']})" if shown else "no rule in force"
            assert cells["computed"].removesuffix(" (disagrees)") == expected, (date, cells["name"])


def test_the_fast_simple_renderer_matches_tabulate(db: DatabaseLocation) -> None:
    from tabulate import tabulate

    tables = [
        Table(["A", "Longer header"], [["x", "y"], ["longer cell value", ""]]),
        Table(["Only"], []),
        Table(["H1", "H2", "H3"], [["1,234", "n/a", "unknown"], ["", "a  b", "c"]]),
    ]
    parsed = list(csv.reader(run("list", "-f", "csv").stdout.splitlines()))
    tables.append(Table(parsed[0], parsed[1:]))
    for table in tables:
        assert _simple(table) == tabulate(
            table.rows, headers=table.headers, tablefmt="simple", disable_numparse=True
        )
    wide = Table(["Chip"], [["昇腾910B"]])  # not ASCII: tabulate renders it (display width)
    assert (
        render(Document([wide], None), "table").strip() == tabulate(wide.rows, headers=wide.headers).strip()
    )


def test_view_is_readable_with_the_sqlite3_module(db: DatabaseLocation) -> None:
    if db.sqlite_path is None:
        pytest.skip("the sqlite3 module reads SQLite files only; the view is tested above on every backend")
    with sqlite3.connect(db.sqlite_path) as connection:
        row = connection.execute(
            "SELECT chip, vendor, tpp, round(performance_density, 2) FROM chip_summary "
            "WHERE chip = 'H800 SXM5 80GB'"
        ).fetchone()
    assert row == ("H800 SXM5 80GB", "NVIDIA", 15832.0, 19.45)
