"""`chipdb seed`: read seed files one at a time and write them in one transaction (or not at all)."""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from chipdb import __version__
from chipdb.catalog.loader import Seen, batches
from chipdb.catalog.problems import Problems
from chipdb.catalog.writer import SeedReport, SeedWriter, write
from chipdb.config import DatabaseLocation
from chipdb.db import models as m
from chipdb.db.engine import make_engine
from chipdb.errors import DatabaseError, SeedError, first_line
from chipdb.paths import seed_digest, seed_files, seed_stamp


def seed_paths(location: DatabaseLocation, paths: Iterable[Path] | None, dry_run: bool = False) -> SeedReport:
    """Load seed files (default: the bundled set, recorded as loaded) into the database; all or nothing.

    Every problem is reported at once: the files' own, then what only the database can tell (unknown vendors,
    sources and chips), in one SeedError raised before the transaction commits, which is then rolled back.
    """
    files = list(paths) if paths is not None else seed_files()
    if not files:
        raise SeedError("no seed files given")
    engine = make_engine(location)
    try:
        with engine.begin() as connection:
            report = write_files(connection, files, Problems(), keep_changes=dry_run)
            report.dry_run = dry_run
            if paths is None:
                record_bundled(connection, files)
            if dry_run:
                connection.rollback()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot write {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()
    return report


def write_files(
    connection: Connection, files: list[Path], problems: Problems, keep_changes: bool = True
) -> SeedReport:
    """Read the files one at a time, writing each inside the caller's transaction (see catalog/writer.py):
    memory holds one file's records and the keys of the others, however many files there are."""
    seen = Seen()
    writer = SeedWriter(connection, problems, keep_changes)
    for batch in batches(files, problems, seen):
        writer.add(batch)
        del batch
    report = writer.finish(seen.names)
    report.files = len(files)
    return report


def record_bundled(connection: Connection, files: list[Path]) -> None:
    """Record which bundled data the database now holds (read commands compare it with what is installed).

    Written only when it differs, so re-seeding unchanged data changes no row.
    """
    facts = dict(connection.execute(select(m.Meta.key, m.Meta.value)).all())
    stamp, digest = seed_stamp(files), seed_digest(files)
    if facts.get("bundled_stamp") == stamp and facts.get("bundled_version") == __version__:
        return
    values = {
        "bundled_stamp": stamp,
        "bundled_sha256": digest,
        "bundled_version": __version__,
        "bundled_seeded_on": dt.datetime.now(dt.UTC).date().isoformat(),
    }
    if facts.get("bundled_sha256") == digest and facts.get("bundled_version") == __version__:
        values["bundled_seeded_on"] = facts.get("bundled_seeded_on", values["bundled_seeded_on"])
    connection.execute(delete(m.Meta).where(m.Meta.key.in_(list(values))))
    connection.execute(insert(m.Meta), [{"key": k, "value": v} for k, v in values.items()])


__all__ = ["SeedReport", "record_bundled", "seed_paths", "write", "write_files"]
