"""Seeding: idempotent, updates edits, and every user error leaves the database exactly as it was."""

import json
import math
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from chipdb.catalog.loader import build
from chipdb.catalog.units import to_canonical
from chipdb.config import DatabaseLocation
from chipdb.errors import SeedError
from tests.helpers import deadline, dump, run

NEW_CHIP = """
sources:
  - id: test-vendor-page
    title: Test accelerator product page
    publisher: Example
    url: https://example.com/x1
    date: "2026-11-28"
    tier: official
chips:
  - name: Example X1
    vendor: NVIDIA
    aliases: [X1]
    source: test-vendor-page
    market: datacenter
    release_date: "2026-11"
    die_area_mm2: 600 mm2
    memory_capacity_gb: 96 GB
    memory_bandwidth_gbs: 4 TB/s
    interconnect_bandwidth_gbs: n/a
    tdp_w: 400 W
    performance:
      fp16: {dense: 150, sparse: 300}
      fp8: {dense: "300 TFLOPS"}
      fp64: n/a
"""


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_seed_is_idempotent(db: DatabaseLocation) -> None:
    before = dump(db)
    result = run("seed")
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated" in result.stderr
    assert dump(db) == before


def test_add_a_new_chip_with_its_sources(db: DatabaseLocation, tmp_path: Path) -> None:
    path = write(tmp_path, NEW_CHIP)
    result = run("seed", str(path))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr
    data = json.loads(run("show", "x1", "-f", "json").stdout)
    assert data["specs"]["memory_bandwidth_gbs"] == 4000
    assert data["specs"]["interconnect_bandwidth_gbs"] == "n/a"
    assert data["performance"]["fp8"] == {"dense": 300, "sparse": None}
    assert data["performance"]["fp64"] == "n/a"
    assert data["tpp"] == 2400
    assert data["sources"][0]["id"] == "test-vendor-page"
    again = run("seed", str(path))
    assert "0 added, 0 updated, 1 unchanged" in again.stderr


def test_an_edited_value_is_updated(db: DatabaseLocation, tmp_path: Path) -> None:
    run("seed", str(write(tmp_path, NEW_CHIP)))
    result = run("seed", str(write(tmp_path, NEW_CHIP.replace("400 W", "450 W"))))
    assert "0 added, 1 updated" in result.stderr
    assert json.loads(run("show", "X1", "-f", "json").stdout)["specs"]["tdp_w"] == 450


def test_dry_run_writes_nothing(db: DatabaseLocation, tmp_path: Path) -> None:
    before = dump(db)
    result = run("seed", "--dry-run", str(write(tmp_path, NEW_CHIP)))
    assert result.exit_code == 0 and "1 would add" in result.stderr
    assert dump(db) == before


BAD = {
    "yaml syntax": ("chips: [\n  - name: x", "YAML error"),
    "empty": ("", "the file is empty"),
    "not a mapping": ("- 1\n- 2\n", "expected a mapping"),
    "unknown field": (NEW_CHIP.replace("tdp_w:", "tdp_watts:"), "tdp_watts: unknown field"),
    "wrong dimension": (NEW_CHIP.replace("tdp_w: 400 W", "tdp_w: 400 GB/s"), "wrong dimension"),
    "negative": (NEW_CHIP.replace("tdp_w: 400 W", "tdp_w: -5"), "outside the plausible range"),
    "absurd": (NEW_CHIP.replace("600 mm2", "600 cm2"), "outside the plausible range"),
    "sparse below dense": (NEW_CHIP.replace("sparse: 300", "sparse: 100"), "is not above dense"),
    "undefined source": (NEW_CHIP.replace("source: test-vendor-page\n    market", "source: nope\n    market"), "undefined source 'nope'"),
    "duplicate alias": (NEW_CHIP.replace("aliases: [X1]", "aliases: [H100]"), "already names stored chip"),
    "impossible date": (NEW_CHIP.replace('"2026-11"', '"2026-13"'), "no such month"),
    "unknown vendor": (NEW_CHIP.replace("vendor: NVIDIA", "vendor: Nvidiaa"), "unknown vendor"),
    "no source": (NEW_CHIP.replace("    source: test-vendor-page\n    market", "    market"), "no source"),
    "anchors": ("a: &x [1, 2]\nb: *x\n", "anchors and aliases"),
    "object tag": ("chips: !!python/object/apply:os.system ['true']\n", "YAML error"),
}  # fmt: skip


#: Refused only against a database (the stored vendors, sources and chips); the rest the loader refuses alone.
NEEDS_DATABASE = {"unknown vendor", "undefined source", "duplicate alias"}


def _good_and_bad(tmp_path: Path, case: str) -> tuple[Path, Path]:
    good = write(
        tmp_path,
        NEW_CHIP.replace("Example X1", "Example X2")
        .replace("[X1]", "[X2]")
        .replace("test-vendor-page", "other-page"),
        "a.yaml",
    )
    return good, write(tmp_path, BAD[case][0], "b.yaml")


@pytest.mark.parametrize("case", sorted(set(BAD) - NEEDS_DATABASE))
def test_bad_seed_is_refused_by_the_loader(tmp_path: Path, case: str) -> None:
    with pytest.raises(SeedError) as refused:
        build(list(_good_and_bad(tmp_path, case)))
    assert BAD[case][1] in str(refused.value) and "b.yaml" in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("case", sorted(NEEDS_DATABASE))
def test_bad_seed_is_refused_and_changes_nothing(db: DatabaseLocation, tmp_path: Path, case: str) -> None:
    good, bad = _good_and_bad(tmp_path, case)
    before = dump(db)
    result = run("seed", str(good), str(bad))
    assert result.exit_code == 1, result.output
    assert BAD[case][1] in result.stderr
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "b.yaml" in result.stderr
    assert dump(db) == before


@pytest.mark.parametrize(
    "data", [b"\xff\xfe\x00garbage", "name: caf\xe9".encode("latin-1"), b"x" * (9 * 1024 * 1024)]
)
def test_binary_invalid_utf8_and_huge_files(db: DatabaseLocation, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(data)
    before = dump(db)
    result = run("seed", str(path))
    assert result.exit_code == 1
    assert "junk.yaml" in result.stderr and "Traceback" not in result.output
    assert dump(db) == before


@given(st.floats(min_value=0.001, max_value=1e6, allow_nan=False), st.sampled_from(["GB/s", "TB/s", "MB/s"]))
def test_bandwidth_units_convert(value: float, unit: str) -> None:
    factor = {"GB/s": 1, "TB/s": 1000, "MB/s": 0.001}[unit]
    assert to_canonical(f"{value!r} {unit}", "GB/s") == pytest.approx(value * factor, rel=1e-9)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("3.35 TB/s", "GB/s", 3350.0),
        ("80GiB", "GB", 85.89934592),
        ("1,979.5 TFLOPS", "TFLOPS", 1979.5),
        ("1.5e3", "W", 1500.0),
        (".5 kW", "W", 500.0),
        ("814 mm^2", "mm2", 814.0),
        ("814 mm2", "mm2", 814.0),
        ("2.5 PFLOPS", "TFLOPS", 2500.0),
        ("80 billion transistors", "billion", 80.0),
        ("5,000", "", 5000.0),
    ],
)
def test_number_and_unit_forms(text: str, unit: str, expected: float) -> None:
    assert to_canonical(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9**9**8 GB", "NUMBER [UNIT]"),  # pint evaluated this for ever
        ("10 ** 1000 GB", "NUMBER [UNIT]"),  # and this into an OverflowError traceback
        ("2 * 40 GB", "NUMBER [UNIT]"),
        ("80 / 2", "NUMBER [UNIT]"),
        ("1,2 GB", "NUMBER [UNIT]"),  # not a thousands separator
        ("nan GB", "NUMBER [UNIT]"),
        ("80 furlongs", "unknown unit 'furlongs'"),
        ("80 gb", "did you mean 'GB'?"),
        ("80 W", "wrong dimension: W is power, not memory"),
        ("x" * 10_000 + " GB", "NUMBER [UNIT]"),
    ],
)
def test_anything_but_number_and_unit_is_refused(text: str, message: str) -> None:
    with deadline(1.0), pytest.raises(SeedError) as refused:
        to_canonical(text, "GB")
    assert message in str(refused.value) and "\n" not in str(refused.value) and "GB" in str(refused.value)


QUANTITY_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}{}{}".format,
        st.from_regex(r"[-+]?[0-9,.]{1,12}([eE][-+]?[0-9]{1,5})?", fullmatch=True),
        st.sampled_from(["", " ", "  ", "*", "**", "/", " ** "]),
        st.sampled_from(["GB", "W", "kW", "TB/s", "mm2", "9", "**9 GB", "e9", "GB GB", ""]),
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["tdp_w", "memory_capacity_gb", "memory_bandwidth_gbs", "die_area_mm2", "tpp_stated"]),
       QUANTITY_TEXT)  # fmt: skip
@example("tdp_w", "9**9**8 W")
@example("memory_capacity_gb", "10 ** 1000 GB")
@example("tdp_w", "1e9999 W")
def test_any_text_is_a_plausible_number_or_one_seed_error(field: str, text: str) -> None:
    """Whatever the text: a finite number within the field's plausible range, or one SeedError line, quickly."""
    from chipdb.catalog.loader import PLAUSIBLE, _value

    with deadline(1.0):
        try:
            number = _value(f"chips[0].{field}", field, text)
        except SeedError as exc:
            assert "\n" not in str(exc) and f"chips[0].{field}" in str(exc)
            return
    low, high = PLAUSIBLE[field]
    assert isinstance(number, float) and math.isfinite(number) and low <= number <= high


def test_json_schema_file_is_current() -> None:
    """seed/schema.json is generated from the loader's own models; regenerate it when they change."""
    from chipdb.catalog.seed_format import json_schema
    from chipdb.paths import seed_dir

    assert json.loads((seed_dir() / "schema.json").read_text(encoding="utf-8")) == json_schema()


def test_every_bundled_seed_file_validates_against_the_schema() -> None:
    from chipdb.catalog.loader import build
    from chipdb.paths import seed_files

    seed = build(seed_files())
    assert len(seed.chips) >= 50
    assert len({c.vendor for c in seed.chips}) >= 6


def test_a_name_differing_from_a_stored_one_only_by_case_updates_that_chip(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    """The audit saw a raw unique-constraint error here; stored chips are now matched ignoring case (name_key)."""
    chips = len(json.loads(run("list", "-f", "json").stdout))
    path = write(
        tmp_path,
        """
        chips:
          - name: h100 sxm5 80gb
            vendor: NVIDIA
            source: epoch-ml-hardware
            market: datacenter
            aliases: [H100, H100 SXM 80GB, NVIDIA H100 80GB HBM3]
            tdp_w: 700 W
        """,
    )
    result = run("seed", str(path))
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated" in result.stderr and "Traceback" not in result.output
    assert len(json.loads(run("list", "-f", "json").stdout)) == chips
    assert json.loads(run("show", "H100", "-f", "json").stdout)["name"] == "h100 sxm5 80gb"
