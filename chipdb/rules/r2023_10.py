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


def decide(chip: RuleInput, tpp: Tpp | None) -> Verdict:
    """The verdict for a TPP already computed (the 2026 rule reuses it)."""
    if tpp is None:
        return Verdict(KEY, UNDECIDED, why=lambda: ("no dense throughput known: TPP cannot be computed",))
    t = tpp.value

    def head() -> str:
        return chip.tpp_text(tpp)

    def caveat() -> tuple[str, ...]:
        return lower_bound_caveat(tpp)

    if t >= TPP_A:
        if chip.datacenter is False:
            return Verdict(KEY, "3A090.a", NAC, why=lambda: (
                f"{head()} >= 4,800 -> 3A090.a.1",
                f"not designed or marketed for datacenters: licence exception {NAC_NOTE} can apply",
            ))  # fmt: skip
        return Verdict(KEY, "3A090.a", why=lambda: (f"{head()} >= 4,800 -> 3A090.a.1 (die area not needed)",))
    if chip.datacenter is False:
        return Verdict(KEY, NOT_CONTROLLED, why=lambda: (
            f"{head()} < 4,800 and not designed or marketed for datacenters -> not controlled (Note 2 to 3A090)",
            *caveat(),
        ))  # fmt: skip
    if t < TPP_MIN:
        return Verdict(
            KEY, NOT_CONTROLLED, why=lambda: (f"{head()} < 1,600 -> below every 3A090 threshold", *caveat())
        )
    if chip.datacenter is None:
        return Verdict(KEY, UNDECIDED, why=lambda: (
            f"{head()} is between 1,600 and 4,800",
            "market unknown: whether the part is designed or marketed for datacenters decides it (Note 2)",
        ))  # fmt: skip
    if not chip.die_area_mm2:
        return Verdict(KEY, UNDECIDED, why=lambda: (
            f"{head()} is between 1,600 and 4,800",
            "die area unknown: performance density is needed to decide 3A090.a.2 / 3A090.b",
        ))  # fmt: skip
    area = chip.die_area_mm2
    pd = t / area

    def pd_text() -> str:
        return f"PD {fmt_number(t)} / {fmt_number(area)} mm2 = {pd:.2f}"

    if pd >= PD_A:
        return Verdict(
            KEY, "3A090.a", why=lambda: (f"{head()} >= 1,600", f"{pd_text()} >= 5.92 -> 3A090.a.2")
        )
    if t >= TPP_B1 and pd >= PD_B1:
        return Verdict(KEY, "3A090.b", NAC, why=lambda: (
            f"{head()}: 2,400 <= TPP < 4,800", f"{pd_text()}: 1.6 <= PD < 5.92 -> 3A090.b.1",
            f"designed for datacenters: licence exception {NAC_NOTE} can apply",
        ))  # fmt: skip
    if pd >= PD_B2:
        return Verdict(KEY, "3A090.b", NAC, why=lambda: (
            f"{head()} >= 1,600", f"{pd_text()}: 3.2 <= PD < 5.92 -> 3A090.b.2",
            f"designed for datacenters: licence exception {NAC_NOTE} can apply",
        ))  # fmt: skip
    bound = "1.6" if t >= TPP_B1 else "3.2"
    return Verdict(KEY, NOT_CONTROLLED, why=lambda: (
        f"{head()} {cmp(t, TPP_B1)} 2,400", f"{pd_text()} < {bound} -> not controlled", *caveat(),
    ))  # fmt: skip


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
