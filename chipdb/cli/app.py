"""The Typer application: global options and the command registry."""

from typing import Annotated

import typer

from chipdb import __version__
from chipdb.cli import (
    db_commands,
    export_commands,
    plot_commands,
    read_commands,
    rule_commands,
    seed_commands,
    serve_command,
)
from chipdb.cli.common import ChipdbGroup

app = typer.Typer(
    cls=ChipdbGroup,
    help="AI-accelerator specifications and export-control status, every number sourced.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chipdb {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="CHIPDB_DATABASE_URL",
            show_envvar=True,
            help="SQLAlchemy URL or SQLite file path (default: the user data directory).",
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help='Never page long output (also accepted after the command; or PAGER="").'
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """chipdb: compare, list, classify and seed AI accelerators."""
    from chipdb.cli.common import PAGER
    from chipdb.config import resolve

    PAGER["off"] = PAGER["off"] or no_pager
    ctx.obj = resolve(db)


read_commands.register(app)
rule_commands.register(app)
seed_commands.register(app)
export_commands.register(app)
serve_command.register(app)
app.add_typer(db_commands.app, name="db")
app.add_typer(plot_commands.app, name="plot")
