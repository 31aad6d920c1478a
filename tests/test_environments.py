"""Broken environments: read-only files, unwritable directories, bad URLs, unreachable servers."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation
from tests.helpers import dump, run


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable with chattr +i (which binds root too), released afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    paths: list[Path] = []
    yield paths
    for path in paths:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def make_immutable(paths: list[Path], path: Path) -> None:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make {path} immutable here: {done.stderr.decode().strip()}")
    paths.append(path)


def sqlite_db(tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "ro" / "chipdb.sqlite3"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path


def test_read_only_database_file(sqlite_template: Path, tmp_path: Path, immutable: list[Path]) -> None:
    path = sqlite_db(tmp_path, sqlite_template)
    make_immutable(immutable, path)
    assert run("--db", str(path), "compare", "H800", "910B").exit_code == 0  # reads still work
    new = tmp_path / "x.yaml"
    new.write_text("sources: [{id: ro-src, title: t, tier: official}]\n")
    result = run("--db", str(path), "seed", str(new))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write") and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_directory_that_cannot_be_written(tmp_path: Path, immutable: list[Path]) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    make_immutable(immutable, directory)
    result = run("--db", str(directory / "chipdb.sqlite3"), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "locked" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("where", ["/proc/chipdb-test/chipdb.sqlite3", "/etc/hostname/chipdb.sqlite3"])
def test_impossible_locations(where: str) -> None:
    result = run("--db", where, "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u:hunter2@127.0.0.1:1/x",  # nothing listens there
        "postgresql+psycopg://root:hunter2@127.0.0.1:5432/chipdb_no_such_database",
        "nosuchdialect://u:hunter2@h/db",
        "postgresql+nosuchdriver://u:hunter2@h/db",
    ],
)
def test_bad_urls_and_servers_never_show_the_password(url: str) -> None:
    for args in (["list"], ["seed", "--dry-run"], ["db", "current"], ["db", "upgrade"]):
        result = run("--db", url, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "hunter2" not in result.output, (args, result.output)
        assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1, (
            result.stderr
        )


def test_a_failed_first_use_leaves_nothing_half_made(
    empty_db: DatabaseLocation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If loading the bundled data fails, the schema is not left behind either (one transaction)."""
    from chipdb.catalog import writer
    from chipdb.errors import SeedError

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise SeedError("simulated failure while loading the bundled data")

    monkeypatch.setattr(writer, "write", broken)
    result = run("list")
    assert result.exit_code == 1 and "simulated failure" in result.stderr
    monkeypatch.undo()
    tables = dump(empty_db) if empty_db.sqlite_path is None or empty_db.sqlite_path.exists() else {}
    assert not any(rows for rows in tables.values())


def test_a_database_in_a_directory_that_cannot_be_written_is_still_read(
    sqlite_template: Path, tmp_path: Path, immutable: list[Path]
) -> None:
    """A WAL database without its -shm index, in a read-only directory: read as it stands (immutable=1)."""
    path = sqlite_db(tmp_path, sqlite_template)
    assert sorted(p.name for p in path.parent.iterdir()) == ["chipdb.sqlite3"]  # no -wal, no -shm
    make_immutable(immutable, path.parent)
    for args in (["list", "-q"], ["show", "910B"], ["db", "current"], ["compare", "H800", "910B"]):
        result = run("--db", str(path), *args)
        assert result.exit_code == 0 and result.stderr == "", (args, result.output)
    new = tmp_path / "x.yaml"
    new.write_text("sources: [{id: ro-src, title: t, tier: official}]\n")
    result = run("--db", str(path), "seed", str(new))
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot write")
    assert sorted(p.name for p in path.parent.iterdir()) == ["chipdb.sqlite3"]


def test_a_pending_wal_is_never_skipped(sqlite_template: Path, tmp_path: Path, immutable: list[Path]) -> None:
    """With unmerged changes in -wal but no -shm, reading the main file alone would be stale: refused."""
    path = sqlite_db(tmp_path, sqlite_template)
    path.with_name("chipdb.sqlite3-wal").write_bytes(b"\0" * 32)
    make_immutable(immutable, path.parent)
    result = run("--db", str(path), "list", "-q")
    assert result.exit_code == 1 and "unable to open" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["typo/dir/chipdb.sqlite3", "new.sqlite3"])
def test_db_current_creates_nothing(where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--db", where, "db", "current")
    assert result.exit_code == 0 and result.stdout == "none\n" and "no database there yet" in result.stderr
    assert list(tmp_path.iterdir()) == []
