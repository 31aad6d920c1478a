"""`chipdb seed`: validate seed files, then write them in one transaction."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from chipdb.cli.common import FormatOption, emit, location
from chipdb.report.formats import TABLE
from chipdb.report.render import printable

if TYPE_CHECKING:
    from chipdb.catalog.writer import SeedReport


def _seed_path(value: str) -> Path:
    """A path argument. Not typer's Path type: it turns "" into Path(".") (so `seed ""` seeded the working
    directory) and its readability check is a usage error, exit 2; the loader's own is one Error line, exit 1.
    """
    if not value.strip():
        from chipdb.errors import InputError

        raise InputError("an empty path: name a seed file or a directory")
    return Path(value)


def _complete_paths(incomplete: str) -> list[str]:
    """Shell completion of files and directories, as typer's Path type would offer."""
    import glob

    return sorted(glob.glob(glob.escape(incomplete) + "*"))[:200]


def seed(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Seed files or directories (none: the bundled data, as --bundled).",
            parser=_seed_path,
            autocompletion=_complete_paths,
        ),
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

    if bundled and paths:
        raise InputError("--bundled loads the data bundled with chipdb; give either --bundled or paths")
    files = _expand(paths) if paths else None
    if check:
        check_files(files)
        return
    loc = location(ctx)
    if dry_run:
        report = dry_run_seed(loc, files)
        for change in report.changes:
            typer.echo(printable(change))
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


def _expand(paths: list[Path]) -> list[Path]:
    """The files named, and the seed files (*.yaml) in each directory named; an empty path or a directory
    without seed files is an error (`seed ""` used to seed the working directory, `--check` to pass on none)."""
    import os

    from chipdb.errors import SeedError
    from chipdb.paths import seed_files

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            try:
                os.listdir(path)
            except OSError as exc:
                raise SeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
            found = seed_files(path)
            if not found:
                raise SeedError(f"{path}: no seed files (*.yaml) in this directory")
            files.extend(found)
        else:
            files.append(path)
    return files


def warn_removed(report: "SeedReport") -> None:
    """One `Warning:` line on stderr per alias the seed removes (or would): names users may still type."""
    verb = "would be" if report.dry_run else "was"
    for chip, alias, origin in report.removed_aliases:
        line = f"Warning: {chip}: alias {alias!r} {verb} removed (it is no longer in {origin})"
        typer.echo(printable(line), err=True)


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
