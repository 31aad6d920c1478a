"""Shared test helpers: run the CLI as a user does, and dump a database to compare before and after."""

from typing import Any

from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from chipdb.cli.app import app
from chipdb.config import DatabaseLocation


def run(*args: str) -> Any:
    """Run chipdb in-process as a user would (CliRunner; stdout and stderr kept apart)."""
    return CliRunner().invoke(app, list(args))


def dump(location: DatabaseLocation) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean equal databases, on any backend."""
    engine = create_engine(location.url, poolclass=NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for name, table in sorted(metadata.tables.items())
            }
    finally:
        engine.dispose()
