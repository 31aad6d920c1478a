"""The data version: a seed that changes rows writes a new token, one that changes nothing keeps it; a process
that caches the licence policy by it (chipdb serve) sees a new embargo at once."""

import json
from pathlib import Path

from chipdb.config import DatabaseLocation
from chipdb.db import queries
from chipdb.db.reader import connect_reader
from tests.helpers import run

EMBARGO = """
events:
  - id: test-embargo-vn
    date: '2026-01-01'
    authority: BIS
    action: embargo
    destinations: [VN]
    rule: a test embargo
    source: bis-ear-746-1
    summary: A test embargo on Vietnam.
"""


def _version(db: DatabaseLocation) -> str | None:
    reader = connect_reader(db)
    try:
        return queries.data_version(reader)
    finally:
        reader.close()


def test_a_changing_seed_renews_the_version_and_the_cached_policy(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    before = _version(db)
    assert before is not None  # the bundled seed wrote one
    assert run("seed", "--bundled").exit_code == 0
    assert _version(db) == before  # nothing changed, nothing renewed

    def licence() -> bool | None:
        answer = json.loads(run("assess", "H20", "--to", "VN", "--on", "2026-06-01", "-f", "json").stdout)
        return answer["licence_required"]

    assert licence() is False  # read (and cached in this process) before the embargo
    path = tmp_path / "embargo.yaml"
    path.write_text(EMBARGO, encoding="utf-8")
    assert run("seed", str(path)).exit_code == 0
    assert _version(db) not in (None, before)
    assert licence() is True  # the cached policy was read again
    assert run("seed", str(path), "--dry-run").exit_code == 0 and _version(db) not in (None, before)
