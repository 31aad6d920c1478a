"""Completion through Typer's own machinery, Datasette metadata, and plain output for scripts."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipdb.cli.app import app
from chipdb.config import DatabaseLocation
from tests.helpers import run


def complete(words: str, cword: int) -> list[str]:
    env = {"_CHIPDB_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], env=env, prog_name="chipdb")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("chipdb compare H8", 2, "H800 SXM5 80GB"),
        ("chipdb compare H800 910", 3, "910B"),  # aliases complete too
        ("chipdb show asc", 2, "ascend 910B"),  # case-insensitive, keeping what was typed
        ("chipdb classify h2", 2, "h20"),
        ("chipdb export mi3", 2, "mi300X"),
        ("chipdb timeline A8", 2, "A800 SXM4 80GB"),
        ("chipdb plot map --highlight 910", 4, "910B"),
    ],
)
def test_chip_names_complete(db: DatabaseLocation, words: str, cword: int, expected: str) -> None:
    if db.sqlite_path is None and cword != 3:  # completion reads one query; one case shows it on a server
        pytest.skip("the same query on every backend: one case runs on PostgreSQL")
    assert expected in complete(words, cword)


def test_completion_without_a_database_is_quiet(empty_db: DatabaseLocation) -> None:
    if empty_db.sqlite_path is None:
        pytest.skip("a server database exists as soon as it is named")
    assert complete("chipdb compare H8", 2) == []
    assert not empty_db.sqlite_path.exists()  # completing never creates a database


def test_show_completion_script_mentions_the_variable() -> None:
    result = CliRunner().invoke(
        app, ["--show-completion", "bash"], prog_name="chipdb", env={"SHELL": "/bin/bash"}
    )
    assert "_CHIPDB_COMPLETE" in result.stdout


def test_list_quiet_prints_names_only(db: DatabaseLocation) -> None:
    names = run("list", "-q").stdout.splitlines()
    assert len(names) >= 50 and "H800 SXM5 80GB" in names and all("  " not in n for n in names)


def test_no_colour_codes_when_not_a_terminal(db: DatabaseLocation) -> None:
    if db.sqlite_path is None:
        pytest.skip("output, not storage: the backend does not matter (runs on SQLite)")
    env = {**os.environ, "NO_COLOR": "1", "CHIPDB_DATABASE_URL": db.url}
    for args in (["--help"], ["compare", "--help"], ["compare", "H800", "910B"], ["show", "nosuch"]):
        done = subprocess.run(
            [sys.executable, "-m", "chipdb", *args], capture_output=True, text=True, env=env
        )
        assert "\x1b[" not in done.stdout + done.stderr, args


def test_datasette_metadata_and_summary_view(db: DatabaseLocation, tmp_path: Path) -> None:
    metadata = json.loads(run("datasette-metadata").stdout)
    tables = metadata["databases"]["*"]["tables"]
    assert {"chip_summary", "chips", "throughputs", "sources", "events"} <= set(tables)
    assert tables["chips"]["units"]["memory_bandwidth_gbs"] == "GB/s"
    if db.sqlite_path is None or shutil.which("datasette", path=str(Path(sys.executable).parent)) is None:
        return  # the metadata is checked above; serving it needs datasette and a SQLite file
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "datasette"), str(db.sqlite_path), "-m", str(meta), "--get",
         f"/{db.sqlite_path.stem}/chip_summary.json?chip=H800%20SXM5%2080GB&_shape=array"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)[0]
    assert row["tpp"] == 15832 and row["vendor"] == "NVIDIA"
