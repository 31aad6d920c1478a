"""`chipdb seed`: validate seed files, then write them in one transaction."""

from pathlib import Path
from typing import Annotated

import typer

from chipdb.cli.common import FormatOption, emit, location
from chipdb.report.formats import TABLE


def seed(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Seed files or directories (default: the bundled data).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check the files alone (no database): sources, siblings, TPP, plausibility, Epoch.",
        ),
    ] = False,
) -> None:
    """Load seed YAML: all files are validated first, then written at once, or nothing is.

    Re-running the same files changes nothing. Example: chipdb seed my-new-chip.yaml
    """
    from chipdb.catalog.apply import dry_run_seed, seed_paths
    from chipdb.db.reader import open_current
    from chipdb.paths import seed_files

    files: list[Path] | None = None
    if paths:
        files = []
        for path in paths:
            files.extend(seed_files(path) if path.is_dir() else [path])
    if check:
        check_files(files)
        return
    loc = location(ctx)
    if dry_run:
        report = dry_run_seed(loc, files)
        typer.echo("Valid: " + report.summary(), err=True)
        return
    notices: list[str] = []
    open_current(loc, notices).close()  # creates or upgrades only when needed (one-row check otherwise)
    for notice in notices:
        typer.echo(notice, err=True)
    report = seed_paths(loc, files)
    typer.echo("Seeded: " + report.summary(), err=True)


def check_files(files: list[Path] | None) -> None:
    """Print each problem on its own line; fail when there is any."""
    from chipdb.catalog import checks as catalog_checks
    from chipdb.catalog import crosscheck
    from chipdb.catalog.loader import build
    from chipdb.errors import SeedError
    from chipdb.paths import seed_files

    paths = files if files is not None else seed_files()
    seed = build(paths)
    problems = [str(p) for p in catalog_checks.check(seed)]
    differences = crosscheck.compare(seed.chips, crosscheck.load_epoch(), crosscheck.load_names())
    problems += [
        f"{d.chip}: differs from Epoch ({d.epoch_name}) by more than 5 % on {d.field}: "
        f"{d.chipdb:g} vs {d.epoch:g}, and the notes do not explain it"
        for d in differences
        if not d.explained
    ]
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise SeedError(f"seed check failed: {len(problems)} problems in {len(paths)} files")
    typer.echo(
        f"Checked {len(paths)} files: {len(seed.chips)} chips, {len(seed.sources)} sources, {len(seed.events)} events; "
        f"{len(differences)} differences from Epoch above 5 %, all explained in notes.",
        err=True,
    )


def crosscheck(fmt: FormatOption = TABLE) -> None:
    """Compare the bundled catalog with Epoch AI's ML hardware table (CC BY 4.0): differences above 5 %."""
    from chipdb.catalog import crosscheck as xc
    from chipdb.catalog.loader import build
    from chipdb.paths import seed_files
    from chipdb.report.document import Document, Table

    seed = build(seed_files())
    differences = xc.compare(seed.chips, xc.load_epoch(), xc.load_names())
    rows = [[d.chip, d.epoch_name, d.field, f"{d.chipdb:g}", f"{d.epoch:g}", f"{d.ratio:.2f}",
             "yes" if d.explained else "NO"] for d in differences]  # fmt: skip
    headers = ["Chip", "Epoch row", "Field", "chipdb", "Epoch", "Ratio", "Explained in notes"]
    data = [{"chip": d.chip, "epoch_name": d.epoch_name, "field": d.field, "chipdb": d.chipdb, "epoch": d.epoch,
             "explained": d.explained} for d in differences]  # fmt: skip
    emit(Document([Table(headers, rows)], data), fmt)


def register(app: typer.Typer) -> None:
    app.command("seed")(seed)
    app.command("crosscheck")(crosscheck)
