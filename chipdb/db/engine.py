"""SQLAlchemy engines for writes and migrations, with SQLite pragmas and explicit transactions."""

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from chipdb.config import DatabaseLocation
from chipdb.db.reader import BUSY_TIMEOUT_S, no_driver
from chipdb.errors import DatabaseError


def make_engine(location: DatabaseLocation, *, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions are real ones on SQLite too (BEGIN IMMEDIATE, so writers queue).

    Migrations pass foreign_keys=False: batch mode rebuilds tables, which cascades with keys on.
    """
    try:
        if location.is_sqlite:
            if location.sqlite_path is not None:
                location.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(location.url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_S})
            _sqlite_transactions(engine, foreign_keys)
        else:
            engine = create_engine(location.url, poolclass=NullPool)
    except ArgumentError as exc:
        raise DatabaseError(location.scrub(f"bad database URL {location.display()!r}: {exc}")) from None
    except ModuleNotFoundError as exc:
        raise no_driver(location, exc) from None
    except OSError as exc:
        raise DatabaseError(f"cannot create the database directory for {location.display()}: {exc}") from None
    return engine


def _sqlite_transactions(engine: Engine, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(
            "PRAGMA synchronous=NORMAL"
        )  # in WAL mode: durable across crashes of chipdb, not power loss
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


#: Key of the PostgreSQL advisory lock that serialises chipdb's writers (seeds and migrations).
WRITE_LOCK_KEY = 0x43686970  # "Chip"


def lock_for_writes(connection: Connection) -> None:
    """Serialise writers for the rest of the transaction.

    SQLite already holds its write lock (BEGIN IMMEDIATE); PostgreSQL takes a transaction-level advisory
    lock, so two seeds never both insert the same new row and two first uses never both create tables.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def inserted_id(result: Any) -> int:
    """The primary key of the one row an INSERT wrote."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT of one row returns its key"
    return int(key[0])
