"""`chipdb seed`: validate seed files, then write them in one transaction."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chipdb.cli.common import FormatOption, emit, location
from chipdb.report.formats import TABLE

if TYPE_CHECKING:
    from chipdb.catalog.writer import SeedReport


def seed(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Seed files or directories (none: the bundled data, as --bundled)."),
    ] = None,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled", help="Bring the database up to the data bundled with this chipdb (the default)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Validate and print what would change (chip: field: old -> new); write nothing."
        ),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check the files alone (no database): sources, siblings, TPP, plausibility, Epoch.",
        ),
    ] = False,
) -> None:
    """Load seed YAML: all files are validated first, then written at once, or nothing is.

    Every problem in the files is reported in one run, as file:line: message. Re-running the same files
    changes nothing. An alias dropped from a file is removed from the database, with a warning; chips are
    never deleted. Examples: chipdb seed my-new-chip.yaml; chipdb seed --bundled
    """
    from chipdb.bootstrap import dry_run_seed, open_current
    from chipdb.catalog.apply import seed_paths
    from chipdb.errors import InputError
    from chipdb.paths import seed_files

    if bundled and paths:
        raise InputError("--bundled loads the data bundled with chipdb; give either --bundled or paths")
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
        for change in report.changes:
            typer.echo(change)
        warn_removed(report)
        typer.echo("Valid: " + report.summary(), err=True)
        return
    notices: list[str] = []
    open_current(loc, notices, bundled_note=False).close()  # creates or upgrades only when needed
    for notice in notices:
        typer.echo(notice, err=True)
    report = seed_paths(loc, files)
    warn_removed(report)
    typer.echo("Seeded: " + report.summary(), err=True)


def warn_removed(report: "SeedReport") -> None:
    """One `Warning:` line on stderr per alias the seed removes (or would): names users may still type."""
    verb = "would be" if report.dry_run else "was"
    for chip, alias, origin in report.removed_aliases:
        typer.echo(f"Warning: {chip}: alias {alias!r} {verb} removed (it is no longer in {origin})", err=True)


def check_files(files: list[Path] | None) -> None:
    """Fail with every problem found (printed one a line before the `Error:` line), or print the summary."""
    from chipdb.catalog.checks import check_files
    from chipdb.errors import SeedError
    from chipdb.paths import seed_files

    result = check_files(files if files is not None else seed_files())
    if result.problems:
        raise SeedError(
            f"seed check failed: {len(result.problems)} problems in {result.files} files",
            details=result.problems,
        )
    typer.echo(result.summary(), err=True)


def crosscheck(fmt: FormatOption = TABLE) -> None:
    """Compare the bundled catalog with Epoch AI's ML hardware table (CC BY 4.0): differences above 5 %,
    each with the note that explains it.

    \b
    Examples:
      chipdb crosscheck
      chipdb crosscheck -f csv > differences.csv
    """
    from chipdb.catalog.checks import check_files
    from chipdb.paths import seed_files
    from chipdb.report.catalog_tables import crosscheck_document

    emit(crosscheck_document(check_files(seed_files()).differences), fmt)


def register(app: typer.Typer) -> None:
    app.command("seed")(seed)
    app.command("crosscheck")(crosscheck)
