"""User-caused failures outside the seed files: one `Error:` line and exit 1, never a traceback.

Arguments that are not UTF-8, an output encoding that lacks a character, memory running out, revisions that
do not exist, plot files that cannot be written.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation
from tests.helpers import run
from tests.test_locations import one_error_line


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seeded SQLite database of this test's own, for what does not depend on the backend."""
    path = tmp_path / "db" / "chipdb.sqlite3"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    monkeypatch.setenv("CHIPDB_DATABASE_URL", str(path))
    return path


#: Bytes that are not UTF-8 reach Python as lone surrogates (os.fsdecode's surrogateescape): b"\xff" -> "\udcff".
NOT_UTF8 = "\udcff"


@pytest.mark.parametrize(
    "args",
    [
        ["--db", f"{NOT_UTF8}.sqlite3", "list"],
        ["--db", f"sqlite:///{NOT_UTF8}.sqlite3", "list"],
        ["show", f"{NOT_UTF8}91"],
        ["compare", "H800", f"H{NOT_UTF8}"],
        ["list", "--vendor", NOT_UTF8],
        ["assess", "H100", "--to", f"C{NOT_UTF8}"],
        ["seed", f"{NOT_UTF8}.yaml"],
        ["show", "\ud800"],  # a surrogate no byte produces
    ],
)
def test_arguments_that_are_not_utf8_are_refused(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPDB_DATABASE_URL", str(tmp_path / "chipdb.sqlite3"))
    line = one_error_line(run(*args))
    assert "is not valid UTF-8 text" in line and ("\\xff" in line or "\\ud800" in line), line
    assert list(tmp_path.iterdir()) == []  # refused before any database is made


def test_a_location_that_is_not_utf8_in_the_environment_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPDB_DATABASE_URL", f"{tmp_path}/{NOT_UTF8}.sqlite3")
    line = one_error_line(run("list"))
    assert "database location" in line and "\\xff" in line
    assert list(tmp_path.iterdir()) == []


def test_running_out_of_memory_is_one_error_line(sqlite_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `ulimit -v` produces part-way through a command (simulated: a real limit is flaky in a test)."""
    from chipdb.db import queries

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(queries, "chips", exhausted)
    assert "out of memory" in one_error_line(run("compare", "H800", "910B"))


def test_an_output_encoding_without_the_characters_degrades(sqlite_db: Path) -> None:
    """PYTHONIOENCODING=ascii: non-ASCII text prints as `?`, the answer is still whole (a real process)."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "CHIPDB_DATABASE_URL": str(sqlite_db), "NO_COLOR": "1"}
    for args in (["show", "910B"], ["show", "café"]):
        done = subprocess.run(
            [sys.executable, "-m", "chipdb", *args], capture_output=True, env=env, timeout=60
        )
        assert b"Traceback" not in done.stderr, done.stderr
        done.stdout.decode("ascii")  # nothing but ASCII reached the stream
        if args[1] == "910B":
            assert done.returncode == 0 and b"Ascend 910B" in done.stdout
        else:
            assert done.returncode == 1 and done.stderr.startswith(b"Error: no chip named")


BAD_REVISIONS = [
    ("upgrade", "zzz"),
    ("upgrade", ""),
    ("upgrade", " "),
    ("upgrade", "+1"),  # already at the head
    ("upgrade", "+0"),
    ("upgrade", "head+1"),
    ("upgrade", "0005@head"),
    ("upgrade", "0003x"),
    ("upgrade", "base"),
    ("downgrade", "zzz"),
    ("downgrade", ""),
    ("downgrade", "-9"),
    ("downgrade", "base+1"),
    ("downgrade", "head"),
]


def test_bad_revisions_are_one_error_line_and_change_nothing(db: DatabaseLocation) -> None:
    from tests.helpers import dump

    before = dump(db)
    for command, revision in BAD_REVISIONS:
        line = one_error_line(run("db", command, "--", revision))
        assert "revision" in line and repr(revision) in line, (command, revision, line)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("directory", "is a directory"),
        ("proc", "cannot write it"),
        ("dangling link, no directory", "symbolic link to nothing"),
        ("dangling link", "symbolic link to nothing"),
    ],
)
def test_plot_files_that_cannot_be_written_are_one_error_line(
    sqlite_db: Path, tmp_path: Path, kind: str, message: str
) -> None:
    """The file system decides, not the backend: SQLite only. Refused before drawing where it can be."""
    pytest.importorskip("matplotlib")
    out = tmp_path / "chart.png"
    if kind == "directory":
        out.mkdir()
    elif kind == "proc":
        out = Path("/proc/chipdb-test.png")
    elif kind == "dangling link, no directory":
        out.symlink_to(tmp_path / "missing" / "target.png")
    else:
        out.symlink_to(tmp_path / "target.png")
    commands = [["plot", "compare", "H800", "910B"]] + ([["plot", "map"]] if kind != "proc" else [])
    for args in commands:
        assert message in one_error_line(run(*args, "--out", str(out)))
    assert not (tmp_path / "target.png").exists() and not (tmp_path / "missing").exists()


@pytest.mark.parametrize("name", ["name_key_too_long.yaml", "alias_key_too_long.yaml"])
def test_names_longer_than_their_columns_are_refused_before_the_database(
    db: DatabaseLocation, name: str
) -> None:
    """PostgreSQL enforces the column lengths that SQLite ignores; the loader checks them on both, naming
    the file and the chip, instead of a driver's 'value too long for type character varying(400)'."""
    from tests.helpers import dump

    path = Path(__file__).parent / "bad_seeds" / name
    before = dump(db)
    line = one_error_line(run("seed", str(path)))
    assert name in line and "chips[0]" in line and "character varying" not in line, line
    assert dump(db) == before
