"""A property-based fuzz of the CLI's options: whatever the arguments, chipdb exits 0, 1 or 2, says a failure in
one `Error:` line (or click's usage message), never shows a traceback or a password, and changes no database."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipdb.config import DatabaseLocation
from tests.helpers import dump, run

NAMES = [
    "H800",
    "910B",
    "h100",
    "A800 PCIe",
    "H810",
    "",
    " ",
    "昇腾910B",
    "x" * 300,
    "'; DROP TABLE chips;--",
]
DATES = ["2023-06-01", "2023-02-30", "1999-01-01", "2100-01-01", "today", "yesterday", "", "2023-06", "0"]
COUNTRIES = ["CN", "cn", "China", "SA", "VN", "XX", "", "Hong Kong", "MO", "Narnia"]
FORMATS = ["table", "csv", "tsv", "json", "github", "html", "latex", "nope", ""]
NUMBERS = ["1", "0", "-5", "nan", "inf", "1e309", "4800", "abc", "", "1,000"]
TEXT = st.text(max_size=12)
SECRET = "s3cr3t-pw"

VALUES = {
    "--as-of": st.sampled_from(DATES), "--on": st.sampled_from(DATES), "--since": st.sampled_from(DATES),
    "--until": st.sampled_from(DATES), "-d": st.sampled_from(COUNTRIES), "--to": st.sampled_from(COUNTRIES),
    "--end-user-hq": st.sampled_from(COUNTRIES), "-f": st.sampled_from(FORMATS),
    "--vendor": st.sampled_from(["nvidia", "AMD", "nvdia", ""]) | TEXT,
    "--market": st.sampled_from(["datacenter", "Consumer", "datacentre"]),
    "--where": st.sampled_from(["tpp >= 4800", "name ~ h1", "tpp >> 1", "nope = 1", "memory_capacity_gb < x"]) | TEXT,
    "--sort": st.sampled_from(["tpp", "name", "tppp"]) | TEXT, "--limit": st.sampled_from(NUMBERS),
    "--columns": st.sampled_from(["name,tpp", "name,,vendor", "bogus"]) | TEXT,
    "--tpp": st.sampled_from(NUMBERS), "--die-area": st.sampled_from(NUMBERS),
    "--rate": st.sampled_from(["int8=588.35", "fp8=nan", "fp9=1", "int8", "=1"]) | TEXT,
}  # fmt: skip
COMMANDS: dict[str, tuple[str, ...]] = {
    "compare": ("--as-of", "-d", "-f"),
    "list": (
        "--as-of",
        "-d",
        "-f",
        "--vendor",
        "--market",
        "--where",
        "--sort",
        "--limit",
        "--columns",
        "--since",
    ),
    "show": ("--as-of", "-d", "-f"),
    "assess": ("--to", "--on", "--end-user-hq", "-f"),
    "classify": ("--tpp", "--die-area", "--rate", "-f", "--as-of"),
    "timeline": ("--since", "--until", "-f"),
    "check": ("-d", "--as-of", "-f"),
}
TAKES_NAMES = {"compare": 2, "show": 1, "assess": 1, "timeline": 1, "classify": 1}


@st.composite
def command_lines(draw: Any) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    args = [command]
    for _ in range(draw(st.integers(0, TAKES_NAMES.get(command, 0)))):
        args.append(draw(st.sampled_from(NAMES) | TEXT))
    for option in draw(st.lists(st.sampled_from(COMMANDS[command]), max_size=4)):
        args += [option, draw(VALUES[option])]
    return args


def _check(result: Any, args: list[str]) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, output[-500:])
    assert "Traceback" not in output and SECRET not in output, args
    if result.exit_code == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and result.stderr.rstrip().splitlines()[-1].startswith("Error:"), (
            args,
            result.stderr,
        )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=command_lines())
def test_any_options_of_the_read_commands(db: DatabaseLocation, args: list[str]) -> None:
    _check(run(*args), args)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(command_lines(), min_size=12, max_size=12))
def test_the_fuzzed_database_is_unchanged(db: DatabaseLocation, batch: list[list[str]]) -> None:
    """The same fuzz, twelve command lines at a time, with every row compared before and after."""
    before = dump(db)
    for args in batch:
        _check(run(*args), args)
    assert dump(db) == before


@settings(max_examples=15, deadline=None)
@given(args=command_lines())
def test_a_password_in_the_url_never_shows(args: list[str]) -> None:
    """An unreachable server named with a password: every command fails in one line without showing it."""
    url = f"postgresql+psycopg://someone:{SECRET}@127.0.0.1:1/nowhere?password={SECRET}"
    _check(run("--db", url, *args), args)
