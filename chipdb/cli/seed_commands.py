"""`chipdb seed`: validate seed files, then write them in one transaction."""

from pathlib import Path
from typing import Annotated

import typer

from chipdb.cli.common import location


def seed(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Seed files or directories (default: the bundled data).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")] = False,
) -> None:
    """Load seed YAML: all files are validated first, then written at once, or nothing is.

    Re-running the same files changes nothing. Example: chipdb seed my-new-chip.yaml
    """
    from chipdb.bootstrap import bring_to_head
    from chipdb.paths import seed_files
    from chipdb.seeding import dry_run_seed, seed_paths

    files: list[Path] | None = None
    if paths:
        files = []
        for path in paths:
            files.extend(seed_files(path) if path.is_dir() else [path])
    loc = location(ctx)
    if dry_run:
        report = dry_run_seed(loc, files)
        typer.echo("Valid: " + report.summary(), err=True)
        return
    notices: list[str] = []
    bring_to_head(loc, notices)
    for notice in notices:
        typer.echo(notice, err=True)
    report = seed_paths(loc, files)
    typer.echo("Seeded: " + report.summary(), err=True)


def register(app: typer.Typer) -> None:
    app.command("seed")(seed)
