"""`chipdb export`: data out, as seed YAML (valid input to `chipdb seed`), JSON or CSV."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from chipdb.cli.common import OptionalChipsArgument, reader


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    names: OptionalChipsArgument = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="yaml (seed format), json or csv.")
    ] = ExportFormat.yaml,
) -> None:
    """Export chips (default: everything, events included) in the seed format, or as CSV.

    `chipdb export > all.yaml` then `chipdb seed all.yaml` into an empty database reproduces this one.

    \b
    Examples:
      chipdb export > all.yaml
      chipdb export H800 910B -f json
      chipdb export -f csv > chips.csv   (one row per chip, for spreadsheets)
    """
    from chipdb.catalog.export import csv_table, export_document
    from chipdb.report.document import Document, Table
    from chipdb.report.render import write, write_yaml

    with reader(ctx) as r:
        if fmt is ExportFormat.csv:
            write(Document([Table(*csv_table(r, names))], None), "csv", sys.stdout)
            return
        document = export_document(r, names)
    if fmt is ExportFormat.json:
        write(Document([], document), "json", sys.stdout)
    else:
        write_yaml(document, sys.stdout)


def datasette_metadata() -> None:
    """Print Datasette metadata (titles, descriptions, units, licence).

    Example: chipdb datasette-metadata > meta.json && datasette chipdb.sqlite3 -m meta.json
    """
    from chipdb.report.datasette import metadata
    from chipdb.report.document import Document
    from chipdb.report.render import write

    write(Document([], metadata()), "json", sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("datasette-metadata")(datasette_metadata)
