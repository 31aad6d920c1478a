"""Real processes: a seed killed at random moments, and several writers and readers at once."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_catalog
from chipdb.config import DatabaseLocation
from tests.helpers import dump

CHIPDB = [sys.executable, "-m", "chipdb"]


def chipdb(location: DatabaseLocation, *args: str, **kw: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CHIPDB_DATABASE_URL": location.url}
    return subprocess.Popen([*CHIPDB, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def run_seed(location: DatabaseLocation, path: Path) -> None:
    process = chipdb(location, "seed", str(path))
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


@pytest.mark.slow
def _catalog(db: DatabaseLocation) -> dict[str, list[tuple[object, ...]]]:
    """The database's rows but its data version (a new token with every seed that changes rows)."""
    rows = dump(db, surrogate_ids=False)
    rows["chipdb_meta"] = [r for r in rows["chipdb_meta"] if r[0] != "data_version"]
    return rows


def test_seed_killed_at_random_moments_leaves_before_or_after(db: DatabaseLocation, tmp_path: Path) -> None:
    """Two catalogs of the same 300 names with different values; every kill leaves one of them whole.

    Kills are spread over the measured length of a seed, so most land while it runs (inside its transaction)
    rather than after it has finished.
    """
    catalogs = [write_catalog(tmp_path / f"{n}.json.yaml", 300, seed=n) for n in (7, 8)]
    states, took = [], []
    for catalog in catalogs:
        started = time.perf_counter()
        run_seed(db, catalog)
        took.append(time.perf_counter() - started)
        states.append(_catalog(db))
    assert states[0] != states[1]
    length = took[1]  # a seed that rewrites every chip, as each killed seed would
    current, rng, finished, kills = 1, random.Random(1), 0, 3
    for attempt in range(kills):
        target = 1 - current
        process = chipdb(db, "seed", str(catalogs[target]))
        time.sleep(rng.uniform(0.3, 1.1) * length)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = _catalog(db)
        assert now in states, f"kill {attempt}: the database is neither the old nor the new catalog"
        finished += now == states[target]
        current = states.index(now)
        if db.sqlite_path is not None:
            with sqlite3.connect(db.sqlite_path) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert finished < kills, "every kill came after the seed had committed: the test proved nothing"
    print(
        f"{kills} kill points over a {length:.1f} s seed: {finished} had committed, {kills - finished} had not"
    )


@pytest.mark.slow
def test_concurrent_writers_and_readers(db: DatabaseLocation, tmp_path: Path) -> None:
    files = [write_catalog(tmp_path / f"w{i}.json.yaml", 100, seed=i, prefix=f"Writer{i}") for i in range(2)]
    writers = [chipdb(db, "seed", str(f)) for f in files]
    writers += [
        chipdb(db, "seed", str(files[0]))
    ]  # the same file twice at once: one adds, one finds it unchanged
    readers = [chipdb(db, "list", "-f", "json") for _ in range(2)]
    readers += [chipdb(db, "compare", "H800", "910B") for _ in range(2)]
    for process in writers + readers:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
        assert b"locked" not in err
    names = subprocess.run([*CHIPDB, "list", "-q"], env={**os.environ, "CHIPDB_DATABASE_URL": db.url},
                           capture_output=True, text=True, check=True).stdout.split("\n")  # fmt: skip
    for i in range(2):
        assert sum(n.startswith(f"Writer{i} ") for n in names) == 100  # no lost update


@pytest.mark.slow
def test_concurrent_first_use(empty_db: DatabaseLocation) -> None:
    processes = [chipdb(empty_db, "list", "-q") for _ in range(3)]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert len(out.decode().split()) >= 50
