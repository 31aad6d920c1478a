"""Read commands: compare, list, show."""

from typing import Annotated

import typer

from chipdb.cli.common import (
    AsOfOption,
    ChipArgument,
    ChipsArgument,
    DestinationOption,
    FormatOption,
    destination_code,
    emit,
    reader,
)
from chipdb.domain.vocab import DEFAULT_DESTINATION, MARKETS
from chipdb.report.formats import JSON, TABLE


def compare(
    ctx: typer.Context,
    names: ChipsArgument,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    fmt: FormatOption = TABLE,
) -> None:
    """Compare chips side by side: specs, dense and sparse throughput, TPP, status.

    Example: chipdb compare H800 910B
    """
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import questions

    date, code = parse_as_of(as_of), destination_code(destination)
    with reader(ctx) as r:
        document = questions.compare(r, names, code, date)
    emit(document, fmt)


def list_chips(
    ctx: typer.Context,
    restricted: Annotated[
        bool,
        typer.Option(
            "--restricted", help="Only chips that need a licence (or that guidance names, or undecided)."
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only restrictions that began on or after this date (implies --restricted)."
        ),
    ] = None,
    vendor: Annotated[
        list[str] | None, typer.Option("--vendor", help="Only these vendors (repeatable, any case).")
    ] = None,
    market: Annotated[
        list[str] | None,
        typer.Option("--market", help=f"Only these markets (repeatable): {', '.join(MARKETS)}."),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            "-w",
            metavar="'FIELD OP VALUE'",
            help="Keep rows that match (repeatable, all must hold). OP: = != < <= > >=, ~ (text contains).",
        ),
    ] = None,
    sort: Annotated[str | None, typer.Option("--sort", metavar="FIELD", help="Sort by this field.")] = None,
    desc: Annotated[bool, typer.Option("--desc", help="Sort in descending order.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="At most this many rows.")] = None,
    columns: Annotated[
        str | None, typer.Option("--columns", "-c", metavar="a,b,c", help="The fields to show, in order.")
    ] = None,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Names only, one a line, for scripts.")
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """List chips with key specs and their licence status for a destination on a date.

    Fields (for --sort, --where, --columns; the CSV header and the JSON names): name, vendor, market,
    release_date, memory_capacity_gb, memory_bandwidth_gbs, interconnect_bandwidth_gbs, tdp_w, die_area_mm2,
    dense_16bit_tflops, dense_8bit_tops, tpp, performance_density, restricted, licence_required, since, status,
    computed, destination, as_of. Chips released after --as-of are left out.

    \b
    Examples:
      chipdb list --vendor nvidia --vendor amd --sort tpp --desc --limit 10
      chipdb list --where "memory_capacity_gb >= 80" --where "status ~ licence" -f csv
      chipdb list --restricted --since 2023-06-01 --as-of 2024-01-01
    """
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import list_query
    from chipdb.report.document import Document

    q = list_query.ListQuery(
        destination=destination_code(destination),
        as_of=parse_as_of(as_of),
        vendors=tuple(vendor or ()),
        markets=tuple(market or ()),
        where=tuple(where or ()),
        sort=sort,
        desc=desc,
        limit=limit,
        restricted=restricted,
        since=parse_as_of(since, option="--since") if since is not None else None,
        columns=columns,
    )
    with reader(ctx) as r:
        if fmt is JSON and not quiet:  # the chips' ids only, then their objects a chunk at a time
            ids, footer = list_query.answer_ids(r, q)
            emit(Document([], list_query.objects(r, ids, q), notes=footer), fmt)
            return
        found = list_query.answer(r, q)
    if quiet:
        from chipdb.report.render import printable

        typer.echo("\n".join(printable(row[0]) for row in found.rows))  # the name, one line whatever it holds
        return
    emit(list_query.table_document(found, q, data=fmt.value in ("csv", "tsv")), fmt)


def show(
    ctx: typer.Context,
    name: ChipArgument,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    fmt: FormatOption = TABLE,
) -> None:
    """Every field of one chip with value, unit, source and note; notes, other sources' values, the
    classification under each rule, the licence determination, events and sources.

    \b
    Examples:
      chipdb show 910B
      chipdb show H20 -d SA --as-of 2024-06-01
      chipdb show H800 -f csv      (one row per value, with its source)
    """
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import questions

    date, code = parse_as_of(as_of), destination_code(destination)
    with reader(ctx) as r:
        document = questions.show(r, name, code, date)
    emit(document, fmt)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
    app.command("list")(list_chips)
    app.command("show")(show)
