"""`chipdb plot map|compare`: charts for reports (needs the plot extra: matplotlib)."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from chipdb.cli.common import (
    AsOfOption,
    ChipsArgument,
    DestinationOption,
    complete_chip,
    destination_code,
    reader,
)
from chipdb.domain.vocab import DEFAULT_DESTINATION
from chipdb.errors import InputError

app = typer.Typer(help="Charts: the 2023 control map and comparison bars (needs: pip install '.[plot]').",
                  no_args_is_help=True)  # fmt: skip
OutOption = Annotated[Path, typer.Option("--out", "-o", help="The file to write: .png or .svg.")]


@app.command("map")
def plot_map(
    ctx: typer.Context,
    out: OutOption,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    highlight: Annotated[
        list[str] | None,
        typer.Option("--highlight", help="Chips to emphasise and always name.", autocompletion=complete_chip),
    ] = None,
) -> None:
    """TPP against performance density with the 3A090 regions; points coloured by the licence determination.

    \b
    Examples:
      chipdb plot map --out map.png
      chipdb plot map --as-of 2023-06-01 --highlight H800 --highlight A800 --out map-2023.svg
    """
    from chipdb.db import queries
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import plots

    date, code = parse_as_of(as_of), destination_code(destination)
    writable(out)
    with reader(ctx) as r:  # the chips are read a chunk at a time as they are placed: only points are kept
        wanted = [queries.resolve(r, n) for n in highlight or []]
        marked = {chip.name for chip in queries.chips(r, wanted, details=False, events=False)}
        chips = queries.chips_in_chunks(r, queries.chip_ids(r), details=False)
        with writing(out):
            result = plots.control_map(chips, out, date, code, marked, queries.policy(r))
    for name, why in result.unplaced.items():
        typer.echo(f"Warning: {name} cannot be placed: {why}", err=True)
    typer.echo(f"Wrote {out}: {result.plotted} chips plotted, {result.named} points named; "
               f"{len(result.without_area)} without a die area, {len(result.without_tpp)} without dense throughput "
               f"and {len(result.unreleased)} released after {date.isoformat()} are listed in the caption.",
               err=True)  # fmt: skip


@app.command("compare")
def plot_compare(ctx: typer.Context, names: ChipsArgument, out: OutOption) -> None:
    """Key specs of up to 10 chips: a panel per spec, a bar per chip, values printed on the bars.

    Example: chipdb plot compare H800 910B H20 --out bars.svg
    """
    from chipdb.db import queries
    from chipdb.report import compare_chart

    writable(out)
    with reader(ctx) as r:
        chips = queries.chips(r, [queries.resolve(r, n) for n in names], details=False)
    with writing(out):
        compare_chart.compare_bars(chips, out)
    typer.echo(f"Wrote {out}.", err=True)


def writable(out: Path) -> None:
    """Refuse an --out that can only fail, before the database is read: a directory, a link to nothing."""
    if out.is_dir():
        raise InputError(f"--out {out}: is a directory; give a .png or .svg file name")
    if out.is_symlink() and not out.exists():
        raise InputError(f"--out {out}: is a symbolic link to nothing ({os.readlink(out)})")


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """The file system's refusal (no such directory, /proc, permissions, a full disk) as one Error line."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write it: {exc.strerror or exc}") from None
