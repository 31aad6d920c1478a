"""Costs stay bounded as the catalog grows: export, check, list -f json and seed read a chunk or a file at a
time. Small in-process checks (500 and 1,500 synthetic chips); benchmarks/run.py --only scale measures 10,000 and
100,000."""

import datetime as dt
import gc
import io
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_catalogs
from chipdb.config import DatabaseLocation, resolve
from chipdb.db import queries
from chipdb.db.reader import connect_reader
from tests.helpers import dump, run

SMALL, LARGE = 500, 1500  # chips: one chunk of 500, then three


class Sink(io.StringIO):
    """An output that keeps nothing: what is measured is what the command holds, not what it wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def catalog(directory: Path, template: Path, count: int) -> DatabaseLocation:
    """A copy of the bundled database with `count` synthetic chips seeded in."""
    from chipdb.catalog.apply import seed_paths

    directory.mkdir(parents=True, exist_ok=True)
    location = resolve(str(directory / "chipdb.sqlite3"))
    shutil.copy(template, directory / "chipdb.sqlite3")
    seed_paths(location, write_catalogs(directory / "files", count, per_file=1_000))
    return location


@pytest.fixture(scope="module")
def catalogs(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, DatabaseLocation]:
    base = tmp_path_factory.mktemp("scale")
    return {n: catalog(base / str(n), sqlite_template, n) for n in (SMALL, LARGE)}


def peak(action: Callable[[], object]) -> int:
    """The most memory Python held while `action` ran, beyond what it held before, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def export_yaml(location: DatabaseLocation) -> None:
    from chipdb.catalog.export import export_stream
    from chipdb.report import stream

    reader = connect_reader(location)
    try:
        stream.write_document(export_stream(reader, None), "yaml", Sink())
    finally:
        reader.close()


def check_json(location: DatabaseLocation) -> None:
    from chipdb.cli.rule_commands import check_findings
    from chipdb.report import render
    from chipdb.report.rule_tables import findings_data

    reader = connect_reader(location)
    try:
        found = check_findings(reader, "CN", dt.date(2026, 1, 20))
        render.write(findings_data(found, "json"), "json", Sink())
    finally:
        reader.close()


def list_json(location: DatabaseLocation) -> None:
    from chipdb.report import list_query, render
    from chipdb.report.document import Document

    q = list_query.ListQuery(destination="CN", as_of=dt.date(2026, 1, 20), sort="tpp")
    reader = connect_reader(location)
    try:
        ids, _ = list_query.answer_ids(reader, q)
        render.write(Document([], list_query.objects(reader, ids, q)), "json", Sink())
    finally:
        reader.close()


@pytest.mark.parametrize("action", [export_yaml, check_json, list_json], ids=["export", "check", "list-json"])
def test_streaming_commands_hold_as_much_for_three_times_the_chips(
    catalogs: dict[int, DatabaseLocation], action: Callable[[DatabaseLocation], None]
) -> None:
    """Holding every chip costs 3 to 10 kB each; a chunk at a time, three times the chips cost the same
    memory but for the ids (and sort values): a few hundred bytes per chip."""
    small, large = peak(lambda: action(catalogs[SMALL])), peak(lambda: action(catalogs[LARGE]))
    assert large - small < 1_200 * (LARGE - SMALL), (small, large)


def test_seeding_holds_one_file_and_the_keys(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seeding three times the chips, in files of 250, holds one file's records and under a kB of keys per
    chip (its name and alias), not the whole set (over 6 kB per chip)."""
    from chipdb.catalog.apply import write_files
    from chipdb.catalog.problems import Problems
    from chipdb.db.engine import make_engine

    def seed(count: int) -> int:
        directory = tmp_path / str(count)
        directory.mkdir()
        shutil.copy(sqlite_template, directory / "chipdb.sqlite3")
        files = write_catalogs(directory / "files", count, per_file=250)
        engine = make_engine(resolve(str(directory / "chipdb.sqlite3")))
        try:
            with engine.begin() as connection:
                return peak(lambda: write_files(connection, files, Problems()))
        finally:
            engine.dispose()

    small, large = seed(SMALL), seed(LARGE)
    assert large - small < 2_000 * (LARGE - SMALL), (small, large)


def test_streaming_commands_read_chips_a_chunk_at_a_time(
    catalogs: dict[int, DatabaseLocation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """export (every format), check (every format) and list -f json never read the whole catalog at once."""
    location = catalogs[SMALL]
    calls: list[int | None] = []
    real_chips, real_summaries = queries.chips, queries.chip_summaries

    def chips(reader: Any, ids: Any = None, **options: Any) -> Any:
        calls.append(None if ids is None else len(ids))
        return real_chips(reader, ids, **options)

    def summaries(reader: Any, **options: Any) -> Any:
        calls.append(None if options.get("ids") is None else len(options["ids"]))
        return real_summaries(reader, **options)

    monkeypatch.setattr(queries, "chips", chips)
    monkeypatch.setattr(queries, "chip_summaries", summaries)
    commands = [["export"], ["export", "-f", "json"], ["export", "-f", "csv"], ["check"], ["check", "-f", "json"],
                ["check", "-f", "csv"], ["list", "-f", "json"], ["list", "-f", "json", "--sort", "tpp"]]  # fmt: skip
    for command in commands:
        calls.clear()
        result = run("--db", location.url, *command)
        assert result.exit_code == 0, result.stderr
        assert calls and None not in calls and max(c or 0 for c in calls) <= 500, (command, calls)
        assert sum(c or 0 for c in calls) >= SMALL, (command, calls)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_files_in_any_order_give_the_same_rows(
    db: DatabaseLocation, empty_db: DatabaseLocation, tmp_path: Path
) -> None:
    """Chips that cite a vendor and a source a later file declares are held back, then written."""
    chips = _write(tmp_path / "a.yaml", """
chips:
  - {name: Later X1, vendor: Later Inc, market: edge, source: later-src, tdp_w: 75, aliases: [LX1]}
  - {name: Later X2, vendor: Later Inc, market: edge, source: later-src, tdp_w: 95}
""")  # fmt: skip
    declared = _write(tmp_path / "b.yaml", """
vendors: [{name: Later Inc, country: US}]
sources: [{id: later-src, title: A later source, tier: official}]
""")  # fmt: skip
    assert run("--db", empty_db.url, "db", "upgrade").exit_code == 0
    for location, files in ((db, [chips, declared]), (empty_db, [declared, chips])):
        result = run("--db", location.url, "seed", *map(str, files))
        assert result.exit_code == 0, result.stderr
        assert "chips: 2 added" in result.stderr
    shown = [run("--db", location.url, "export", "LX1", "Later X2").stdout for location in (db, empty_db)]
    assert shown[0] == shown[1] and "tdp_w: 75.0" in shown[0] and "- LX1" in shown[0]


def test_an_alias_moves_between_stored_chips_whatever_the_order_of_their_files(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    header = "sources: [{id: mv-src, title: Moves, tier: official}]\n"
    first = _write(tmp_path / "first.yaml", header + """
chips:
  - {name: Mover A, vendor: NVIDIA, market: edge, source: mv-src, tdp_w: 10, aliases: [Wanderer]}
  - {name: Mover B, vendor: NVIDIA, market: edge, source: mv-src, tdp_w: 20}
""")  # fmt: skip
    assert run("seed", str(first)).exit_code == 0
    gives = _write(tmp_path / "1-b.yaml", """
chips:
  - {name: Mover B, vendor: NVIDIA, market: edge, source: mv-src, tdp_w: 20, aliases: [Wanderer]}
""")  # fmt: skip
    takes = _write(tmp_path / "2-a.yaml", header + """
chips:
  - {name: Mover A, vendor: NVIDIA, market: edge, source: mv-src, tdp_w: 10}
""")  # fmt: skip
    result = run("seed", str(gives), str(takes))  # B takes the alias before A, in a later file, gives it up
    assert result.exit_code == 0, result.stderr
    assert "alias 'Wanderer' was removed" in result.stderr
    assert '"name": "Mover B"' in run("show", "Wanderer", "-f", "json").stdout


def test_a_problem_in_a_later_file_leaves_the_database_as_it_was(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    """Earlier files' chips may be written before a later file is read; the problem rolls them all back."""
    before = dump(db)
    files = write_catalogs(tmp_path / "files", 1_200, per_file=500)
    files[-1].write_text(files[-1].read_text().replace('"tdp_w": "', '"tdp_w": "-', 1), encoding="utf-8")
    result = run("seed", *map(str, files))
    assert result.exit_code == 1 and "tdp_w" in result.stderr and "Traceback" not in result.output
    assert dump(db) == before
