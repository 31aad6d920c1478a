"""Options and helpers shared by the commands: one --format alias, the reader, output and notices."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from chipdb.bootstrap import open_current
from chipdb.config import DatabaseLocation
from chipdb.db.reader import Reader
from chipdb.errors import ChipdbError
from chipdb.report.document import Document
from chipdb.report.formats import OutputFormat
from chipdb.report.render import write


class ChipdbGroup(TyperGroup):
    """A ChipdbError becomes its detail lines, then `Error: ...`, on stderr, and exit code 1; only here."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ChipdbError as exc:
            for detail in exc.details:  # every problem of the run, one a line, before the summary
                typer.echo(detail.replace("\n", "\\n"), err=True)
            typer.echo("Error: " + str(exc).replace("\n", "\\n"), err=True)  # always one line
            raise typer.Exit(1) from None


def complete_chip(ctx: typer.Context, incomplete: str) -> list[str]:
    from chipdb import config
    from chipdb.db import queries
    from chipdb.db.reader import connect_reader

    db = ctx.find_root().params.get("db") if ctx is not None else None
    location = config.resolve(db)
    if not location.exists():
        return []
    try:
        reader = connect_reader(location)
        try:
            return queries.completions(reader, incomplete)
        finally:
            reader.close()
    except ChipdbError:
        return []


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json, or any tabulate format (github, grid, pipe, ...).",
        case_sensitive=False,
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD); default today.")
]
DestinationOption = Annotated[
    str, typer.Option("--destination", "-d", help="Destination country: ISO code (CN, SA, VN) or name.")
]
ChipArgument = Annotated[str, typer.Argument(help="Chip name or alias.", autocompletion=complete_chip)]
OptionalChipsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Chip names or aliases (default: all).", autocompletion=complete_chip, show_default=False
    ),
]
ChipsArgument = Annotated[
    list[str], typer.Argument(help="Chip names or aliases.", autocompletion=complete_chip)
]


def location(ctx: typer.Context) -> DatabaseLocation:
    return ctx.find_root().obj  # set by the app callback


@contextmanager
def reader(ctx: typer.Context) -> Iterator[Reader]:
    """A reader on an up-to-date database; creation and upgrade notices go to stderr."""
    notices: list[str] = []
    try:
        opened = open_current(location(ctx), notices)
    finally:
        for notice in notices:
            typer.echo(notice, err=True)
    try:
        yield opened
    finally:
        opened.close()


def emit(document: Document, fmt: OutputFormat) -> None:
    write(document, fmt.value, sys.stdout)
    for note in document.notes:
        typer.echo(note, err=True)


def destination_code(value: str, option: str = "--destination") -> str:
    """An ISO 3166 alpha-2 code from a code or a country name; one `Error:` line with suggestions otherwise."""
    from chipdb.domain.countries import country_code

    return country_code(value, option)
