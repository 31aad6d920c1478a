"""`chipdb serve` as a user runs it: one `Error:` line without the web extra; the read commands never import
the web stack; two worker processes on one PostgreSQL database answer alike, and the password is in no
answer and no log line (a handful of requests through benchmarks/web_load.py, the load test's own client)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.web_load import free_port, load, wait_for
from chipdb.config import DatabaseLocation
from tests.helpers import run
from tests.test_install import _PROBE

WEB_STACK = "fastapi,starlette,jinja2,uvicorn,chipdb.web"


def test_serve_without_the_web_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if not installed: find_spec answers None
    result = run("serve")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: chipdb serve needs fastapi (the web extra): pip install '.[web]'"
    ]


def test_read_commands_do_not_import_the_web_stack(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "chipdb.sqlite3"
    shutil.copy(sqlite_template, path)
    env = {**os.environ, "CHIPDB_DATABASE_URL": str(path)}
    for args in (["compare", "H800", "910B"], ["--help"]):
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, WEB_STACK, *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0 and done.stdout, done.stderr
        assert "serve" in done.stdout or args != ["--help"]  # listed, yet not imported
        assert done.stderr.rsplit("LOADED", 1)[1].strip() == "[]", args


def test_two_workers_on_postgresql(db: DatabaseLocation, backend: str, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("workers sharing one server database")
    from sqlalchemy.engine import make_url

    url = make_url(db.url)
    secret = url.password or "s3cr3t-Pa55"  # the test server trusts local connections: any password will do
    with_password = url.set(password=secret).render_as_string(hide_password=False)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "CHIPDB_DATABASE_URL": ""}
    command = [
        sys.executable,
        "-m",
        "chipdb",
        "serve",
        "--db",
        with_password,
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            wait_for(port, server)
            base = f"http://127.0.0.1:{port}"
            answers = load(f"{base}/api/chips/H800", requests=24, clients=4, seconds=20)
            assert answers.errors == 0 and answers.requests == 24
            assert len(answers.bodies) == 1  # every worker, the same answer
            (body,) = answers.bodies
            assert json.loads(body)["name"] == "H800 SXM5 80GB"
            for path, status in (
                ("/", 200),
                ("/api/chips/H8000", 404),
                ("/chips/H8000", 404),
                ("/api/x", 404),
            ):
                seen = load(base + path, requests=2, clients=1, seconds=10)
                assert seen.requests == 2 and all(secret.encode() not in b for b in seen.bodies), path
                assert (seen.errors == 0) == (status == 200), path
        finally:
            server.terminate()
            server.wait(15)
    written = log.read_text()
    assert "serving" in written and "read-only" in written and "***" in written
    assert secret not in written


def test_log_lines_and_tracebacks_lose_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import logging

    from chipdb.web.server import ScrubFilter

    monkeypatch.setenv("CHIPDB_DATABASE_URL", "postgresql+psycopg://u:top%40secret@h/db")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(ScrubFilter())
    logger = logging.getLogger("chipdb.web.test")
    logger.addHandler(handler)
    try:
        raise RuntimeError("cannot connect to postgresql+psycopg://u:top%40secret@h/db as top@secret")
    except RuntimeError:
        logger.exception("failed with %s", "top@secret")
    finally:
        logger.removeHandler(handler)
    assert "secret" not in out.getvalue() and "Traceback" in out.getvalue()
