"""`chipdb export`: data out, as seed YAML (valid input to `chipdb seed`), JSON or CSV."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

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
    split: Annotated[
        Path | None,
        typer.Option(
            "--split",
            metavar="DIR",
            help="Write numbered files into DIR (made if missing), each small enough to seed; "
            "`chipdb seed DIR` reads them back (yaml; json files: chipdb seed DIR/*.json).",
        ),
    ] = None,
) -> None:
    """Export chips (default: everything, events included) in the seed format, or as CSV.

    `chipdb export > all.yaml` then `chipdb seed all.yaml` into an empty database reproduces this one. A seed
    file may hold at most 8 MiB: export larger catalogs with --split DIR.

    \b
    Examples:
      chipdb export > all.yaml
      chipdb export --split all/ && chipdb seed all/
      chipdb export H800 910B -f json
      chipdb export -f csv > chips.csv   (one row per chip, for spreadsheets)
    """
    from chipdb.catalog.export import csv_rows, export_stream
    from chipdb.catalog.safe_read import MAX_FILE_BYTES
    from chipdb.errors import InputError
    from chipdb.report import stream
    from chipdb.report.document import Document, Table
    from chipdb.report.render import write

    if split is not None:
        if fmt is ExportFormat.csv:
            raise InputError("--split writes seed YAML or JSON files; for CSV, leave out --split")
        if split.exists() and not split.is_dir():
            raise InputError(f"--split {split}: not a directory")
        if split.is_dir() and any(split.glob(f"chipdb-*.{fmt.value}")):
            raise InputError(
                f"--split {split}: already holds chipdb-*.{fmt.value} files; give an empty directory"
            )
    with reader(ctx) as r:
        if fmt is ExportFormat.csv:
            headers, rows = csv_rows(r, names)
            write(Document([Table(headers, cast(list[list[Any]], rows))], None), "csv", sys.stdout)
            return
        document = export_stream(r, names)
        if split is None:
            size = stream.write_document(document, fmt.value, sys.stdout)
        else:
            split.mkdir(parents=True, exist_ok=True)
            files = stream.write_split(document, fmt.value, split, SPLIT_BYTES, "chipdb")
    if split is not None:
        typer.echo(f"Wrote {len(files)} files to {split} (chipdb seed {split}"
                   f"{'' if fmt is ExportFormat.yaml else '/*.json'} reads them back).", err=True)  # fmt: skip
    elif size > MAX_FILE_BYTES:
        typer.echo(
            f"Warning: this export is {size:,} bytes, over the {MAX_FILE_BYTES:,} a seed file may hold; "
            "`chipdb export --split DIR` writes it as files `chipdb seed DIR` reads back.",
            err=True,
        )


#: The most each file `export --split` writes: a quarter of the seed limit, so that seeding one holds less
#: (PyYAML holds every node of a file while reading it: some 50 MiB per MiB of YAML).
SPLIT_BYTES = 2 * 1024 * 1024


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
