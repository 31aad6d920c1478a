"""One resolver for the database location, used by the CLI, the migration environment and the tests.

A value is a URL when it starts like one (`name:` or `name+driver:`); anything else is a SQLite file path. A
value that starts like a URL but is not a valid one is refused, never taken as a file name: a typo such as
`postgresql:/me@host/db` must not quietly become a directory tree in the working directory.
"""

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from chipdb.errors import DatabaseError

ENV_VAR = "CHIPDB_DATABASE_URL"
DEFAULT_FILENAME = "chipdb.sqlite3"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:\chipdb.sqlite3 is a path, not a URL with scheme "c"
#: How SQLAlchemy reads a URL (sqlalchemy.engine.url._parse_url): the password runs to the first `@`.
_URL = re.compile(
    r"""(?P<name>[\w+]+)://
    (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:(?:\[(?P<ipv6host>[^/?]+)\]|(?P<ipv4host>[^/:?]+))?(?::(?P<port>[^/?]*))?)?
    (?:/(?P<database>[^?]*))?
    (?:\?(?P<query>.*))?""",
    re.X | re.S,
)
#: In any text: a URL's user:password@ (the password up to the last `@` of the word, so an unescaped `@`
#: in it hides too much rather than too little), and a query parameter naming a password, in any case.
_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*:/+[^\s:/]*:)\S*@")
_USERINFO_BARE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:/*[^\s:/]*:)\S*@")
_QUERY_SECRET = re.compile(r"(?i)([?&;][^=&#\s]*pass[^=&#\s]*=)(?!\*\*\*(?:[\s:'\"]|$))[^&#\s]*")


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the database is: a SQLAlchemy URL, and the file path when it is SQLite on disk."""

    url: str
    sqlite_path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def exists(self) -> bool:
        """Whether there is a database to open: a server database always counts; a SQLite file must exist."""
        return self.sqlite_path is None or self.sqlite_path.exists()

    def display(self) -> str:
        """The location with any password hidden, safe to print."""
        return _display_url(self.url) if self.sqlite_path is None else str(self.sqlite_path)

    def scrub(self, text: str) -> str:
        """`text` (a message that may quote the URL or a driver's echo of it) with every password hidden."""
        if self.sqlite_path is None:
            for secret in sorted(_secrets(self.url), key=len, reverse=True):
                text = text.replace(secret, "***")
        return redact(text)


def default_path() -> Path:
    """The default file under the user data directory (e.g. ~/.local/share/chipdb/chipdb.sqlite3)."""
    from platformdirs import user_data_path

    return user_data_path("chipdb", appauthor=False) / DEFAULT_FILENAME


def resolve(db: str | None = None) -> DatabaseLocation:
    """Resolve `--db`, then $CHIPDB_DATABASE_URL, then the default; each may be a URL or a plain path.

    Raises DatabaseError for a value that cannot name a database: not UTF-8, a broken URL, a server URL
    without a database name, or a path that is not (and cannot become) a regular file.
    """
    value = db or os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_path()
        return DatabaseLocation(f"sqlite:///{path}", path)
    _check_text(value)
    if "://" not in value and (not _SCHEME.match(value) or _DRIVE.match(value)):
        return _sqlite_file(Path(value).expanduser().absolute())
    if "://" not in value or not _SCHEME.match(value):
        raise DatabaseError(
            f"{_bare(value)!r} looks like a database URL but is not one (a URL is "
            "DIALECT[+DRIVER]://[USER@]HOST/DATABASE); for a file of that name, write ./ before it"
        )
    if value.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite":
        path_part = value.split("://", 1)[1]
        if path_part.startswith("/"):
            path_part = path_part[1:]
        bare = path_part.split("?", 1)[0]
        if bare in ("", ":memory:"):
            return DatabaseLocation(value, None)
        return DatabaseLocation(value, _sqlite_file(Path(bare).absolute()).sqlite_path)
    _check_server_url(value)
    return DatabaseLocation(value, None)


def redact(text: str) -> str:
    """Hide every password in URLs inside `text`: "postgresql://u:***@host/db", "...?password=***"."""
    return _QUERY_SECRET.sub(r"\1***", _USERINFO.sub(r"\1***@", text))


def _bare(value: str) -> str:
    """A value that failed to parse as a URL, safe to print: any user:password@ at its start hidden."""
    return redact(_USERINFO_BARE.sub(r"\1***@", value))


def _display_url(url: str) -> str:
    """The URL as given with the password SQLAlchemy would use, and any password parameter, as ***."""
    match = _URL.fullmatch(url)
    if match is None:
        return _bare(url)
    shown = url
    if match["query"] is not None:
        start = match.start("query")
        shown = shown[:start] + _QUERY_SECRET.sub(r"\1***", "?" + match["query"])[1:]
    if match["password"] is not None:
        shown = shown[: match.start("password")] + "***" + shown[match.end("password") :]
    return shown


def _secrets(url: str) -> set[str]:
    """Every password in a URL, as written and decoded (a driver may echo either)."""
    match = _URL.fullmatch(url)
    if match is None:
        return set()
    found = {match["password"]} if match["password"] else set()
    for pair in (match["query"] or "").split("&"):
        key, _, value = pair.partition("=")
        if value and "pass" in unquote_plus(key).lower():
            found.add(value)
    decoded = {unquote(s) for s in found} | {unquote_plus(s) for s in found}
    return {s for s in found | decoded if s}


def printable(text: str) -> str:
    """Text that may hold bytes that are not UTF-8 (lone surrogates from the command line) with them as \\xNN."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no byte produced
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = _bare(printable(value))
        raise DatabaseError(f"the database location '{shown}' is not valid UTF-8 text") from None


def _check_server_url(value: str) -> None:
    """Refuse what SQLAlchemy would misread or crash on, and a URL that names no database."""
    match = _URL.fullmatch(value)
    shown = _bare(value)
    why = None
    if match is None:
        why = "it does not parse"
    elif "[" in (match["ipv4host"] or "") or set("[]") & set(match["ipv6host"] or ""):
        why = "an IPv6 host is written in brackets, [::1]"
    elif "@" in (match["ipv4host"] or "") + (match["port"] or "") + (match["ipv6host"] or ""):
        why = "an @ in a user name or password must be written %40"
    elif match["port"] and not (match["port"].isdigit() and 0 < int(match["port"]) < 65536):
        why = "the port must be a number from 1 to 65535"
    elif not match["database"]:
        why = "it names no database; add /DATABASE (e.g. postgresql+psycopg://me@db.example/chipdb)"
    else:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value)
        except (ArgumentError, ValueError) as exc:
            why = redact(str(exc).splitlines()[0]).replace(value, shown)
    if why is not None:
        raise DatabaseError(f"bad database URL {shown!r}: {why}")


def _sqlite_file(path: Path) -> DatabaseLocation:
    """A SQLite file location, refused when the path cannot hold a database file (a device, a directory)."""
    try:
        found = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return DatabaseLocation(f"sqlite:///{path}", path)  # created on first use
    except OSError as exc:  # a name too long, a loop of links, a directory that cannot be searched
        raise DatabaseError(f"cannot use {path} as the database: {exc.strerror or exc}") from None
    if stat.S_ISDIR(found.st_mode):
        raise DatabaseError(f"{path} is a directory; give a file name, e.g. {path / DEFAULT_FILENAME}")
    if not stat.S_ISREG(found.st_mode):
        raise DatabaseError(f"{path} is not a regular file (a device, pipe or socket); a database is a file")
    return DatabaseLocation(f"sqlite:///{path}", path)
