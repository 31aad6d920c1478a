"""The code stays lint-clean, formatted and type-checked (ruff and mypy, configured in pyproject.toml)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    located = shutil.which(name)
    if located is None:
        pytest.skip(f"{name} is not installed (it comes with the test extra)")
    return located


@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args: list[str]) -> None:
    done = subprocess.run([tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy() -> None:
    # a cache outside the clone: mypy checks file hashes, so a fresh clone reuses it safely (a cold run is 20 s)
    cache = Path(tempfile.gettempdir()) / f"chipdb-mypy-cache-{os.getuid()}"
    env = {**os.environ, "MYPY_CACHE_DIR": str(cache)}
    done = subprocess.run([tool("mypy")], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
