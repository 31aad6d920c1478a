"""Seeding in the terminal: every problem at once with its line, "did you mean", the dry-run diff, warnings
for aliases that disappear, the bundled-data note on read commands, and `db path`."""

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from chipdb import __version__
from chipdb.catalog.loader import build
from chipdb.config import DatabaseLocation
from chipdb.errors import SeedError
from tests.helpers import dump, run
from tests.test_seed import NEW_CHIP, write

MANY = Path(__file__).parent / "bad_seeds" / "many_mistakes.yaml"
NOTE = "Note: the bundled data is newer than this database"


def line_of(path: Path, fragment: str) -> int:
    """The 1-based line of the first line of `path` containing `fragment`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


# --- every problem at once -------------------------------------------------------------------------------


def test_every_mistake_the_loader_can_see_is_reported_in_one_run() -> None:
    with pytest.raises(SeedError) as refused:
        build([MANY])
    summary, details = str(refused.value), refused.value.details
    assert summary == f"{MANY}: 5 problems"
    expected = {
        "memory_capcity_gb": "memory_capcity_gb: unknown field; did you mean 'memory_capacity_gb'?",
        "300 GB/s": "tdp_w: '300 GB/s' is not a quantity in W (wrong dimension",
        "fp7": "performance.fp7: not one of fp64,",
        "datacentre": "market: expected one of 'datacenter',",
        "15 W": "chips[2] (Many M3).tdp_w: no source",
    }
    assert len(details) == len(expected)
    for (fragment, message), detail in zip(expected.items(), details, strict=True):  # in line order
        assert detail.startswith(f"{MANY}:{line_of(MANY, fragment)}: "), detail
        assert message in detail and "\n" not in detail


def test_the_cli_prints_every_problem_then_one_error_line_and_writes_nothing(db: DatabaseLocation) -> None:
    before = dump(db)
    result = run("seed", str(MANY))
    assert result.exit_code == 1 and result.stdout == "" and "Traceback" not in result.output
    *problems, last = result.stderr.strip().splitlines()
    assert last == f"Error: {MANY}: 8 problems"
    assert all(re.match(rf"{re.escape(str(MANY))}:\d+: ", line) for line in problems), problems
    found = "\n".join(problems)
    for message in (
        "(Many M1).vendor: unknown vendor 'Nvidiaa'; did you mean 'NVIDIA'?",
        "(Many M1).memory_bandwidth_gbs: undefined source 'many-scr'; did you mean 'many-src'?",
        "(many-event).chips: unknown chip 'Many M9'; did you mean 'Many M1'",
        "memory_capcity_gb: unknown field",
    ):
        assert message in found
    assert f"{MANY}:{line_of(MANY, 'Nvidiaa')}: chips[0] (Many M1).vendor" in found
    assert dump(db) == before


def test_problems_in_several_files_are_summarised_by_count(tmp_path: Path) -> None:
    one = write(tmp_path, NEW_CHIP.replace("tdp_w:", "tdp_watts:"), "one.yaml")
    other = NEW_CHIP.replace("Example X1", "Example X2").replace("[X1]", "[X2]")
    two = write(tmp_path, other.replace("600 mm2", "600 W"), "two.yaml")
    with pytest.raises(SeedError) as refused:
        build([one, two])
    assert str(refused.value) == "2 files: 3 problems"  # two.yaml also declares test-vendor-page again
    assert [d.split(":")[0] for d in refused.value.details] == [str(one), str(two), str(two)]


def test_a_yaml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "chips:\n  - name: X\n    vendor: [\n")
    with pytest.raises(SeedError) as refused:
        build([path])
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: YAML error: .*", str(refused.value))


def test_seed_check_reports_through_the_same_mechanism(tmp_path: Path) -> None:
    vendors = write(tmp_path, "vendors: [{name: NVIDIA, country: US}]\n", "vendors.yaml")
    chips = write(tmp_path, NEW_CHIP.replace("600 mm2", "6 mm2"), "chips.yaml")  # far too dense
    result = run("seed", "--check", str(vendors), str(chips))
    assert result.exit_code == 1
    *problems, last = result.stderr.strip().splitlines()
    assert problems and last.startswith("Error: seed check failed: ")


# --- did you mean ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        (("memory_capacity_gb:", "memory_capcity_gb:"), "did you mean 'memory_capacity_gb'?"),
        (("tdp_w: 400 W", "tdp_w: {value: 400 W, sorce: test-vendor-page}"), "did you mean 'source'?"),
        (("fp16: {dense: 150", "fp61: {dense: 150"), "'fp16'?"),
        (("fp16: {dense: 150", "fp16: {dens: 150"), "did you mean 'dense'?"),
        (("market: datacenter", "market: datacentre"), "did you mean 'datacenter'?"),
        (("tier: official", "tier: oficial"), "did you mean 'official'?"),
    ],
)
def test_misspelt_keys_and_values_get_a_suggestion(
    tmp_path: Path, change: tuple[str, str], hint: str
) -> None:
    assert change[0] in NEW_CHIP
    with pytest.raises(SeedError) as refused:
        build([write(tmp_path, NEW_CHIP.replace(*change))])
    assert hint in str(refused.value)


@pytest.mark.parametrize(
    ("change", "hint"),
    [
        (("vendor: NVIDIA", "vendor: Nvidea"), "unknown vendor 'Nvidea'; did you mean 'NVIDIA'?"),
        (
            ("tdp_w: 400 W", "tdp_w: {value: 400 W, source: epoch-ml-hardwre}"),
            "tdp_w: undefined source 'epoch-ml-hardwre'; did you mean 'epoch-ml-hardware'?",
        ),
    ],
)
def test_unknown_names_get_a_suggestion_from_the_database(
    db: DatabaseLocation, tmp_path: Path, change: tuple[str, str], hint: str
) -> None:
    result = run("seed", str(write(tmp_path, NEW_CHIP.replace(*change))))
    assert result.exit_code == 1 and hint in result.stderr


def test_an_unknown_chip_in_an_event_gets_a_suggestion(db: DatabaseLocation, tmp_path: Path) -> None:
    event = """
    events:
      - {id: ux-event, date: "2024-01-01", authority: BIS, action: guidance, destinations: [CN],
         chips: [H800 SXM5 80G], source: epoch-ml-hardware, summary: x}
    """
    result = run("seed", str(write(tmp_path, event)))
    assert result.exit_code == 1
    assert "unknown chip 'H800 SXM5 80G'; did you mean 'H800 SXM5 80GB'" in result.stderr


# --- the dry-run diff and the warnings -------------------------------------------------------------------

EDITED = (
    NEW_CHIP.replace("400 W", "450 W")
    .replace("aliases: [X1]", "aliases: [Ex1]")
    .replace('fp8: {dense: "300 TFLOPS"}', 'fp8: {dense: "310 TFLOPS"}')
    .replace("fp64: n/a", "fp64: {dense: 2}")
)


def test_dry_run_prints_each_change_and_writes_nothing(db: DatabaseLocation, tmp_path: Path) -> None:
    assert run("seed", str(write(tmp_path, NEW_CHIP))).exit_code == 0
    before = dump(db)
    edited = write(tmp_path, EDITED, "edited.yaml")
    result = run("seed", "--dry-run", str(edited))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Example X1: tdp_w: 400 W -> 450 W",
        "Example X1: fp64.dense: n/a -> 2 TFLOPS",
        "Example X1: fp8.dense: 300 TFLOPS -> 310 TFLOPS",
        "Example X1: alias added: 'Ex1'",
        "Example X1: alias removed: 'X1'",
    ]
    assert result.stderr.splitlines() == [
        f"Warning: Example X1: alias 'X1' would be removed (it is no longer in {edited})",
        "Valid: 1 files; chips: 0 would add, 1 would update, 0 unchanged; "
        "events: 0 would add, 0 would update",
    ]
    assert dump(db) == before


def test_dry_run_names_new_chips_and_event_changes(db: DatabaseLocation, tmp_path: Path) -> None:
    event = (
        "events:\n  - {id: ux-event, date: '2024-01-01', authority: BIS, action: guidance,"
        " destinations: [CN, MO], chips: [H800, Example X1], source: test-vendor-page, summary: x}\n"
    )
    assert run("seed", str(write(tmp_path, NEW_CHIP + event))).exit_code == 0
    changed = event.replace("H800, Example X1", "Example X1").replace("CN, MO", "CN, VN")
    result = run("seed", "--dry-run", str(write(tmp_path, NEW_CHIP + changed, "changed.yaml")))
    assert result.stdout.splitlines() == [
        "event ux-event: destinations added: VN",
        "event ux-event: destinations removed: MO",
        "event ux-event: chips removed: H800 SXM5 80GB",
    ]
    fresh = NEW_CHIP.replace("Example X1", "Example X9").replace("[X1]", "[X9]")
    result = run("seed", "--dry-run", str(write(tmp_path, fresh, "fresh.yaml")))
    assert result.stdout == "Example X9: new chip (NVIDIA, datacenter)\n"


def test_a_real_seed_warns_for_each_alias_it_removes(db: DatabaseLocation, tmp_path: Path) -> None:
    assert run("seed", str(write(tmp_path, NEW_CHIP.replace("[X1]", "[X1, X1b]")))).exit_code == 0
    assert run("show", "X1b").exit_code == 0
    edited = write(tmp_path, NEW_CHIP.replace("[X1]", "[]"), "edited.yaml")
    result = run("seed", str(edited))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert warnings == [
        f"Warning: Example X1: alias 'X1' was removed (it is no longer in {edited})",
        f"Warning: Example X1: alias 'X1b' was removed (it is no longer in {edited})",
    ]
    assert run("show", "X1b").exit_code == 1  # what the warning says: the alias is gone
    assert "Warning" not in run("seed", str(edited)).stderr  # nothing left to remove


def test_a_name_whose_case_changes_is_the_same_chip(db: DatabaseLocation, tmp_path: Path) -> None:
    assert run("seed", str(write(tmp_path, NEW_CHIP))).exit_code == 0
    renamed = write(tmp_path, NEW_CHIP.replace("Example X1", "EXAMPLE X1"), "renamed.yaml")
    assert run("seed", "--dry-run", str(renamed)).stdout == "EXAMPLE X1: name: 'Example X1' -> 'EXAMPLE X1'\n"
    result = run("seed", str(renamed))
    assert result.exit_code == 0 and "0 added, 1 updated" in result.stderr
    assert run("show", "x1", "-f", "json").stdout.count('"EXAMPLE X1"') == 1


# --- the bundled data --------------------------------------------------------------------------------------


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled seed directory that chipdb takes for its own (contents and times kept)."""
    from chipdb import paths

    copy = tmp_path / "bundled"
    shutil.copytree(paths.seed_dir(), copy)
    monkeypatch.setattr(paths, "seed_dir", lambda: copy)
    return copy


def set_facts(db: DatabaseLocation, sql: str) -> None:
    engine = create_engine(db.url)
    with engine.begin() as connection:
        connection.execute(text(sql))
    engine.dispose()


def test_read_commands_are_quiet_when_the_bundled_data_is_loaded(db: DatabaseLocation) -> None:
    result = run("compare", "H800", "910B")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_newer_bundled_file_gets_a_note_until_seed_bundled(db: DatabaseLocation, bundled: Path) -> None:
    write(bundled, NEW_CHIP, "new-chip.yaml")  # a chip the database does not have yet
    result = run("compare", "H800", "910B")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{NOTE} (loaded on {_seeded_on(db)} from chipdb {__version__}; the bundled files have changed "
        "since); run `chipdb seed --bundled` to update."
    ]
    seeded = run("seed", "--bundled")
    assert seeded.exit_code == 0 and "1 added" in seeded.stderr and NOTE not in seeded.stderr
    assert run("compare", "H800", "910B").stderr == ""


def test_files_touched_but_unchanged_get_no_note(db: DatabaseLocation, bundled: Path) -> None:
    for path in bundled.glob("*.yaml"):
        path.write_bytes(path.read_bytes())  # new modification times, same contents
    assert run("list", "-q").stderr == ""


def test_a_database_with_no_record_gets_the_note(db: DatabaseLocation) -> None:
    set_facts(db, "DELETE FROM chipdb_meta")
    result = run("show", "H20")
    assert result.exit_code == 0 and f"{NOTE} (the database has no record of loading it)" in result.stderr
    assert run("seed").exit_code == 0  # plain `seed` is `seed --bundled`
    assert run("show", "H20").stderr == ""


def test_a_database_seeded_by_a_newer_chipdb_gets_no_note(db: DatabaseLocation) -> None:
    set_facts(db, "UPDATE chipdb_meta SET value = 'x' WHERE key IN ('bundled_stamp', 'bundled_sha256')")
    assert NOTE in run("list", "-q").stderr
    set_facts(db, "UPDATE chipdb_meta SET value = '99.0' WHERE key = 'bundled_version'")
    assert run("list", "-q").stderr == ""


def test_an_upgraded_sqlite_database_is_told_to_load_the_bundled_data(empty_db: DatabaseLocation) -> None:
    if empty_db.sqlite_path is None:
        pytest.skip("server databases are never upgraded implicitly")
    assert run("db", "upgrade", "0003").exit_code == 0
    result = run("list", "-q")
    assert "Upgraded" in result.stderr and NOTE in result.stderr


def test_seed_bundled_takes_no_paths(db: DatabaseLocation, tmp_path: Path) -> None:
    result = run("seed", "--bundled", str(write(tmp_path, NEW_CHIP)))
    assert result.exit_code == 1 and result.stderr.startswith("Error: --bundled loads the data bundled")


def test_reseeding_unchanged_bundled_data_changes_no_row(db: DatabaseLocation) -> None:
    before = dump(db)
    assert run("seed", "--bundled").exit_code == 0
    assert dump(db) == before


def _seeded_on(db: DatabaseLocation) -> str:
    engine = create_engine(db.url)
    with engine.connect() as connection:
        value = connection.execute(
            text("SELECT value FROM chipdb_meta WHERE key = 'bundled_seeded_on'")
        ).scalar_one()
    engine.dispose()
    return str(value)


# --- db path ---------------------------------------------------------------------------------------------


def test_db_path_prints_where_the_database_is(db: DatabaseLocation) -> None:
    result = run("db", "path")
    assert result.exit_code == 0 and result.stdout == db.display() + "\n"
    if db.sqlite_path is not None:
        assert result.stdout == f"{db.sqlite_path}\n"


def test_db_path_hides_the_password_and_connects_to_nothing() -> None:
    result = run("--db", "postgresql+psycopg://user:s3cret@db.invalid:5432/chipdb", "db", "path")
    assert result.exit_code == 0
    assert result.stdout == "postgresql+psycopg://user:***@db.invalid:5432/chipdb\n"
    assert "s3cret" not in result.output


def test_db_path_says_when_there_is_no_database_yet(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "new.sqlite3"), "db", "path")
    assert result.exit_code == 0 and result.stdout == f"{tmp_path / 'new.sqlite3'}\n"
    assert "no database there yet" in result.stderr
    assert not (tmp_path / "new.sqlite3").exists()
