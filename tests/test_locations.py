"""Database locations: passwords never shown in any form, and values that cannot name a database refused.

Every refusal is one `Error:` line, exit 1, and nothing created: a URL typo must not become a directory tree
in the working directory, nor a URL without a database name a write into whatever database libpq picks.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from chipdb.config import DatabaseLocation, redact, resolve
from chipdb.errors import DatabaseError
from tests.conftest import PostgresServer
from tests.helpers import run

SECRET = "hunter2"

#: Every way a URL can carry a password ({where} is host:port/database); each must be hidden.
PASSWORD_FORMS = [
    "postgresql+psycopg://u:hunter2@{where}",
    "postgresql+psycopg://u@{where}?password=hunter2",
    "postgresql+psycopg://u@{where}?sslmode=prefer&PASSWORD=hunter2",
    "postgresql+psycopg://u@{where}?PassWord=hunter2&application_name=x",
    "postgresql+psycopg://u:hunter2%40x@{where}",  # an escaped @
    "postgresql+psycopg://u:hunter2@x@{where}",  # an unescaped @: refused, and still hidden
    "postgresql+psycopg://a@b:hunter2@{where}",  # an @ in the user name
    "postgresql+psycopg://u:pw@{where}?password=hunter2",  # both
    "postgresql+psycopg:/u:hunter2@{where}",  # a typo: refused, and still hidden
    "postgresql+psycopg:u:hunter2@{where}",
]
#: Where nothing answers, no such database, no such driver, no such dialect.
SITUATIONS = [
    "127.0.0.1:1/chipdb",
    "127.0.0.1:5432/chipdb_no_such_database",
]
COMMANDS = [["list"], ["db", "current"], ["db", "upgrade"], ["seed", "--dry-run"], ["show", "H100"]]


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("form", PASSWORD_FORMS)
def test_no_password_form_is_ever_printed(form: str, situation: str) -> None:
    url = form.format(where=situation)
    for args in COMMANDS:
        result = run("--db", url, *args)
        assert SECRET not in result.output, (args, result.output)
        assert "***" in one_error_line(result), result.stderr
    shown = run("--db", url, "db", "path")
    assert SECRET not in shown.output and "***" in shown.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+nosuchdriver://u:hunter2@h/db",
        "nosuchdialect://u:hunter2@h/db?password=hunter2",
        "postgresql+psycopg://u@h/db?password=hunter2&port=abc",
    ],
)
def test_unknown_drivers_and_bad_options_hide_the_password(url: str) -> None:
    for args in COMMANDS:
        result = run("--db", url, *args)
        assert SECRET not in result.output
        one_error_line(result)


def test_the_environment_variable_is_hidden_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPDB_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:1/x?password=hunter2")
    result = run("list")
    assert SECRET not in result.output and "password=***" in one_error_line(result)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("postgresql+psycopg://u@h/db?password=s3", "postgresql+psycopg://u@h/db?password=***"),
        ("postgresql://u@h/db?a=1&PASSWORD=s3&b=2", "postgresql://u@h/db?a=1&PASSWORD=***&b=2"),
        ("postgresql://u@h/db?sslpassword=s3", "postgresql://u@h/db?sslpassword=***"),
        ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u:p/s?s#s@h/db", "postgresql://u:***@h/db"),
        ("postgresql:/u:pw@h/db", "postgresql:/u:***@h/db"),
        ("log: 'mysql://root:pw@h/db' failed, see postgresql://x:y@z/w", "log: 'mysql://root:***@h/db' failed, see postgresql://x:***@z/w"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("/home/me/chipdb.sqlite3", "/home/me/chipdb.sqlite3"),
        ("cannot read postgresql://u@h/db?password=***: refused", "cannot read postgresql://u@h/db?password=***: refused"),
    ],
)  # fmt: skip
def test_redact_hides_passwords_inside_any_text(text: str, shown: str) -> None:
    assert redact(text) == shown


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:pw@h:5/db?password=x&PassWord=y&port=5",
         "postgresql+psycopg://u:***@h:5/db?password=***&PassWord=***&port=5"),
        ("postgresql://a@b:pw@h/db", "postgresql://a@b:***@h/db"),
        ("postgresql://u@h/db?application_name=a@b", "postgresql://u@h/db?application_name=a@b"),
        ("postgresql://u:p%40ss@h/db", "postgresql://u:***@h/db"),
    ],
)  # fmt: skip
def test_display_hides_the_password_and_keeps_the_rest(url: str, shown: str) -> None:
    assert resolve(url).display() == shown


def test_scrub_hides_a_password_a_driver_echoes_decoded_or_not() -> None:
    location = resolve("postgresql://u:p%40ss+w@h/db?sslpassword=k%20ey")
    assert location.scrub("no 'p@ss+w', 'p%40ss+w', 'k ey' or 'k%20ey'") == "no '***', '***', '***' or '***'"


@pytest.fixture
def server_database(pg_server: PostgresServer | None) -> Iterator[str]:
    """An empty server database whose URL carries a password twice (trust authentication ignores it)."""
    if pg_server is None:
        pytest.skip("needs the PostgreSQL test server")
    name = f"chipdb_pw_{uuid.uuid4().hex[:12]}"
    pg_server.create(name)
    url = pg_server.url.set(database=name, password=SECRET).render_as_string(hide_password=False)
    yield f"{url}?password={SECRET}"
    pg_server.drop(name)


def test_notices_and_messages_on_a_server_hide_the_password(
    server_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Created, behind, upgraded: every line that names the database hides both passwords."""
    from chipdb import paths

    monkeypatch.setattr(paths, "seed_files", lambda directory=None: [])  # the schema alone: fast
    created = run("--db", server_database, "list", "-q")
    assert created.exit_code == 0, created.output
    assert "Created a chipdb database at" in created.stderr and "***@" in created.stderr
    assert "password=***" in created.stderr
    outputs = [created.output]
    for args in (["db", "downgrade", "0001"], ["list"], ["db", "upgrade"], ["db", "path"], ["db", "current"]):
        result = run("--db", server_database, *args)
        outputs.append(result.output)
    assert "run `chipdb db upgrade`" in outputs[2]
    assert "is at revision" in outputs[3]
    assert not any(SECRET in output for output in outputs), outputs


# --- values that cannot name a database -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("postgresql+psycopg:/u:pw@host/db", "looks like a database URL but is not one"),
        ("postgresql:u@host/db", "looks like a database URL but is not one"),
        ("sqlite:chipdb.sqlite3", "looks like a database URL but is not one"),
        ("db.example:5432", "looks like a database URL but is not one"),
        ("postgresql://", "names no database"),
        ("postgresql+psycopg://me@127.0.0.1/", "names no database"),
        ("postgresql+psycopg://me@127.0.0.1:5432", "names no database"),
        ("postgresql+psycopg://u@h:abc/db", "the port must be a number"),
        ("postgresql+psycopg://u@h:99999/db", "the port must be a number"),
        ("postgresql+psycopg://u@[::1/db", "IPv6 host is written in brackets"),
        ("postgresql+psycopg://u@[::1]]/db", "IPv6 host is written in brackets"),
        ("postgresql+psycopg://u:p@ss@h/db", "must be written %40"),
        ("postgres ql://u@h/db", "looks like a database URL"),
    ],
)
def test_values_that_are_not_database_urls_are_refused(
    value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["list"], ["db", "current"], ["db", "upgrade"], ["db", "path"]):
        line = one_error_line(run("--db", value, *args))
        assert message in line, line
    assert list(tmp_path.iterdir()) == []  # nothing was created where the command ran


def test_a_file_name_with_a_colon_is_written_as_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--db", "./chipdb:2024.sqlite3", "db", "path")
    assert result.exit_code == 0 and result.stdout == f"{tmp_path / 'chipdb:2024.sqlite3'}\n"


def test_a_url_typo_in_the_environment_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPDB_DATABASE_URL", "postgresql+psycopg:/me@host/db")
    assert "not one" in one_error_line(run("list"))
    assert list(tmp_path.iterdir()) == []


def special_path(kind: str, tmp_path: Path) -> str:
    if kind == "device":
        return "/dev/null"
    if kind == "fifo":
        os.mkfifo(tmp_path / "pipe")
        return str(tmp_path / "pipe")
    if kind == "directory":
        return str(tmp_path)
    if kind == "long component":
        return str(tmp_path / ("d" * 300) / "chipdb.sqlite3")
    if kind == "long name":
        return str(tmp_path / ("f" * 300 + ".sqlite3"))
    if kind == "link loop":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        return str(tmp_path / "a")
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("device", "not a regular file"),
        ("fifo", "not a regular file"),
        ("directory", "is a directory"),
        ("long component", "File name too long"),
        ("long name", "File name too long"),
        ("link loop", "Too many levels of symbolic links"),
    ],
)
def test_paths_that_cannot_be_a_database_file_are_refused(kind: str, message: str, tmp_path: Path) -> None:
    path = special_path(kind, tmp_path)
    before = sorted(tmp_path.iterdir())
    for value in (path, f"sqlite:///{path}"):
        for args in (["list"], ["db", "current"], ["db", "upgrade"]):
            assert message in one_error_line(run("--db", value, *args))
    assert sorted(tmp_path.iterdir()) == before
    assert not Path("/dev/null-journal").exists() and not Path("/dev/null-wal").exists()


def test_resolve_raises_the_project_error() -> None:
    with pytest.raises(DatabaseError):
        resolve("postgresql://")
    assert isinstance(resolve("sqlite://"), DatabaseLocation)  # in memory: a valid URL
