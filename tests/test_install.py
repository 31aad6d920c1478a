"""Install-level checks in real subprocesses: the wheel in a fresh venv, `python -m chipdb`, lean imports."""

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import sys
from chipdb.cli import main
sys.argv = ["chipdb", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
heavy = sys.argv[1].split(",")
print("LOADED", sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")}), file=sys.stderr)
"""
# SQLite reads go through the stdlib driver; other backends
# through SQLAlchemy Core, never the ORM.
HEAVY = {
    "sqlite": "alembic,sqlalchemy,pydantic,matplotlib,yaml,rapidfuzz",
    "postgresql": "alembic,sqlalchemy.orm,pydantic,matplotlib,yaml,rapidfuzz",
}


@pytest.mark.parametrize("args", [["compare", "H800", "910B"], ["list"], ["show", "H20", "-f", "json"]])
def test_read_commands_stay_light(db: DatabaseLocation, backend: str, args: list[str]) -> None:
    probe = [sys.executable, "-c", _PROBE, HEAVY[backend], *args]
    done = subprocess.run(probe, capture_output=True, text=True, check=True)
    assert done.stdout
    loaded = done.stderr.rsplit("LOADED", 1)[1].strip()
    assert loaded == "[]", f"a read command imported {loaded}"


def test_python_dash_m(db: DatabaseLocation) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chipdb", "show", "910B", "-f", "json"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Ascend 910B"


def test_error_exit_code_in_a_real_process(db: DatabaseLocation) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "chipdb", "show", "nosuchchip"], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: no chip named") and "Traceback" not in done.stderr


@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) in a fresh venv, and use it from a new directory.

    The venv borrows this environment's dependencies (a path, not a site dir, so the editable chipdb is not
    seen) instead of downloading them again; the next test checks the wheel declares every one it imports.
    """
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(dist), str(ROOT)], check=True, capture_output=True)  # fmt: skip
    wheel = next(dist.glob("chipdb-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site_dir = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    Path(site_dir, "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True)  # fmt: skip
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "CHIPDB_DATABASE_URL": str(tmp_path / "w.sqlite3")}
    chipdb = str(env_dir / "bin" / "chipdb")
    where = subprocess.run([str(python), "-c", "import chipdb; print(chipdb.__file__)"], cwd=work,
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert where.startswith(site_dir), f"the venv imported chipdb from {where}, not from the wheel"
    done = subprocess.run(
        [chipdb, "compare", "H800", "910B"], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "15,832" in done.stdout and "Ascend 910B" in done.stdout
    assert "Created a chipdb database" in done.stderr
    # the bundled seed files, their reference data and the migrations travel inside the wheel
    check = subprocess.run([chipdb, "seed", "--check"], cwd=work, env=env, capture_output=True, text=True)
    assert check.returncode == 0 and "all explained in notes" in check.stderr, check.stderr
    history = subprocess.run([chipdb, "db", "history"], cwd=work, env=env, capture_output=True, text=True)
    assert "0002" in history.stdout


def test_every_imported_distribution_is_declared() -> None:
    """What chipdb imports at run time is in pyproject's dependencies (or an extra that says so)."""
    import tomllib
    from importlib.metadata import packages_distributions

    import grimp

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_dist_name(r) for r in project["dependencies"]}
    optional = {_dist_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    graph = grimp.build_graph("chipdb", include_external_packages=True, cache_dir=None)
    imported = {m for m in graph.modules if not m.startswith("chipdb")}
    owners = packages_distributions()
    needed = {_dist_name(d) for m in imported for d in owners.get(m, [])}
    assert needed, "no third-party import found: the check is not looking"
    missing = needed - declared - optional
    assert not missing, f"imported but not declared: {sorted(missing)}"


def _dist_name(requirement: str) -> str:
    import re

    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
