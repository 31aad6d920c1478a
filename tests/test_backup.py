"""The backup taken before an implicit SQLite upgrade: a fresh name, never through a link, never over a file.

Whatever sits at `chipdb.sqlite3.REV.bak` (a link to a file, a link to nothing, an earlier backup, a
directory) stays as it was; the copy goes to the next free name. A copy that cannot be made is one `Error:`
line and the database is not upgraded.
"""

import sqlite3
from pathlib import Path

import pytest

from chipdb.db.schema_version import HEAD_REVISION
from tests.helpers import run
from tests.test_environments import immutable, make_immutable
from tests.test_locations import one_error_line

__all__ = ["immutable"]  # a fixture, used by name


@pytest.fixture
def old_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite file at schema revision 0001 (no data: quick to upgrade), set as the database."""
    path = tmp_path / "chipdb.sqlite3"
    monkeypatch.setenv("CHIPDB_DATABASE_URL", str(path))
    assert run("db", "upgrade", "0001").exit_code == 0
    return path


def revision_in(path: Path) -> str:
    """Read as chipdb's reader does: read-only, as an immutable file where the directory forbids more."""
    from chipdb.db.reader import open_sqlite

    connection = open_sqlite(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def files_beside(database: Path) -> list[str]:
    """The names in the database's directory, but SQLite's own -wal and -shm (a reader may make them)."""
    return sorted(p.name for p in database.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))


def occupy(kind: str, where: Path, tmp_path: Path) -> Path | None:
    """Put `kind` at `where`; return the file a link points to, if any."""
    victim = tmp_path / "victim.txt"
    if kind == "link to a file":
        victim.write_text("not yours")
        where.symlink_to(victim)
        return victim
    if kind == "dangling link":
        where.symlink_to(victim)
        return victim
    if kind == "earlier backup":
        where.write_text("an earlier backup")
    elif kind == "directory":
        where.mkdir()
        (where / "inside").write_text("kept")
    return None


@pytest.mark.parametrize("kind", ["link to a file", "dangling link", "earlier backup", "directory"])
def test_the_backup_goes_to_a_fresh_name(old_database: Path, tmp_path: Path, kind: str) -> None:
    taken = old_database.with_name("chipdb.sqlite3.0001.bak")
    victim = occupy(kind, taken, tmp_path)
    before = victim.read_text() if victim is not None and victim.exists() else None
    result = run("list", "-q")
    assert result.exit_code == 0, result.output
    fresh = old_database.with_name("chipdb.sqlite3.0001.1.bak")
    assert f"(backup: {fresh})" in result.stderr
    assert revision_in(fresh) == "0001" and revision_in(old_database) == HEAD_REVISION
    if victim is not None:  # the link still points where it did; its target is as it was, or still absent
        assert taken.is_symlink() and (victim.read_text() if victim.exists() else None) == before
    elif kind == "earlier backup":
        assert taken.read_text() == "an earlier backup"
    else:
        assert (taken / "inside").read_text() == "kept"
    assert fresh.stat().st_mode & 0o077 == 0  # private to the owner, like the temporary it was made as


def test_backups_count_up_past_every_name_taken(old_database: Path) -> None:
    for name in ("chipdb.sqlite3.0001.bak", "chipdb.sqlite3.0001.1.bak"):
        old_database.with_name(name).write_text("earlier")
    result = run("list", "-q")
    assert result.exit_code == 0 and "chipdb.sqlite3.0001.2.bak" in result.stderr


def test_a_backup_that_cannot_be_written_leaves_the_database_alone(
    old_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk part-way through the copy (simulated): one Error line, not upgraded, nothing left behind."""
    from chipdb import bootstrap

    def full(_source: Path, target: Path) -> None:
        target.write_bytes(b"x" * 4096)
        raise sqlite3.OperationalError("database or disk is full")

    before = files_beside(old_database)
    monkeypatch.setattr(bootstrap, "copy_sqlite", full)
    line = one_error_line(run("list", "-q"))
    assert "cannot back up" in line and "disk is full" in line and str(old_database) in line
    assert revision_in(old_database) == "0001"
    assert files_beside(old_database) == before


def test_a_directory_that_refuses_the_backup(old_database: Path, immutable: list[Path]) -> None:
    """The file system says no (an immutable directory): one Error line, the database still readable."""
    make_immutable(immutable, old_database.parent)
    line = one_error_line(run("list", "-q"))
    assert "cannot back up" in line and "Operation not permitted" in line
    assert revision_in(old_database) == "0001"
