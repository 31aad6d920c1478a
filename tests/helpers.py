"""Shared test helpers: run the CLI as a user does, and dump a database to compare before and after."""

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from chipdb.cli.app import app


def run(*args: str) -> "CliResultLike":
    return CliRunner().invoke(app, list(args))


CliResultLike = object


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL text: equal dumps mean equal databases."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())
