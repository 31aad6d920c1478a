"""Opening databases: first use, unknown revisions, bad locations, and the `db` commands."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from chipdb.config import DatabaseLocation, redact, resolve
from chipdb.db.schema_version import HEAD_REVISION
from tests.helpers import dump, run


def test_first_use_creates_and_seeds(empty_db: DatabaseLocation) -> None:
    result = run("compare", "H800", "910B")
    assert result.exit_code == 0, result.output
    assert "Created a chipdb database at" in result.stderr
    assert run("db", "current").stdout.strip() == HEAD_REVISION
    assert run("compare", "H800", "910B").stderr == ""  # created once


def test_database_from_a_newer_chipdb_is_refused(db: DatabaseLocation) -> None:
    engine = create_engine(db.url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dbeef'"))
    engine.dispose()
    before = dump(db)
    result = run("list")
    assert result.exit_code == 1
    assert "revision 'f00dbeef'" in result.stderr and "newer chipdb" in result.stderr
    assert dump(db) == before


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite\n" * 100)
    result = run("--db", str(path), "list")
    assert result.exit_code == 1
    assert str(path) in result.stderr and "not a database" in result.stderr
    assert path.read_text().startswith("hello")


def test_unreachable_server_hides_password() -> None:
    result = run("--db", "postgresql+psycopg://user:s3cret@127.0.0.1:1/nothing", "list")
    assert result.exit_code == 1
    assert "s3cret" not in result.output
    assert "***" in result.stderr


def test_db_commands(empty_db: DatabaseLocation) -> None:
    assert run("db", "current").stdout.strip() == "none"
    assert run("db", "upgrade").exit_code == 0
    assert run("db", "current").stdout.strip() == HEAD_REVISION
    assert HEAD_REVISION in run("db", "history").stdout
    assert run("db", "downgrade", "base").exit_code == 0
    assert run("db", "current").stdout.strip() == "none"


def test_resolver_accepts_paths_and_urls(tmp_path: Path) -> None:
    assert resolve(str(tmp_path / "a.db")).sqlite_path == tmp_path / "a.db"
    assert resolve(f"sqlite:///{tmp_path}/b.db").sqlite_path == tmp_path / "b.db"
    assert resolve("postgresql+psycopg://u:p@h/db").sqlite_path is None
    assert redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"


def test_default_location_is_in_the_user_data_dir(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CHIPDB_DATABASE_URL")
    location = resolve(None)
    assert location.sqlite_path is not None
    assert location.sqlite_path.name == "chipdb.sqlite3"
    assert str(location.sqlite_path).startswith(str(tmp_path))  # the fixture moved the data dir here


def test_an_older_sqlite_database_is_upgraded_with_a_backup(empty_db: DatabaseLocation) -> None:
    """A SQLite file at revision 0001 (before the chip_summary view) is upgraded after a backup copy."""
    if empty_db.sqlite_path is None:
        pytest.skip("server databases are never upgraded implicitly (the next test)")
    assert run("db", "upgrade", "0001").exit_code == 0
    result = run("list", "-q")
    assert result.exit_code == 0, result.stderr
    assert "Upgraded" in result.stderr and "backup:" in result.stderr
    backup = empty_db.sqlite_path.with_name(f"{empty_db.sqlite_path.name}.0001.bak")
    assert backup.exists()
    assert run("db", "current").stdout.strip() == HEAD_REVISION


def test_an_older_server_database_is_refused_with_the_command_to_run(empty_db: DatabaseLocation) -> None:
    if empty_db.sqlite_path is not None:
        pytest.skip("an old SQLite file is upgraded implicitly (the previous test)")
    assert run("db", "upgrade", "0001").exit_code == 0
    result = run("list", "-q")
    assert result.exit_code == 1
    assert "run `chipdb db upgrade`" in result.stderr
    assert run("db", "current").stdout.strip() == "0001"  # left as it was


def test_an_empty_schema_says_how_to_fill_it(
    empty_db: DatabaseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`db upgrade` on a new database, or after `downgrade base`, says the catalog is empty and what fills it;
    after `downgrade base` the next command sets the database up again instead of calling it foreign."""
    from chipdb import paths

    hint = "run `chipdb seed --bundled` to load the bundled data"
    first = run("db", "upgrade")
    assert first.exit_code == 0 and hint in first.stderr
    down = run("db", "downgrade", "base")
    assert down.exit_code == 0 and "is at revision none" in down.stderr and "None" not in down.stderr
    assert hint in run("db", "upgrade").stderr
    assert run("db", "downgrade", "base").exit_code == 0
    monkeypatch.setattr(paths, "seed_files", lambda directory=None: [])  # the schema alone: fast
    again = run("list", "-q")
    assert again.exit_code == 0 and "Created a chipdb database" in again.stderr, again.output
    assert run("db", "current").stdout.strip() == HEAD_REVISION


def test_an_upgrade_that_keeps_the_chips_has_no_note(db: DatabaseLocation) -> None:
    assert run("db", "downgrade", "0004").exit_code == 0
    result = run("db", "upgrade")
    assert result.exit_code == 0 and "seed --bundled" not in result.stderr
