"""Options and helpers shared by the commands: one --format alias, the reader, output and notices."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from chipdb.bootstrap import open_current
from chipdb.config import DatabaseLocation, redact
from chipdb.config import printable as bytes_shown
from chipdb.db.reader import Reader
from chipdb.errors import ChipdbError, InputError
from chipdb.report.document import Document
from chipdb.report.formats import OutputFormat
from chipdb.report.render import printable, write

#: Set by `--no-pager` (anywhere on the command line) or the app callback.
PAGER = {"off": False}


class ChipdbGroup(TyperGroup):
    """A ChipdbError becomes its detail lines, then `Error: ...`, on stderr, and exit code 1; only here."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--no-pager` is global but people type it after the command too: accept it anywhere before `--`
        end = args.index("--") if "--" in args else len(args)
        if "--no-pager" in args[:end]:
            PAGER["off"] = True
            args = [a for i, a in enumerate(args) if i >= end or a != "--no-pager"]
        # bytes that are not UTF-8 arrive as lone surrogates, which no database or terminal takes: refused
        # in `invoke`, and shown escaped meanwhile so that parsing cannot trip over them
        bad = [shown for a in args if (shown := _escaped(a)) != a]
        if bad:
            ctx.meta[_NOT_UTF8] = bad[0]
            args = [_escaped(a) for a in args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            if _NOT_UTF8 in ctx.meta:
                raise InputError(f"the argument '{ctx.meta[_NOT_UTF8]}' is not valid UTF-8 text")
            return super().invoke(ctx)
        except ChipdbError as exc:
            for detail in exc.details:  # every problem of the run, one a line, before the summary
                typer.echo(printable(_safe(ctx, detail)), err=True)
            typer.echo(
                "Error: " + printable(_safe(ctx, str(exc))), err=True
            )  # one line, nothing a terminal obeys
            raise typer.Exit(1) from None
        except MemoryError:
            typer.echo("Error: out of memory (is a memory limit such as ulimit -v too low?)", err=True)
            raise typer.Exit(1) from None


_NOT_UTF8 = "chipdb.not_utf8"


def _escaped(arg: str) -> str:
    """The argument with bytes that are not UTF-8 written as \\xNN (unchanged when it is all UTF-8)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return bytes_shown(arg)
    return arg


def _safe(ctx: Any, text: str) -> str:
    """One line with every database password hidden (the message may quote a URL or a driver's echo of it)."""
    where = ctx.obj if isinstance(ctx.obj, DatabaseLocation) else None
    text = where.scrub(text) if where is not None else redact(text)
    return text.replace("\n", "\\n")


def complete_chip(ctx: typer.Context, incomplete: str) -> list[str]:
    from chipdb import config
    from chipdb.db import queries
    from chipdb.db.reader import connect_reader

    db = ctx.find_root().params.get("db") if ctx is not None else None
    try:
        location = config.resolve(db)
        if not location.exists():
            return []
        reader = connect_reader(location)
        try:
            return queries.completions(reader, incomplete)
        finally:
            reader.close()
    except ChipdbError:
        return []


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), csv, tsv, json, or a tabulate format: github, grid, pipe, html, latex, ...",
        case_sensitive=False,
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD); default today.")
]
DestinationOption = Annotated[
    str, typer.Option("--destination", "-d", help="Destination country: ISO code (CN, SA, VN) or name.")
]
ChipArgument = Annotated[str, typer.Argument(help="Chip name or alias.", autocompletion=complete_chip)]
OptionalChipsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Chip names or aliases (default: all).", autocompletion=complete_chip, show_default=False
    ),
]
ChipsArgument = Annotated[
    list[str], typer.Argument(help="Chip names or aliases.", autocompletion=complete_chip)
]


def location(ctx: typer.Context) -> DatabaseLocation:
    return ctx.find_root().obj  # set by the app callback


@contextmanager
def reader(ctx: typer.Context) -> Iterator[Reader]:
    """A reader on an up-to-date database; creation and upgrade notices go to stderr."""
    notices: list[str] = []
    try:
        opened = open_current(location(ctx), notices)
    finally:
        for notice in notices:
            typer.echo(location(ctx).scrub(notice), err=True)
    try:
        yield opened
    finally:
        opened.close()


def emit(document: Document, fmt: OutputFormat) -> None:
    """Data on stdout (fitted, coloured and paged at a terminal, whole when piped); talk on stderr."""
    if not sys.stdout.isatty():
        talk = write(document, fmt.value, sys.stdout)
    else:
        import io
        import shutil

        size = shutil.get_terminal_size()
        colour = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        buffer = io.StringIO()
        talk = write(document, fmt.value, buffer, width=size.columns, colour=colour)
        page(buffer.getvalue(), size.lines)
    for note in [*talk, *document.notes]:
        typer.echo(printable(note), err=True)


def page(text: str, height: int) -> None:
    """Through `$PAGER` (default `less -FRX`) when longer than the screen, unless --no-pager or PAGER=""."""
    pager = os.environ.get("PAGER", "less")
    if PAGER["off"] or not pager.strip() or text.count("\n") < height - 1:
        sys.stdout.write(text)
        return
    import shlex
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit when one screen, keep colours, leave the text on the screen
    try:
        process = subprocess.Popen(shlex.split(pager), stdin=subprocess.PIPE, env=env, text=True)
    except (OSError, ValueError):
        sys.stdout.write(text)  # no such pager: the text is still the answer
        return
    try:
        assert process.stdin is not None
        process.stdin.write(text)
        process.stdin.close()
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # the reader quit the pager early
    process.wait()


def destination_code(value: str, option: str = "--destination") -> str:
    """An ISO 3166 alpha-2 code from a code or a country name; one `Error:` line with suggestions otherwise."""
    from chipdb.domain.countries import country_code

    return country_code(value, option)
