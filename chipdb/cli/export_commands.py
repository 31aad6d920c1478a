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
    """
    from chipdb.catalog import export as exporting
    from chipdb.db import queries
    from chipdb.report.document import Document, Table
    from chipdb.report.render import write, write_yaml

    with reader(ctx) as r:
        ids = [queries.resolve(r, name) for name in names] if names else None
        chips = queries.chips(r, ids) if ids is not None else queries.chips(r)
        if fmt is ExportFormat.csv:
            table = Table(list(exporting.CSV_COLUMNS), exporting.csv_rows(chips))
            write(Document([table], None), "csv", sys.stdout)
            return
        keys = sorted(set().union(*(c.source_keys() for c in chips)) if chips else set())
        events = queries.events(r) if ids is None else None
        if events is not None:
            keys = sorted(set(keys) | {e.source for e in events})
        if ids is not None:  # a chip's own events are not exported alone: their other chips may be missing
            keys = sorted(set().union(*(c.value_source_keys() for c in chips)))
        document = exporting.seed_document(chips, queries.sources(r, keys), queries.vendors(r), events)
    if ids is not None:
        used = {c.vendor for c in chips}
        document["vendors"] = [v for v in document["vendors"] if v["name"] in used]
    if fmt is ExportFormat.json:
        write(Document([], document), "json", sys.stdout)
    else:
        write_yaml(document, sys.stdout)


def datasette_metadata() -> None:
    """Print Datasette metadata (titles, descriptions, units, licence): datasette DB.sqlite3 -m FILE."""
    from chipdb.report.datasette import metadata
    from chipdb.report.document import Document
    from chipdb.report.render import write

    write(Document([], metadata()), "json", sys.stdout)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("datasette-metadata")(datasette_metadata)
