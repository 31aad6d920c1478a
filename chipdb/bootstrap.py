"""The slow path of opening a database: create it at first use, upgrade an old SQLite file, refuse the rest."""

import sqlite3
from pathlib import Path

from chipdb.catalog.apply import SeedReport
from chipdb.config import DatabaseLocation
from chipdb.db import migrate
from chipdb.errors import SchemaMismatchError


def bring_to_head(location: DatabaseLocation, notices: list[str]) -> None:
    """Make the database usable by this code, or raise without touching it."""
    revision = migrate.current_revision(location) if _exists(location) else None
    migrate.check_known(location, revision)
    if revision is None:
        if _has_foreign_tables(location):
            raise SchemaMismatchError(
                f"{location.display()} holds tables but none of chipdb's; point --db at a new file or database"
            )
        report = _create_and_seed(location)
        notices.append(
            f"Created a chipdb database at {location.display()} and loaded the bundled data "
            f"({report.summary()})."
        )
        return
    if revision == migrate.head_revision():
        return
    if location.sqlite_path is None:
        raise SchemaMismatchError(
            f"{location.display()} is at schema revision {revision}, behind this chipdb's "
            f"{migrate.head_revision()}; run `chipdb db upgrade` to upgrade it"
        )
    backup = location.sqlite_path.with_name(f"{location.sqlite_path.name}.{revision}.bak")
    _backup_sqlite(location.sqlite_path, backup)
    migrate.upgrade(location)
    notices.append(
        f"Upgraded {location.display()} from schema revision {revision} to {migrate.head_revision()} "
        f"(backup: {backup})."
    )


def _create_and_seed(location: DatabaseLocation) -> "SeedReport":
    """Schema and bundled data in one transaction: a first use that fails leaves no half-made database."""
    from sqlalchemy.exc import SQLAlchemyError

    from chipdb.catalog.apply import write
    from chipdb.catalog.loader import build
    from chipdb.db.engine import make_engine
    from chipdb.errors import DatabaseError, first_line
    from chipdb.paths import seed_files

    seed = build(seed_files())
    engine = make_engine(location)
    try:
        with engine.begin() as connection:
            migrate.upgrade_in(connection, location)
            report = write(connection, seed)
            report.files = len(seed_files())
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot create {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()
    return report


def _exists(location: DatabaseLocation) -> bool:
    return location.sqlite_path is None or location.sqlite_path.exists()


def _has_foreign_tables(location: DatabaseLocation) -> bool:
    from sqlalchemy import inspect

    from chipdb.db.engine import make_engine

    if not _exists(location):
        return False
    engine = make_engine(location)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a plain file copy could miss the WAL)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
