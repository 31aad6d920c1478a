"""Cross-check against Epoch AI's ML hardware table (CC BY 4.0), a secondary source with known faults."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from chipdb.catalog.seed_data import ChipSeed
from chipdb.paths import seed_dir

TOLERANCE = 0.05

#: chipdb field -> (Epoch column, factor from Epoch's SI unit to chipdb's unit)
COLUMNS: dict[str, tuple[str, float]] = {
    "fp64": ("FP64 (double precision) performance (FLOP/s)", 1e-12),
    "fp32": ("FP32 (single precision) performance (FLOP/s)", 1e-12),
    "tf32": ("TF32 (TensorFloat-32) performance (FLOP/s)", 1e-12),
    "fp16": ("Tensor-FP16/BF16 performance (FLOP/s)", 1e-12),
    "fp8": ("FP8 performance (FLOP/s)", 1e-12),
    "int8": ("INT8 performance (OP/s)", 1e-12),
    "memory_capacity_gb": ("Memory size per board (Byte)", 1e-9),
    "memory_bandwidth_gbs": ("Memory bandwidth (byte/s)", 1e-9),
    "die_area_mm2": ("Die Size (mm^2)", 1.0),
    "tdp_w": ("TDP (W)", 1.0),
    "transistors_billion": ("Transistors (millions)", 1e-3),
}


@dataclass(frozen=True)
class Difference:
    chip: str
    epoch_name: str
    field: str
    chipdb: float
    epoch: float
    explanation: str | None  # the note's sentences that say why chipdb differs from Epoch

    @property
    def explained(self) -> bool:
        return self.explanation is not None

    @property
    def ratio(self) -> float:
        return self.chipdb / self.epoch


def reference_dir() -> Path:
    return seed_dir() / "reference"


def load_epoch(path: Path | None = None) -> dict[str, dict[str, str]]:
    with (path or reference_dir() / "epoch-ml-hardware.csv").open(encoding="utf-8", newline="") as handle:
        return {row["Hardware name"]: row for row in csv.DictReader(handle)}


def load_names(path: Path | None = None) -> dict[str, str]:
    import yaml

    with (path or reference_dir() / "epoch-names.yaml").open(encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))


def _ours(chip: ChipSeed, field: str) -> float | None:
    if field in ("fp64", "fp32", "tf32", "fp8", "int8"):
        value = chip.throughputs.get((field, "dense"))
        return _float(value.value) if value else None
    if field == "fp16":
        values = [
            _float(v.value)
            for (p, s), v in chip.throughputs.items()
            if p in ("fp16", "bf16") and s == "dense"
        ]
        return max(values) if values else None
    cited = chip.fields.get(field)
    return float(cited.value) if cited is not None and isinstance(cited.value, float) else None


def _float(value: float | str | None) -> float:
    assert isinstance(value, float), "throughputs are numbers once loaded"
    return value


def _explanation(chip: ChipSeed, field: str) -> str | None:
    """The sentences of the field's notes, or else of the chip's, that say why it differs from Epoch."""
    cited = chip.fields.get(field) or chip.precisions.get(field)
    own = [cited.note or "" if cited else ""]
    own += [v.note or "" for (p, _), v in chip.throughputs.items() if p == field]
    for notes in (own, [chip.notes or ""]):
        sentences = [s for note in notes for s in re.split(r"(?<=[.;])\s+", note) if "epoch" in s.casefold()]
        if sentences:
            return " ".join(sentences)
    return None


def compare(
    chips: list[ChipSeed], epoch: dict[str, dict[str, str]], names: dict[str, str]
) -> list[Difference]:
    """Fields where chipdb and Epoch both have a figure and differ by more than 5 %."""
    out = []
    for chip in chips:
        epoch_name = names.get(chip.name)
        if epoch_name is None or epoch_name not in epoch:
            continue
        row = epoch[epoch_name]
        for field, (column, factor) in COLUMNS.items():
            ours, raw = _ours(chip, field), row.get(column, "").strip()
            if ours is None or not raw:
                continue
            try:
                theirs = float(raw) * factor
            except ValueError:
                continue
            if theirs > 0 and abs(ours - theirs) > TOLERANCE * theirs:
                out.append(Difference(chip.name, epoch_name, field, ours, theirs, _explanation(chip, field)))
    return out
