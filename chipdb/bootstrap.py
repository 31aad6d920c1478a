"""Opening a database for a command: the one module that knows both the read path and the write path.

A read command calls `open_current`, which costs one row when the database is already current. Only a missing
or old database takes the slow path (Alembic, the seed loader), imported here on demand.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from chipdb.config import DatabaseLocation
from chipdb.db.reader import Reader, connect_reader, database_facts, revision_of
from chipdb.db.schema_version import HEAD_REVISION
from chipdb.errors import DatabaseError, SchemaMismatchError

if TYPE_CHECKING:  # the write path is imported on demand
    from chipdb.catalog.writer import SeedReport


def open_current(location: DatabaseLocation, notices: list[str], bundled_note: bool = True) -> Reader:
    """A reader on a database at HEAD_REVISION, creating or upgrading it first where that is safe.

    Notices for the user (created, upgraded, backed up, newer bundled data) are appended to `notices`, never
    printed here.
    """
    reader: Reader | None = None
    if location.exists():
        reader = connect_reader(location)
        try:
            revision = revision_of(reader)
        except DatabaseError:
            reader.close()
            raise
        if revision != HEAD_REVISION:
            reader.close()
            reader = None
    if reader is None:
        bring_to_head(location, notices)
        reader = connect_reader(location)
    note = bundled_data_note(reader) if bundled_note else None
    if note:
        notices.append(note)
    return reader


def stored_revision(location: DatabaseLocation) -> str | None:
    """The database's revision through the read-only reader (None where there is none): creates nothing and
    works where the directory cannot be written."""
    if not location.exists():
        return None
    reader = connect_reader(location)
    try:
        return revision_of(reader)
    finally:
        reader.close()


def bundled_data_note(reader: Reader) -> str | None:
    """A one-line note when the installed chipdb's bundled data is newer than what the database holds.

    Costs one small read and a stat of each bundled file; the files are read and hashed only when their
    stamp differs from the one recorded (a reinstall that kept the contents).
    """
    from chipdb import __version__
    from chipdb.paths import seed_digest, seed_files, seed_stamp

    files = seed_files()
    facts = database_facts(reader)
    if not files or facts.get("bundled_stamp") == seed_stamp(files):
        return None
    seeded_with = facts.get("bundled_version")
    if seeded_with is not None and _version(seeded_with) > _version(__version__):
        return None  # a newer chipdb seeded it: its data is not older than ours
    if facts.get("bundled_sha256") == seed_digest(files):
        return None
    if seeded_with is None:
        why = "the database has no record of loading it"
    else:
        why = (
            f"loaded on {facts.get('bundled_seeded_on', '?')} from chipdb {seeded_with}; "
            "the bundled files have changed since"
        )
    return (
        f"Note: the bundled data is newer than this database ({why}); run `chipdb seed --bundled` to update."
    )


def _version(text: str) -> tuple[int, ...]:
    """A version as numbers: "0.10.2" -> (0, 10, 2), up to a part that is not one ("1.2rc1" -> (1,))."""
    parts: list[int] = []
    for part in text.split("."):
        if not part.isdigit():
            break
        parts.append(int(part))
    return tuple(parts)


def bring_to_head(location: DatabaseLocation, notices: list[str]) -> None:
    """Make the database usable by this code, or raise without touching it."""
    from chipdb.db import migrate

    revision = stored_revision(location)
    migrate.check_known(location, revision)
    if revision is None:
        if _has_foreign_tables(location):
            raise SchemaMismatchError(
                f"{location.display()} holds tables but none of chipdb's; point --db at a new file or database"
            )
        summary = _create_and_seed(location)
        notices.append(
            f"Created a chipdb database at {location.display()} and loaded the bundled data ({summary})."
        )
        return
    if revision == migrate.head_revision():
        return
    if location.sqlite_path is None:
        raise SchemaMismatchError(
            f"{location.display()} is at schema revision {revision}, behind this chipdb's "
            f"{migrate.head_revision()}; run `chipdb db upgrade` to upgrade it"
        )
    backup = backup_sqlite(location.sqlite_path, revision)
    migrate.upgrade(location)
    notices.append(
        f"Upgraded {location.display()} from schema revision {revision} to {migrate.head_revision()} "
        f"(backup: {backup})."
    )


def _create_and_seed(location: DatabaseLocation) -> str:
    """Schema and bundled data in one transaction: a first use that fails leaves no half-made database."""
    from sqlalchemy.exc import SQLAlchemyError

    from chipdb.catalog.apply import record_bundled
    from chipdb.catalog.loader import build
    from chipdb.catalog.writer import write
    from chipdb.db import migrate
    from chipdb.db.engine import make_engine
    from chipdb.errors import first_line
    from chipdb.paths import seed_files

    files = seed_files()
    seed = build(files)
    engine = make_engine(location)
    try:
        with engine.begin() as connection:
            migrate.upgrade_in(connection, location)
            report = write(connection, seed)
            report.files = len(files)
            record_bundled(connection, files)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot create {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()
    return report.summary()


def dry_run_seed(location: DatabaseLocation, paths: list[Path] | None) -> "SeedReport":
    """Validate against the database as it is, writing nothing; without a usable one, against a scratch copy."""
    import tempfile

    from chipdb.catalog.apply import seed_paths
    from chipdb.config import resolve

    if stored_revision(location) == HEAD_REVISION:
        return seed_paths(location, paths, dry_run=True)
    with tempfile.TemporaryDirectory(prefix="chipdb-check-") as scratch:
        temporary = resolve(str(Path(scratch) / "check.sqlite3"))
        bring_to_head(temporary, [])
        return seed_paths(temporary, paths, dry_run=True)


def _has_foreign_tables(location: DatabaseLocation) -> bool:
    from sqlalchemy import inspect

    from chipdb.db.engine import make_engine

    if not location.exists():
        return False
    engine = make_engine(location)
    try:
        # `db downgrade base` leaves Alembic's own (empty) version table: that is still chipdb's database
        return bool(set(inspect(engine).get_table_names()) - {"alembic_version"})
    finally:
        engine.dispose()


def empty_catalog_note(location: DatabaseLocation) -> str | None:
    """After `db upgrade`: a schema without a single chip gets a word on how to fill it."""
    reader = connect_reader(location)
    try:
        rows = reader.rows("SELECT 1 FROM chips LIMIT 1")
    except DatabaseError:
        return None  # no chips table at this revision
    finally:
        reader.close()
    if rows:
        return None
    return "Note: the database holds no chips yet; run `chipdb seed --bundled` to load the bundled data."


#: How many backups of one revision may pile up beside a database before chipdb asks for some to be removed.
MAX_BACKUPS = 100


def backup_sqlite(source: Path, revision: str) -> Path:
    """A consistent copy of `source` at a name nothing held before: `NAME.REV.bak`, else `NAME.REV.1.bak`, ...

    The name is claimed with O_CREAT|O_EXCL (which also refuses a symbolic link, dangling or not, and a
    directory), the copy made in a private temporary file beside it, then renamed over the claim: it never
    writes through a link nor over an earlier backup. Any failure (a full disk, permissions) is one
    DatabaseError, nothing left behind, the database untouched.
    """
    import os
    import sqlite3
    import tempfile
    from contextlib import suppress

    target = _claim(source, revision)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{source.name}.", suffix=".tmp", dir=source.parent)
        os.close(handle)
        copy_sqlite(source, Path(temporary))
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        for leftover in (temporary, target):
            with suppress(OSError):
                if leftover is not None:
                    Path(leftover).unlink(missing_ok=True)
        why = getattr(exc, "strerror", None) or exc
        raise DatabaseError(f"cannot back up {source} to {target} before upgrading it: {why}") from None
    return target


def _claim(source: Path, revision: str) -> Path:
    import os

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for count in range(MAX_BACKUPS):
        target = source.with_name(
            f"{source.name}.{revision}.{count}.bak" if count else f"{source.name}.{revision}.bak"
        )
        try:
            os.close(os.open(target, flags, 0o600))
        except FileExistsError:
            continue
        except OSError as exc:
            raise DatabaseError(
                f"cannot back up {source} to {target} before upgrading it: {exc.strerror}"
            ) from None
        return target
    raise DatabaseError(
        f"cannot back up {source}: {MAX_BACKUPS} backups of revision {revision} are already beside it; "
        "remove some and run the command again"
    )


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a plain file copy could miss the WAL)."""
    import sqlite3
    from contextlib import closing
    from urllib.parse import quote

    with (
        closing(sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
