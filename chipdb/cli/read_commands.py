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
    from chipdb.db import queries
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import compare as report

    date, code = parse_as_of(as_of), destination_code(destination)
    with reader(ctx) as r:
        ids = [queries.resolve(r, name) for name in names]
        chips = queries.chips(r, ids)
        sources = queries.sources(r, sorted(set().union(*(c.source_keys() for c in chips))))
        policy = queries.policy(r)
    emit(report.compare(chips, code, date, sources, policy), fmt)


def list_chips(
    ctx: typer.Context,
    restricted: Annotated[
        bool, typer.Option("--restricted", help="Only chips under a restriction on the date.")
    ] = False,
    vendor: Annotated[str | None, typer.Option("--vendor", help="Only this vendor.")] = None,
    market: Annotated[
        str | None, typer.Option("--market", help=f"Only this market ({', '.join(MARKETS)}).")
    ] = None,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Names only, one a line, for scripts.")
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """List chips with key specs and their restriction status for a destination on a date."""
    from chipdb.db import queries
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.errors import InputError
    from chipdb.report import listing
    from chipdb.report.document import Document

    if market is not None and market not in MARKETS:
        raise InputError(f"--market: {market!r} is not one of {', '.join(MARKETS)}")
    date = parse_as_of(as_of)
    code = destination_code(destination)
    with reader(ctx) as r:
        summaries = queries.chip_summaries(r, vendor=vendor, market=market)
        policy = queries.policy(r)
        if fmt is JSON and not quiet:
            records = queries.chips_in_chunks(r, [s.id for s in summaries])
            emit(Document([], listing.chip_objects(records, code, date, restricted, policy)), fmt)
            return
        table = listing.chip_list(
            summaries,
            queries.not_applicable_fields(r, listing.NA_FIELDS),
            queries.events_by_chip(r),
            code,
            date,
            restricted,
            policy,
        )
    if quiet:
        typer.echo("\n".join(row[0] for row in table.rows))
        return
    emit(Document([table], (dict(zip(table.headers, row, strict=True)) for row in table.rows)), fmt)


def show(
    ctx: typer.Context,
    name: ChipArgument,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    fmt: FormatOption = TABLE,
) -> None:
    """Every field of one chip with its value, unit and source; alternatives and events too."""
    from chipdb.db import queries
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report.detail import chip_detail
    from chipdb.rules.classification import determine_for

    date, code = parse_as_of(as_of), destination_code(destination)
    with reader(ctx) as r:
        chip = queries.chips(r, [queries.resolve(r, name)])[0]
        sources = queries.sources(r, sorted(chip.source_keys()))
        policy = queries.policy(r)
    emit(chip_detail(chip, determine_for(chip, code, date, policy), sources), fmt)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
    app.command("list")(list_chips)
    app.command("show")(show)
