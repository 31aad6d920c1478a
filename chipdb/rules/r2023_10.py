"""The October 2023 rule (88 FR 73458, effective 2023-11-17): TPP and performance density.

TPP = 2 x MacTOPS x bit length = dense TOPS x bit length, the highest over precisions; sparsity never counts.
Performance density (PD) = TPP / applicable die area (logic dies on non-planar processes; HBM excluded).
Lower bounds are inclusive, upper bounds exclusive. Note 2 to 3A090: a part not designed or marketed for
datacenters is controlled only when TPP >= 4800 (then NAC applies), whatever its PD.
"""

import datetime as dt

from chipdb.domain.metrics import Tpp, fmt_number
from chipdb.rules.base import NOT_CONTROLLED, UNDECIDED, Rule, RuleInput, Verdict, cmp, lower_bound_caveat

KEY = "2023-10"
TPP_A = 4800.0
TPP_B1 = 2400.0
TPP_MIN = 1600.0
PD_A = 5.92
PD_B2 = 3.2
PD_B1 = 1.6
NAC = "NAC"
NAC_NOTE = "NAC (and, since 89 FR 23876 of 2024-04-04, ACA for D:1/D:4 outside D:5 and Macau)"


def classify(chip: RuleInput) -> Verdict:
    return decide(chip, chip.total_processing_performance())


#: The outcome of each clause: classification and licence exception.
OUTCOMES: dict[str, tuple[str, str | None]] = {
    "no-tpp": (UNDECIDED, None), "a.1-not-datacenter": ("3A090.a", NAC), "a.1": ("3A090.a", None),
    "note-2": (NOT_CONTROLLED, None), "below": (NOT_CONTROLLED, None), "market-unknown": (UNDECIDED, None),
    "area-unknown": (UNDECIDED, None), "a.2": ("3A090.a", None), "b.1": ("3A090.b", NAC),
    "b.2": ("3A090.b", NAC), "density-below": (NOT_CONTROLLED, None),
}  # fmt: skip


def clause(chip: RuleInput, t: float | None) -> str:
    """Which clause of 3A090 decides, for a TPP value (None: unknown). The one decision tree of this rule."""
    if t is None:
        return "no-tpp"
    if t >= TPP_A:
        return "a.1-not-datacenter" if chip.datacenter is False else "a.1"
    if chip.datacenter is False:
        return "note-2"
    if t < TPP_MIN:
        return "below"
    if chip.datacenter is None:
        return "market-unknown"
    if not chip.die_area_mm2:
        return "area-unknown"
    pd = t / chip.die_area_mm2
    if pd >= PD_A:
        return "a.2"
    if t >= TPP_B1 and pd >= PD_B1:
        return "b.1"
    if pd >= PD_B2:
        return "b.2"
    return "density-below"


def label(chip: RuleInput) -> tuple[str, str | None]:
    """Classification and licence exception without the reasons (what a long list needs for each chip)."""
    tpp = (
        chip.tpp
        if chip.tpp is not None
        else (t.value if (t := chip.total_processing_performance()) else None)
    )
    return OUTCOMES[clause(chip, tpp)]


def decide(chip: RuleInput, tpp: Tpp | None) -> Verdict:
    """The verdict for a TPP already computed (the 2026 rule reuses it)."""
    which = clause(chip, tpp.value if tpp else None)
    classification, exception = OUTCOMES[which]
    return Verdict(KEY, classification, exception, why=lambda: _reasons(which, chip, tpp))


def _reasons(which: str, chip: RuleInput, tpp: Tpp | None) -> tuple[str, ...]:
    if tpp is None:
        return ("no dense throughput known: TPP cannot be computed",)
    t, head, caveat = tpp.value, chip.tpp_text(tpp), lower_bound_caveat(tpp)
    nac = f"licence exception {NAC_NOTE} can apply"
    if which == "a.1-not-datacenter":
        return f"{head} >= 4,800 -> 3A090.a.1", f"not designed or marketed for datacenters: {nac}"
    if which == "a.1":
        return (f"{head} >= 4,800 -> 3A090.a.1 (die area not needed)",)
    if which == "note-2":
        return (f"{head} < 4,800 and not designed or marketed for datacenters -> not controlled (Note 2 to 3A090)",
                *caveat)  # fmt: skip
    if which == "below":
        return (f"{head} < 1,600 -> below every 3A090 threshold", *caveat)
    if which == "market-unknown":
        return (f"{head} is between 1,600 and 4,800",
                "market unknown: whether the part is designed or marketed for datacenters decides it (Note 2)")  # fmt: skip
    if which == "area-unknown":
        return (f"{head} is between 1,600 and 4,800",
                "die area unknown: performance density is needed to decide 3A090.a.2 / 3A090.b")  # fmt: skip
    area = chip.die_area_mm2 or 0.0
    pd_text = f"PD {fmt_number(t)} / {fmt_number(area)} mm2 = {t / area:.2f}"
    if which == "a.2":
        return f"{head} >= 1,600", f"{pd_text} >= 5.92 -> 3A090.a.2"
    if which == "b.1":
        return (f"{head}: 2,400 <= TPP < 4,800", f"{pd_text}: 1.6 <= PD < 5.92 -> 3A090.b.1",
                f"designed for datacenters: {nac}")  # fmt: skip
    if which == "b.2":
        return (
            f"{head} >= 1,600",
            f"{pd_text}: 3.2 <= PD < 5.92 -> 3A090.b.2",
            f"designed for datacenters: {nac}",
        )
    bound = "1.6" if t >= TPP_B1 else "3.2"
    return f"{head} {cmp(t, TPP_B1)} 2,400", f"{pd_text} < {bound} -> not controlled", *caveat


RULE = Rule(
    key=KEY,
    title="Implementation of Additional Export Controls: Certain Advanced Computing Items; Supercomputer and "
    "Semiconductor End Use; Updates and Corrections",
    citation="88 FR 73458",
    effective=dt.date(2023, 11, 17),
    destinations="D:1, D:4, D:5 (not also A:5/A:6) and MO; made effective 2023-10-23 for some NVIDIA parts",
    thresholds=(
        "3A090.a: TPP >= 4800, or TPP >= 1600 and PD >= 5.92",
        "3A090.b: 2400 <= TPP < 4800 and 1.6 <= PD < 5.92, or TPP >= 1600 and 3.2 <= PD < 5.92",
        "not designed or marketed for datacenters: controlled only when TPP >= 4800 (licence exception NAC)",
        "TPP = dense TOPS x bit length (highest over precisions); PD = TPP / applicable die area (mm2)",
    ),
    classify=classify,
    cites=("88 FR 73458",),
)
