"""`chipdb seed`: build a SeedSet from files, then write it in one transaction (or not at all)."""

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from chipdb.catalog.loader import build
from chipdb.catalog.problems import Problems
from chipdb.catalog.writer import SeedReport, write
from chipdb.config import DatabaseLocation
from chipdb.db.engine import make_engine
from chipdb.errors import DatabaseError, SeedError, first_line
from chipdb.paths import seed_files


def seed_paths(location: DatabaseLocation, paths: Iterable[Path] | None, dry_run: bool = False) -> SeedReport:
    """Load seed files (default: the bundled set) into the database; all or nothing.

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
            if dry_run:
                connection.rollback()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot write {location.display()}: {first_line(exc)}") from None
    finally:
        engine.dispose()
    return report


__all__ = ["SeedReport", "seed_paths", "write"]
