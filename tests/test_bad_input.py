"""Bad seed input never hurts: one clear line naming file and place, exit 1, the database unchanged."""

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipdb.catalog import safe_read
from chipdb.catalog.loader import build
from chipdb.config import DatabaseLocation
from chipdb.errors import SeedError
from tests.helpers import deadline, dump, run

CORPUS = Path(__file__).parent / "bad_seeds"
CASES = sorted(CORPUS.glob("*.yaml"))


def expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), path
    return first.removeprefix("# expect:").strip()


def assert_refused(result: Result, name: str, message: str = "") -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and name in lines[0] and message in lines[0], lines[0]
    assert "Traceback" not in result.output


def _refused_by_loader(path: Path) -> bool:
    try:
        build([path])
    except SeedError:
        return True
    return False


#: Files the loader refuses alone, before any database is opened, and files refused only against one.
LOADER_CASES = [p for p in CASES if _refused_by_loader(p)]
DATABASE_CASES = [p for p in CASES if p not in LOADER_CASES]


@pytest.mark.parametrize("path", LOADER_CASES, ids=[p.stem for p in LOADER_CASES])
def test_corpus_file_is_refused_by_the_loader(path: Path) -> None:
    """One line naming the file and the problem; the CLI prints it as `Error: ...` (next tests)."""
    with pytest.raises(SeedError) as refused:
        build([path])
    message = str(refused.value)
    assert "\n" not in message and path.name in message and expected(path) in message, message


@pytest.mark.parametrize("path", DATABASE_CASES, ids=[p.stem for p in DATABASE_CASES])
def test_corpus_file_is_refused_against_the_database_and_changes_nothing(
    db: DatabaseLocation, path: Path
) -> None:
    before = dump(db)
    assert_refused(run("seed", str(path)), path.name, expected(path))
    assert dump(db) == before


def test_corpus_has_both_kinds() -> None:
    assert len(LOADER_CASES) > 30 and len(DATABASE_CASES) >= 3, (len(LOADER_CASES), len(DATABASE_CASES))


def test_a_bad_file_among_good_ones_writes_nothing(db: DatabaseLocation, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "sources:\n  - {id: good-src, title: Good, tier: official}\n"
        "chips:\n  - {name: Good G1, vendor: NVIDIA, source: good-src, market: edge, tdp_w: 15 W}\n"
    )
    before = dump(db)
    assert_refused(run("seed", str(good), str(CASES[0])), CASES[0].name)
    assert dump(db) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("binary.yaml", bytes(range(256)) * 10, "not UTF-8"),
        ("nul.yaml", b"chips: []\n\x00\x00", "binary data"),
        ("latin1.yaml", "chips: [{name: caf\xe9}]".encode("latin-1"), "not UTF-8"),
        ("utf16.yaml", "chips: []".encode("utf-16"), "not UTF-8"),
        ("huge.yaml", b"# " + b"x" * (30 * 1024 * 1024), "seed files may be at most"),
    ],
)
def test_generated_bad_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SeedError) as refused:
        build([path])
    assert "\n" not in str(refused.value) and name in str(refused.value) and message in str(refused.value)


SPECIAL_FILES = [
    ("fifo", ["seed", "--check"]), ("fifo", ["seed", "--dry-run"]), ("fifo", ["seed"]),
    ("dev-zero", ["seed"]), ("dev-urandom", ["seed", "--dry-run"]), ("directory", ["seed", "--check"]),
]  # fmt: skip


def test_only_regular_files_are_read(db: DatabaseLocation, tmp_path: Path) -> None:
    """A FIFO used to block `seed` for ever and /dev/zero to grow memory without bound: refused at once.
    (One database for every case: a database per case costs more than the cases.)"""
    before = dump(db)
    for case, (kind, command) in enumerate(SPECIAL_FILES):
        path = tmp_path / str(case) / f"{kind}.yaml"
        path.parent.mkdir()
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "directory":  # a directory named like a seed file, inside the directory given
            path.mkdir()
        else:
            device = Path("/dev") / kind.removeprefix("dev-")
            if not device.exists():
                continue
            path.symlink_to(device)
        with deadline(10):
            result = run(*command, str(path.parent if kind == "directory" else path))
        assert_refused(result, path.name, "not a regular file")
    assert dump(db) == before


def test_at_most_the_limit_is_read_whatever_the_size_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/proc files say they are empty; the reader stops one byte past the limit instead of trusting that."""
    proc = Path("/proc/self/maps")
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("no /proc file that reports size 0")
    monkeypatch.setattr(safe_read, "MAX_FILE_BYTES", 64)
    link = tmp_path / "proc.yaml"
    link.symlink_to(proc)
    with pytest.raises(SeedError, match="over 64 bytes"):
        safe_read.read_text(link)


def test_aliases_are_refused_by_the_constructor_too() -> None:
    """The event scan finds anchors before anything is built; the constructor refuses any alias on its own."""
    for text in ("a: &x 1\nb: *x\n", "a: &x [1]\nb: *x\n", "a: &x {k: 1}\nb: [*x]\n"):
        with pytest.raises(yaml.YAMLError, match="anchors and aliases"):
            yaml.load(text, Loader=safe_read._Loader)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0700", "0700"), ("11:40", "11:40"), ("0x2BC", "0x2BC"), ("0b11", "0b11"), ("1_000", 1000), ("-7", -7),
     ("1.5", 1.5), (".inf", float("inf")), ("2023-02-01", dt.date(2023, 2, 1))],
)  # fmt: skip
def test_numbers_are_decimal(text: str, value: object) -> None:
    """YAML 1.1 reads 0700 as octal 448 and 11:40 as 700 (base 60): here they stay text."""
    assert yaml.load(f"v: {text}", Loader=safe_read._Loader) == {"v": value}


def test_huge_integers_in_json_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json.yaml"
    path.write_text('{"chips": [{"name": "Big", "tdp_w": ' + "9" * 5000 + "}]}")
    with pytest.raises(SeedError, match="5,000 digits"):
        build([path])


def test_missing_file_empty_directory_and_empty_path(
    db: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`seed ""` used to seed the working directory, and `seed --check` on an empty directory to pass."""
    (tmp_path / "x.yaml").write_text("chips: [{name: Cwd C1}]\n")  # what `seed ""` would have read
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    before = dump(db)
    for command in (["seed"], ["seed", "--check"], ["seed", "--dry-run"]):
        assert_refused(run(*command, str(tmp_path / "nope.yaml")), "nope.yaml", "cannot read")
        assert_refused(
            run(*command, str(tmp_path / "empty")), "empty", "no seed files (*.yaml) in this directory"
        )
        assert_refused(run(*command, ""), "", "an empty path")
        assert_refused(run(*command, "x.yaml", " "), "", "an empty path")
    assert dump(db) == before


def test_the_path_argument_still_completes_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipdb.cli.seed_commands import _complete_paths

    (tmp_path / "amd.yaml").write_text("chips: []\n")
    (tmp_path / "all").mkdir()
    monkeypatch.chdir(tmp_path)
    assert _complete_paths("a") == ["all", "amd.yaml"] and _complete_paths("[") == []


def test_an_unreadable_file_is_one_error_line_and_exit_1(
    db: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 gave click's usage error, exit 2. Root reads anything, so the denial is simulated for the file:
    click's access check and the open itself both refuse it, as they do for a user without the permission."""
    path = tmp_path / "locked.yaml"
    path.write_text("chips: []\n")
    path.chmod(0)
    real_access, real_open = os.access, os.open

    def access(target: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        return False if Path(target) == path else real_access(target, mode, *args, **kwargs)

    def open_(target: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(target) == path:
            raise PermissionError(13, "Permission denied", str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", open_)
    before = dump(db)
    for command in (["seed"], ["seed", "--check"]):
        assert_refused(run(*command, str(path)), "locked.yaml", "cannot read: Permission denied")
    assert dump(db) == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["name", "vendor", "source", "market", "tdp_w", "die_area_mm2", "memory_bandwidth_gbs", "release_date",
          "aliases", "performance", "notes", "memory_type"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values)
def test_random_documents_never_traceback(tmp_path: Path, document: object) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        build([path])
    except SeedError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FIELDS), json_values)
def test_random_field_values_never_traceback(tmp_path: Path, field: str, value: object) -> None:
    chip = {"name": "Fuzz F1", "vendor": "NVIDIA", "source": "s", "market": "datacenter", field: value}
    path = tmp_path / "fuzz.yaml"
    path.write_text(json.dumps({"chips": [chip]}, allow_nan=True), encoding="utf-8")
    try:
        build([path])
    except SeedError as exc:
        assert "\n" not in str(exc)


def test_names_with_sql_metacharacters_are_stored_and_found_literally(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    tricky = 'Robert\'); DROP TABLE chips;-- 100% "x"'
    path = tmp_path / "tricky.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "sources": [{"id": "tricky-src", "title": "It's 50% off; --", "tier": "secondary"}],
                "chips": [
                    {
                        "name": tricky,
                        "vendor": "NVIDIA",
                        "source": "tricky-src",
                        "market": "edge",
                        "aliases": ["50%_off", "a_b"],
                        "tdp_w": 10,
                    }
                ],
            }
        )
    )
    assert run("seed", str(path)).exit_code == 0
    assert json.loads(run("show", tricky, "-f", "json").stdout)["name"] == tricky
    assert json.loads(run("show", "50%_off", "-f", "json").stdout)["name"] == tricky
    assert run("show", "%%").exit_code == 1  # a wildcard is a literal, not "match anything"
    assert run("list", "-q").stdout.count("\n") >= 60  # the chips table is still there
