"""Every test gets its own database: a migrated, seeded template built once per session, copied per test."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation, resolve

ENV = "CHIPDB_DATABASE_URL"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from chipdb.bootstrap import bring_to_head

    path = tmp_path_factory.mktemp("template") / "chipdb.sqlite3"
    bring_to_head(resolve(str(path)), [])
    return path


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test can touch a real database: the default location and the variable both point into tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(ENV, str(tmp_path / "unset.sqlite3"))
    yield


@pytest.fixture
def db(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DatabaseLocation:
    """A seeded database of this test's own, also set as $CHIPDB_DATABASE_URL."""
    path = tmp_path / "chipdb.sqlite3"
    shutil.copy(template_db, path)
    monkeypatch.setenv(ENV, str(path))
    return resolve(str(path))


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DatabaseLocation:
    """A location where no database exists yet."""
    path = tmp_path / "new" / "chipdb.sqlite3"
    monkeypatch.setenv(ENV, str(path))
    return resolve(str(path))
