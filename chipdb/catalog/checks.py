"""`chipdb seed --check`: consistency rules for a whole seed set, beyond what the loader validates per value."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chipdb.catalog import crosscheck
from chipdb.catalog.loader import build
from chipdb.catalog.policy_seeds import named_sources
from chipdb.catalog.seed_data import ChipSeed, SeedSet
from chipdb.domain.metrics import tpp_from_rates
from chipdb.domain.names import name_key
from chipdb.domain.vocab import PRECISIONS

#: Physical sanity bounds; a value outside is a typo or a unit slip, not a chip.
MAX_TOPS_PER_MM2 = 20.0
W_PER_MM2 = (0.01, 3.0)
GBS_PER_W = (0.05, 60.0)
TPP_TOLERANCE = 0.01

_FORM = re.compile(r"\b(PCIe|SXM\d?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    where: str  # the file and chip (or source)
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """What `seed --check` found in a set of files: problems (empty when it passes) and what was checked."""

    files: int
    seed: SeedSet
    problems: list[str]
    differences: list[crosscheck.Difference]  # from Epoch above 5 %, explained or not

    def summary(self) -> str:
        s = self.seed
        return (
            f"Checked {self.files} files: {len(s.chips)} chips, {len(s.sources)} sources, {len(s.events)} events; "
            f"{len(self.differences)} differences from Epoch above 5 %, all explained in notes."
        )


def check_files(paths: Sequence[Path]) -> CheckResult:
    """Load the files (raising SeedError on the first invalid one), then every catalog-wide check."""
    seed = build(paths)
    problems = [str(p) for p in check(seed)]
    differences = crosscheck.compare(seed.chips, crosscheck.load_epoch(), crosscheck.load_names())
    problems += [
        f"{d.chip}: differs from Epoch ({d.epoch_name}) by more than 5 % on {d.field}: "
        f"{d.chipdb:g} vs {d.epoch:g}, and the notes do not explain it"
        for d in differences
        if not d.explained
    ]
    return CheckResult(len(paths), seed, problems, differences)


def _num(chip: ChipSeed, name: str) -> float | None:
    cited = chip.fields.get(name)
    return float(cited.value) if cited is not None and isinstance(cited.value, float) else None


def _dense(chip: ChipSeed) -> dict[str, float]:
    return {p: float(v.value) for (p, s), v in chip.throughputs.items() if s == "dense"}  # type: ignore[arg-type]


def check(seed: SeedSet) -> list[Problem]:
    """Every problem found, in a stable order."""
    return [
        *_unused_sources(seed),
        *_siblings(seed),
        *_stated_tpp(seed),
        *_plausibility(seed),
        *_conventions(seed),
    ]


def _unused_sources(seed: SeedSet) -> list[Problem]:
    """A source must back something: a value, an event, a group membership, or be named as corroboration in an
    event's summary or a membership's note ("Also: source-id, ...")."""
    used = set().union(*(c.source_keys() for c in seed.chips)) | {e.source for e in seed.events}
    used |= {m.source for m in seed.country_groups}
    used |= named_sources(
        [e.summary for e in seed.events] + [m.note or "" for m in seed.country_groups], seed.sources
    )
    return [
        Problem(
            f"{seed.source_origins[key]} ({key})", "unused source", "declared but no value or event cites it"
        )
        for key in sorted(seed.sources.keys() - used)
    ]


def _siblings(seed: SeedSet) -> list[Problem]:
    """A PCIe card is never faster than its SXM sibling (same name but for the form factor)."""
    groups: dict[str, dict[str, ChipSeed]] = {}
    for chip in seed.chips:
        match = _FORM.search(chip.name)
        if match:
            base = name_key(_FORM.sub("", chip.name))
            form = "pcie" if match.group(1).lower() == "pcie" else "sxm"
            groups.setdefault(base, {})[form] = chip
    problems = []
    for pair in groups.values():
        if set(pair) != {"pcie", "sxm"}:
            continue
        pcie, sxm = pair["pcie"], pair["sxm"]
        pairs = [(f"{p} dense", _dense(pcie).get(p), _dense(sxm).get(p)) for p in PRECISIONS]
        pairs += [
            (n, _num(pcie, n), _num(sxm, n))
            for n in ("memory_bandwidth_gbs", "interconnect_bandwidth_gbs", "tdp_w")
        ]
        for label, p_value, s_value in pairs:
            if p_value is not None and s_value is not None and p_value > s_value * 1.001:
                problems.append(Problem(f"{pcie.origin} ({pcie.name})", "PCIe faster than SXM",
                                        f"{label} {p_value:g} > {sxm.name}'s {s_value:g}"))  # fmt: skip
    return problems


def _stated_tpp(seed: SeedSet) -> list[Problem]:
    problems = []
    for chip in seed.chips:
        stated = _num(chip, "tpp_stated")
        derived = tpp_from_rates(_dense(chip))
        if (
            stated is not None
            and derived is not None
            and abs(derived.value - stated) > stated * TPP_TOLERANCE
        ):
            problems.append(Problem(f"{chip.origin} ({chip.name})", "TPP disagrees",
                                    f"derived {derived.arithmetic()} but the vendor states {stated:g}"))  # fmt: skip
    return problems


def _plausibility(seed: SeedSet) -> list[Problem]:
    problems = []
    for chip in seed.chips:
        where = f"{chip.origin} ({chip.name})"
        area, tdp, bandwidth = (
            _num(chip, "die_area_mm2"),
            _num(chip, "tdp_w"),
            _num(chip, "memory_bandwidth_gbs"),
        )
        dense = _dense(chip)
        if area and dense and max(dense.values()) / area > MAX_TOPS_PER_MM2:
            best = max(dense, key=lambda p: dense[p])
            problems.append(Problem(where, "implausible", f"{best} {dense[best]:g} TOPS on {area:g} mm2 is "
                                    f"{dense[best] / area:.1f} TOPS/mm2 (> {MAX_TOPS_PER_MM2:g})"))  # fmt: skip
        if area and tdp and not W_PER_MM2[0] <= tdp / area <= W_PER_MM2[1]:
            problems.append(
                Problem(where, "implausible", f"{tdp:g} W on {area:g} mm2 is {tdp / area:.3f} W/mm2")
            )
        if tdp and bandwidth and not GBS_PER_W[0] <= bandwidth / tdp <= GBS_PER_W[1]:
            problems.append(Problem(where, "implausible", f"{bandwidth:g} GB/s at {tdp:g} W is "
                                    f"{bandwidth / tdp:.2f} GB/s per W"))  # fmt: skip
    return problems


def _conventions(seed: SeedSet) -> list[Problem]:
    """One convention per figure (seed/README.md, "Conventions"): tensor figures with FP32 accumulate across a
    row, vector FP32 in `fp32` and matrix FP32 in `fp32_matrix` (the loader checks sparse above dense)."""
    problems = []
    for chip in seed.chips:
        where = f"{chip.origin} ({chip.name})"
        dense = _dense(chip)
        notes = " ".join(
            [chip.notes or "", *(v.note or "" for v in chip.throughputs.values())]
            + [c.note or "" for c in chip.precisions.values()]
        ).casefold()
        fp16, bf16 = dense.get("fp16"), dense.get("bf16")
        if fp16 and bf16 and abs(max(fp16, bf16) / min(fp16, bf16) - 2) < 0.02 and "accumulate" not in notes:
            problems.append(Problem(where, "mixed accumulate modes", f"fp16 {fp16:g} and bf16 {bf16:g} differ by "
                                    "2x: one uses FP16 accumulate; store FP32-accumulate figures, or say in a "
                                    "note (naming 'accumulate') why the hardware differs"))  # fmt: skip
        vector, matrix = dense.get("fp32"), dense.get("fp32_matrix")
        if vector and matrix and matrix < vector:
            problems.append(Problem(where, "fp32 swapped", f"fp32_matrix {matrix:g} is below the vector fp32 "
                                    f"{vector:g}: `fp32` holds the vector rate, `fp32_matrix` the matrix rate"))  # fmt: skip
    return problems
