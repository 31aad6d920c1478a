"""`chipdb serve`: the read-only web site and JSON API (chipdb.web, the `web` extra).

The web package, and FastAPI with it, is imported only when this command runs: the read commands stay light.
"""

from typing import Annotated

import typer

from chipdb.cli.common import location

#: What to run when the web extra is missing; the README gives the same command.
INSTALL_HINT = "pip install '.[web]'"
WEB_MODULES = ("fastapi", "jinja2", "uvicorn")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Worker processes (each with its own readers).")
    ] = 1,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy URL or SQLite file path (as the global --db; this one wins)."),
    ] = None,
) -> None:
    """Serve the catalog as a read-only web site and JSON API (needs: pip install '.[web]').

    Pages: / (the catalog), /chips/NAME, /compare, /assess, /timeline, /rules, /map; the API under /api
    (the same JSON as --format json), described at /docs and /openapi.json. The database is opened read-only.

    \b
    Examples:
      chipdb serve
      chipdb serve --port 8080 --workers 2 --db postgresql+psycopg://chipdb@localhost/chipdb
    """
    import importlib.util

    from chipdb.errors import InputError

    missing = [name for name in WEB_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise InputError(f"chipdb serve needs {', '.join(missing)} (the web extra): {INSTALL_HINT}")
    from chipdb.bootstrap import open_current
    from chipdb.config import resolve

    where = resolve(db) if db else location(ctx)
    notices: list[str] = []
    try:
        open_current(where, notices).close()  # create or upgrade now, once, not in each worker
    finally:
        for notice in notices:
            typer.echo(notice, err=True)
    from chipdb.web.server import serve as run

    run(where, host, port, workers)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
