"""Every test gets its own database, on SQLite and, where a server is reachable, on PostgreSQL.

A migrated, seeded template is built once per session and backend, then copied per test: a file copy on
SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL.
"""

import functools
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation, resolve

ENV = "CHIPDB_DATABASE_URL"
PG_ENV = "CHIPDB_TEST_POSTGRESQL_URL"
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"


class PostgresServer:
    """Makes and drops databases on one server, for the tests."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template: str | None = None

    def location(self, name: str) -> DatabaseLocation:
        return resolve(self.url.set(database=name).render_as_string(hide_password=False))

    def create(self, name: str, template: str | None = None) -> DatabaseLocation:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        return self.location(name)

    def drop(self, name: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@functools.cache
def postgres() -> tuple[PostgresServer | None, str]:
    """The test server and, when there is none, why: explicit URL must work; the default may be absent."""
    explicit = os.environ.get(PG_ENV)
    url = explicit or PG_DEFAULT
    try:
        server = PostgresServer(url)
        with server.admin.connect():
            pass
    except Exception as exc:
        if explicit:
            raise RuntimeError(f"{PG_ENV} is set but the server cannot be reached: {exc}") from None
        return (
            None,
            f"PostgreSQL tests skipped: no server at {PG_DEFAULT} ({type(exc).__name__}); set {PG_ENV}",
        )
    return server, ""


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | None]:
    server, _ = postgres()
    yield server
    if server is not None and server.template is not None:
        server.drop(server.template)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chipdb.bootstrap import bring_to_head

    path = tmp_path_factory.mktemp("template") / "chipdb.sqlite3"
    bring_to_head(resolve(str(path)), [])
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, pg_server: PostgresServer | None) -> str:
    if request.param == "postgresql" and pg_server is None:
        pytest.skip(postgres()[1])
    return str(request.param)


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test can touch a real database: the default location and the variable both point into tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(ENV, str(tmp_path / "unset.sqlite3"))
    yield


@pytest.fixture
def db(
    backend: str,
    sqlite_template: Path,
    pg_server: PostgresServer | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[DatabaseLocation]:
    """A seeded database of this test's own, also set as $CHIPDB_DATABASE_URL."""
    if backend == "sqlite":
        path = tmp_path / "chipdb.sqlite3"
        shutil.copy(sqlite_template, path)
        location = resolve(str(path))
        monkeypatch.setenv(ENV, location.url)
        yield location
        return
    assert pg_server is not None
    if pg_server.template is None:
        from chipdb.bootstrap import bring_to_head

        name = f"chipdb_tpl_{uuid.uuid4().hex[:10]}"
        bring_to_head(pg_server.create(name), [])
        pg_server.template = name
    name = f"chipdb_t_{uuid.uuid4().hex[:12]}"
    location = pg_server.create(name, template=pg_server.template)
    monkeypatch.setenv(ENV, location.url)
    yield location
    pg_server.drop(name)


@pytest.fixture
def empty_db(
    backend: str, pg_server: PostgresServer | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DatabaseLocation]:
    """A location where no chipdb database exists yet (a missing file, or an empty server database)."""
    if backend == "sqlite":
        location = resolve(str(tmp_path / "new" / "chipdb.sqlite3"))
        monkeypatch.setenv(ENV, location.url)
        yield location
        return
    assert pg_server is not None
    name = f"chipdb_e_{uuid.uuid4().hex[:12]}"
    location = pg_server.create(name)
    monkeypatch.setenv(ENV, location.url)
    yield location
    pg_server.drop(name)


def pytest_report_header(config: pytest.Config) -> str:
    """Say at the top of every run whether the PostgreSQL half runs, and if not, why."""
    from chipdb.config import redact

    server, reason = postgres()
    return f"PostgreSQL: {redact(str(server.url))}" if server is not None else reason


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest tests first, so the parallel workers (pytest-xdist) share the tail instead of waiting on one."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
