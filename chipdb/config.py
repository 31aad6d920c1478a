"""One resolver for the database location, used by the CLI, the migration environment and the tests."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "CHIPDB_DATABASE_URL"
DEFAULT_FILENAME = "chipdb.sqlite3"
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


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
        return redact(self.url) if self.sqlite_path is None else str(self.sqlite_path)


def default_path() -> Path:
    """The default file under the user data directory (e.g. ~/.local/share/chipdb/chipdb.sqlite3)."""
    from platformdirs import user_data_path

    return user_data_path("chipdb", appauthor=False) / DEFAULT_FILENAME


def resolve(db: str | None = None) -> DatabaseLocation:
    """Resolve `--db`, then $CHIPDB_DATABASE_URL, then the default; each may be a URL or a plain path."""
    value = db or os.environ.get(ENV_VAR) or None
    if value is None:
        path = default_path()
        return DatabaseLocation(f"sqlite:///{path}", path)
    if not _URL_RE.match(value):
        path = Path(value).expanduser().absolute()
        return DatabaseLocation(f"sqlite:///{path}", path)
    if value.startswith("sqlite"):
        path_part = value.split("://", 1)[1]
        if path_part.startswith("/"):
            path_part = path_part[1:]
        bare = path_part.split("?", 1)[0]
        if bare in ("", ":memory:"):
            return DatabaseLocation(value, None)
        return DatabaseLocation(value, Path(bare).absolute())
    return DatabaseLocation(value, None)


def redact(url: str) -> str:
    """Hide the password in a URL ("postgresql://u:***@host/db")."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)
