"""`chipdb seed`: build a SeedSet from files, then write it in one transaction (or not at all)."""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from chipdb import __version__
from chipdb.catalog.loader import build
from chipdb.catalog.problems import Problems
from chipdb.catalog.writer import SeedReport, write
from chipdb.config import DatabaseLocation
from chipdb.db import models as m
from chipdb.db.engine import make_engine
from chipdb.errors import DatabaseError, SeedError, first_line
from chipdb.paths import seed_digest, seed_files, seed_stamp


def seed_paths(location: DatabaseLocation, paths: Iterable[Path] | None, dry_run: bool = False) -> SeedReport:
    """Load seed files (default: the bundled set, recorded as loaded) into the database; all or nothing.

    Every problem is reported at once: the files' own, then what only the database can tell (unknown vendors,
    sources and chips), in one SeedError raised before anything is written.
    """
    files = list(paths) if paths is not None else seed_files()
    if not files:
        raise SeedError("no seed files given")
    problems = Problems()
    seed = build(files, problems)
    engine = make_engine(location)
    try:
        with engine.begin() as connection:
            report = write(connection, seed, problems)
            report.files = len(files)
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


__all__ = ["SeedReport", "record_bundled", "seed_paths", "write"]
