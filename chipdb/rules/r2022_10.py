"""The October 2022 rule (87 FR 62186): 3A090 by compute AND I/O.

I/O is "the aggregate bidirectional transfer rate over all inputs and outputs ... to or from integrated circuits
other than volatile memories": chip-to-chip links (NVLink, Infinity Fabric, HCCS) count, and so does PCIe to the
host CPU (an IC that is not a volatile memory); HBM/DRAM bandwidth does not. PCIe is taken at its raw rate both
ways (PCIe 5.0 x16 = 128 GB/s), as vendors quote it. A part with no chip-to-chip link (n/a) contributes 0 there.
"""

import datetime as dt

from chipdb.domain.metrics import fmt_number
from chipdb.rules.base import (
    NOT_CONTROLLED,
    UNDECIDED,
    Rule,
    RuleInput,
    Verdict,
    cmp,
    lower_bound_caveat,
    pcie_bidirectional_gbs,
)

KEY = "2022-10"
TPP_BOUND = 4800.0
IO_BOUND = 600.0


def label(chip: RuleInput) -> str:
    """The classification alone, without the reasons (what a long list needs for each chip)."""
    tpp = (
        chip.tpp
        if chip.tpp is not None
        else (t.value if (t := chip.total_processing_performance()) else None)
    )
    if tpp is None:
        return UNDECIDED
    if tpp < TPP_BOUND:
        return NOT_CONTROLLED
    io, missing = _io(chip)
    if io >= IO_BOUND:
        return "3A090"
    return UNDECIDED if missing else NOT_CONTROLLED


def classify(chip: RuleInput) -> Verdict:
    tpp = chip.total_processing_performance()
    if tpp is None:
        return Verdict(KEY, UNDECIDED, why=lambda: ("no dense throughput known: TPP cannot be computed",))

    def perf() -> str:
        return f"{chip.tpp_text(tpp)} {cmp(tpp.value, TPP_BOUND)} {fmt_number(TPP_BOUND)}"

    if tpp.value < TPP_BOUND:
        return Verdict(
            KEY,
            NOT_CONTROLLED,
            why=lambda: (f"{perf()} -> not 3A090 (I/O does not matter)", *lower_bound_caveat(tpp)),
        )
    io, missing = _io(chip)
    if io is not None and (not missing or io >= IO_BOUND):

        def text() -> str:  # written only when read: a long list needs only the label
            parts = _io_terms(chip)
            if len(parts) > 1:
                return f"I/O {' + '.join(parts)} = {fmt_number(io)} GB/s"
            return f"I/O {parts[0] if parts else fmt_number(io) + ' GB/s'}"

        if io >= IO_BOUND:
            return Verdict(KEY, "3A090", why=lambda: (perf(), f"{text()} >= {fmt_number(IO_BOUND)} -> 3A090"))
        return Verdict(
            KEY,
            NOT_CONTROLLED,
            why=lambda: (perf(), f"{text()} < {fmt_number(IO_BOUND)} -> not 3A090 (I/O below 600)"),
        )

    def undecided() -> str:
        parts = _io_terms(chip)
        known = f" (known so far: {' + '.join(parts)})" if parts else ""
        return f"I/O undecided: {' and '.join(missing)} unknown{known}"

    return Verdict(KEY, UNDECIDED, why=lambda: (perf(), undecided()))


def _io(chip: RuleInput) -> tuple[float, list[str]]:
    """Aggregate I/O (of the terms known) and what is missing from it."""
    if chip.io_gbs is not None:
        return chip.io_gbs, []
    total, missing = 0.0, []
    if chip.interconnect_gbs is not None and not chip.no_interconnect:
        total += chip.interconnect_gbs
    elif not chip.no_interconnect:
        missing.append("chip-to-chip bandwidth")
    pcie = pcie_bidirectional_gbs(chip.host_interface)
    if pcie is not None:
        total += pcie[0]
    else:
        missing.append("host interface")
    return total, missing


def _io_terms(chip: RuleInput) -> list[str]:
    """The terms of the I/O sum, as text."""
    if chip.io_gbs is not None:
        return [f"{fmt_number(chip.io_gbs)} GB/s (given)"]
    parts = []
    if chip.no_interconnect:
        parts.append("0 (no chip-to-chip link)")
    elif chip.interconnect_gbs is not None:
        parts.append(f"{fmt_number(chip.interconnect_gbs)} (chip-to-chip)")
    pcie = pcie_bidirectional_gbs(chip.host_interface)
    if pcie is not None:
        parts.append(f"{fmt_number(pcie[0])} ({pcie[1]})")
    return parts


RULE = Rule(
    key=KEY,
    title="Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor Manufacturing Items",
    citation="87 FR 62186",
    effective=dt.date(2022, 10, 7),
    destinations="CN (Macau added from 2023-01-17 by 88 FR 2821)",
    thresholds=(
        "3A090: aggregate bidirectional I/O to ICs other than volatile memory >= 600 GB/s",
        "AND bit length x TOPS (highest over precisions, dense) >= 4800",
    ),
    classify=classify,
    cites=("87 FR 62186", "88 FR 2821"),
)
