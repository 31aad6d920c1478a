"""Shared test helpers: run the CLI as a user does, and dump a database to compare before and after."""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from chipdb.cli.app import app
from chipdb.config import DatabaseLocation


def run(*args: str) -> Any:
    """Run chipdb in-process as a user would (CliRunner; stdout and stderr kept apart)."""
    return CliRunner().invoke(app, list(args))


RENUMBERED = {"aliases", "alternatives"}


def dump(location: DatabaseLocation, surrogate_ids: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean equal databases, on any backend.

    `surrogate_ids=False` leaves out the `id` of child rows that a rewrite renumbers (aliases, alternatives).
    """
    engine = create_engine(location.url, poolclass=NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            out = {}
            for name, table in sorted(metadata.tables.items()):
                columns = [
                    c for c in table.columns if surrogate_ids or not (c.name == "id" and name in RENUMBERED)
                ]
                rows = connection.execute(select(*columns))
                out[name] = sorted((tuple(row) for row in rows), key=repr)
            return out
    finally:
        engine.dispose()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than `seconds`."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
