"""The catalog: size, every value sourced, and `seed --check` catching each kind of inconsistency."""

import json
from pathlib import Path
from typing import Any

import pytest

from chipdb.catalog.loader import build
from chipdb.paths import seed_files
from tests.helpers import run


def test_bundled_catalog_passes_the_check() -> None:
    result = run("seed", "--check")
    assert result.exit_code == 0, result.stderr
    assert "all explained in notes" in result.stderr


def test_catalog_size_and_vendors() -> None:
    seed = build(seed_files())
    assert len(seed.chips) >= 50
    assert len({c.vendor for c in seed.chips}) >= 6
    names = {c.name for c in seed.chips}
    for required in ("A100 SXM4 80GB", "H100 SXM5 80GB", "A800 SXM4 80GB", "H800 SXM5 80GB", "H20", "Ascend 910B",
                     "Instinct MI300X", "Instinct MI309", "Gaudi 3", "TPU v5p", "BR100", "MTT S4000"):  # fmt: skip
        assert required in names


def test_every_value_has_a_declared_source() -> None:
    seed = build(seed_files())
    for chip in seed.chips:
        assert chip.source_keys() <= seed.sources.keys(), chip.name
        for cited in (*chip.fields.values(), *chip.throughputs.values()):
            assert cited.source in seed.sources


def test_chinese_names_are_aliases() -> None:
    seed = build(seed_files())
    aliases = {a for c in seed.chips for a in c.aliases}
    assert "昇腾910B" in aliases


BASE = {
    "sources": [{"id": "t-src", "title": "Test", "tier": "official"}],
    "chips": [
        {"name": "Test T1 SXM5", "vendor": "NVIDIA", "source": "t-src", "market": "datacenter",
         "die_area_mm2": 800, "tdp_w": 700, "memory_bandwidth_gbs": 3000,
         "performance": {"fp16": {"dense": 1000}}},
        {"name": "Test T1 PCIe", "vendor": "NVIDIA", "source": "t-src", "market": "datacenter",
         "die_area_mm2": 800, "tdp_w": 350, "memory_bandwidth_gbs": 2000,
         "performance": {"fp16": {"dense": 750}}},
    ],
}  # fmt: skip


def check(tmp_path: Path, document: dict[str, Any]) -> str:
    vendors = tmp_path / "vendors.yaml"
    vendors.write_text("vendors: [{name: NVIDIA, country: US}]\n")
    path = tmp_path / "t.yaml"
    path.write_text(json.dumps(document))
    result = run("seed", "--check", str(vendors), str(path))
    return result.stderr if result.exit_code else ""


def test_clean_test_set_passes(tmp_path: Path) -> None:
    assert check(tmp_path, BASE) == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sources"].append({"id": "t-unused", "title": "U", "tier": "secondary"}),
            "unused source",
        ),
        (lambda d: d["chips"][1]["performance"]["fp16"].update(dense=1100), "PCIe faster than SXM"),
        (lambda d: d["chips"][1].update(memory_bandwidth_gbs=3500), "PCIe faster than SXM"),
        (lambda d: d["chips"][0].update(tpp_stated=12000), "TPP disagrees"),
        (lambda d: d["chips"][0]["performance"].update(fp8={"dense": 90000}), "TOPS/mm2"),
        (lambda d: d["chips"][0].update(tdp_w=5000), "W/mm2"),
        (lambda d: d["chips"][0].update(memory_bandwidth_gbs=100000, tdp_w=700), "GB/s per W"),
        (lambda d: d["chips"][0]["performance"].update(bf16={"dense": 500}), "mixed accumulate modes"),
        (
            lambda d: d["chips"][0]["performance"].update(fp32={"dense": 60}, fp32_matrix={"dense": 30}),
            "fp32 swapped",
        ),
    ],
)
def test_check_catches(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(json.dumps(BASE))
    change(document)
    stderr = check(tmp_path, document)
    assert message in stderr, stderr
    assert "seed check failed" in stderr


def test_crosscheck_lists_epoch_differences() -> None:
    data = json.loads(run("crosscheck", "-f", "json").stdout)
    assert data and all(d["explained"] for d in data)
    h800 = [d for d in data if d["chip"] == "H800 SXM5 80GB" and d["field"] == "fp64"]
    assert h800 and h800[0]["chipdb"] == 1  # Epoch computes FP64 from clocks, ignoring the H800's FP64 cut


def test_unexplained_epoch_difference_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Map a test chip onto Epoch's H100 row: its figures differ and its notes do not say why."""
    from chipdb.catalog import crosscheck

    monkeypatch.setattr(crosscheck, "load_names", lambda: {"Test T1 SXM5": "NVIDIA H100 SXM5 80GB"})
    stderr = check(tmp_path, BASE)
    assert "differs from Epoch" in stderr and "Test T1 SXM5" in stderr
