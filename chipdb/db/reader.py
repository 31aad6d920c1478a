"""The light read path: SQLite through the stdlib driver, other backends through SQLAlchemy Core.

Read commands never import the ORM, Alembic or the seed loader unless the database needs creating or
upgrading (`chipdb.bootstrap` decides that); the revision check reads one row.
"""

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from chipdb.config import DatabaseLocation
from chipdb.errors import DatabaseError, first_line

#: How long a reader or writer waits for another's lock before giving up (SQLite), in seconds.
BUSY_TIMEOUT_S = 30.0


def no_driver(location: DatabaseLocation, exc: ModuleNotFoundError) -> DatabaseError:
    """The error for a URL whose driver is not installed, with the extra that brings it."""
    return DatabaseError(
        f"no driver for {location.display()} ({exc.name} is not installed; "
        "for PostgreSQL: pip install 'chipdb[postgresql]')"
    )


class Reader(Protocol):
    """A read-only connection: named-parameter SQL (`:name`) in, tuples out."""

    where: str  # the database it reads, as shown to people (no password): what a per-process cache keys on

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


class SqliteReader:
    def __init__(self, connection: sqlite3.Connection, where: str) -> None:
        self._connection = connection
        self._where = self.where = where

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(sql, params or {}).fetchall()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"cannot read {self._where}: {exc}") from None

    def close(self) -> None:
        self._connection.close()


class SqlAlchemyReader:
    def __init__(self, location: DatabaseLocation, long_lived: bool = False) -> None:
        from sqlalchemy import create_engine, text
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.pool import NullPool

        self._text = text
        self._error = SQLAlchemyError
        self._location = location
        self.where = location.display()
        options = _long_lived_options(location) if long_lived else {}
        try:
            self._engine = create_engine(location.url, poolclass=NullPool, **options)
            self._connection = self._engine.connect()
        except ModuleNotFoundError as exc:
            raise no_driver(location, exc) from None
        except Exception as exc:  # the driver's own error types vary; the message is what matters
            raise DatabaseError(f"cannot connect to {location.display()}: {first_line(exc)}") from None

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            return [tuple(r) for r in self._connection.execute(self._text(sql), params or {})]
        except self._error as exc:
            self._connection.rollback()
            raise DatabaseError(f"cannot read {self._location.display()}: {first_line(exc)}") from None

    def close(self) -> None:
        self._connection.close()
        self._engine.dispose()


def _long_lived_options(location: DatabaseLocation) -> dict[str, Any]:
    """A reader kept open between requests (the web server): autocommit, so it never sits in an open
    transaction between reads; on PostgreSQL the session is read-only too, as a SQLite reader is (mode=ro)."""
    options: dict[str, Any] = {"isolation_level": "AUTOCOMMIT"}
    if location.url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        given = make_url(location.url).query.get("options")
        given = " ".join(given) if isinstance(given, tuple) else given
        options["connect_args"] = {"options": f"{given or ''} -c default_transaction_read_only=on".strip()}
    return options


def connect_reader(location: DatabaseLocation, long_lived: bool = False) -> Reader:
    """Open a reader without checking the schema (see `revision_of`); SQLite files open read-only (mode=ro).

    `long_lived`: see `_long_lived_options`; a long-lived SQLite reader may move between threads (a server's
    pool hands it to one request at a time)."""
    if location.is_sqlite and location.sqlite_path is not None:
        try:
            connection = open_sqlite(location.sqlite_path, shared=long_lived)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {location.display()}: {exc}") from None
        return SqliteReader(connection, location.display())
    return SqlAlchemyReader(location, long_lived)


def open_sqlite(path: Path, shared: bool = False) -> sqlite3.Connection:
    """Read-only (`mode=ro`); in a directory chipdb cannot write, as an immutable file.

    A WAL database needs its `-shm` index beside it even to be read; where the directory refuses it (a
    read-only mount, another user's directory) and no `-wal` holds unmerged changes, SQLite reads the file
    as it stands with `immutable=1` rather than failing with "unable to open database file".
    """
    base = f"file:{quote(str(path))}?mode=ro"

    def connect(uri: str) -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=not shared)

    connection = connect(base)
    try:
        connection.execute("PRAGMA schema_version").fetchone()  # opens the file now, not at the first query
        return connection
    except sqlite3.OperationalError as exc:
        connection.close()
        wal = path.with_name(path.name + "-wal")
        pending = wal.exists() and wal.stat().st_size > 0
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_CANTOPEN or pending or not path.is_file():
            raise
    return connect(base + "&immutable=1")


def revision_of(reader: Reader) -> str | None:
    """The database's migration revision, or None where chipdb has not created its tables yet."""
    try:
        found = reader.rows("SELECT version_num FROM alembic_version")
    except DatabaseError as exc:
        if "alembic_version" in str(exc) or "no such table" in str(exc):
            return None
        raise
    return found[0][0] if found else None


def database_facts(reader: Reader) -> dict[str, str]:
    """The `chipdb_meta` rows (which bundled data the database was last seeded with); empty without them."""
    try:
        return {str(key): str(value) for key, value in reader.rows("SELECT key, value FROM chipdb_meta")}
    except DatabaseError:
        return {}


def in_params(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """Placeholders and parameters for an IN list (`:p0, :p1`), never formatted from the values."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    return ", ".join(f":{n}" for n in names), dict(zip(names, values, strict=True))
