"""`chipdb db ...`: the schema's migrations, wrapped."""

from typing import Annotated

import typer

from chipdb.cli.common import location
from chipdb.config import DatabaseLocation

app = typer.Typer(
    help="The database: where it is; its schema (upgrade, downgrade, current revision, history).",
    no_args_is_help=True,
)


@app.command()
def path(ctx: typer.Context) -> None:
    """Print where the database is: the SQLite file, or the URL with any password hidden.

    Example: chipdb db path; chipdb --db postgresql+psycopg://me@db.example/chipdb db path
    """
    where = location(ctx)
    typer.echo(where.display())
    if not where.exists():
        typer.echo("(no database there yet: the first command creates it)", err=True)


@app.command()
def upgrade(
    ctx: typer.Context, revision: Annotated[str, typer.Argument(help="Target revision.")] = "head"
) -> None:
    """Upgrade the schema (default: to the newest revision).

    Example: chipdb --db postgresql+psycopg://me@db.example/chipdb db upgrade
    """
    from chipdb.bootstrap import empty_catalog_note
    from chipdb.db import migrate

    where = location(ctx)
    migrate.upgrade(where, revision)
    _say_revision(where)
    note = empty_catalog_note(where)
    if note:
        typer.echo(note, err=True)


@app.command()
def downgrade(
    ctx: typer.Context, revision: Annotated[str, typer.Argument(help="Target revision, or base.")]
) -> None:
    """Downgrade the schema to REVISION (data in dropped columns is lost).

    Example: chipdb db downgrade 0003
    """
    from chipdb.db import migrate

    migrate.downgrade(location(ctx), revision)
    if _say_revision(location(ctx)) is None:
        typer.echo(
            "(no chipdb tables left: the next command creates them and loads the bundled data)", err=True
        )


def _say_revision(where: DatabaseLocation) -> str | None:
    from chipdb.bootstrap import stored_revision

    revision = stored_revision(where)
    typer.echo(f"{where.display()} is at revision {revision or 'none'}", err=True)
    return revision


@app.command()
def current(ctx: typer.Context) -> None:
    """Print the database's schema revision (none if it has no chipdb tables).

    Example: chipdb db current
    """
    from chipdb.db.reader import connect_reader, revision_of

    where = location(ctx)
    if not where.exists():  # a question: it creates nothing, not even the directories of a mistyped path
        typer.echo("none")
        typer.echo("(no database there yet: the first command creates it)", err=True)
        return
    reader = connect_reader(where)  # read-only: works in a directory chipdb cannot write
    try:
        typer.echo(revision_of(reader) or "none")
    finally:
        reader.close()


@app.command()
def history() -> None:
    """List the schema revisions, oldest first.

    Example: chipdb db history
    """
    from chipdb.db import migrate

    for revision, down, message in migrate.history():
        typer.echo(f"{down or 'base'} -> {revision}: {message.splitlines()[0] if message else ''}")
