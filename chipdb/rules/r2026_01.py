"""The January 2026 rule (91 FR 1684, effective 2026-01-15): a licence review policy, not new thresholds.

3A090 is classified as under the 2023 rule. For China and Macau, licence applications for parts with
TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s (both strict) are reviewed case by case, for exports from the
United States that meet the rule's conditions; others stay under a presumption of denial.
"""

import datetime as dt
from collections.abc import Callable

from chipdb.domain.metrics import fmt_number
from chipdb.rules import r2023_10
from chipdb.rules.base import CONTROLLED, Rule, RuleInput, Verdict

KEY = "2026-01"
TPP_CAP = 21000.0
DRAM_CAP = 6500.0
CASE_BY_CASE = "case-by-case (CN, MO; exports from the US meeting the rule's conditions)"
DENIAL = "presumption of denial (CN, MO)"


def classify(chip: RuleInput) -> Verdict:
    tpp = chip.total_processing_performance()
    base = r2023_10.decide(chip, tpp)

    def inherited() -> tuple[str, ...]:
        return (f"3A090 as under 2023-10: {base.classification}", *base.reasons)

    if base.classification not in CONTROLLED:
        return Verdict(KEY, base.classification, base.licence_exception, None, inherited)
    assert tpp is not None  # a controlled verdict had a TPP
    policy, why = _policy(tpp.value, chip.memory_bandwidth_gbs)
    return Verdict(KEY, base.classification, base.licence_exception, policy, lambda: (*inherited(), why()))


def label(chip: RuleInput) -> tuple[str, str | None, str | None]:
    """Classification, licence exception and review policy without the reasons (for a long list)."""
    tpp = (
        chip.tpp
        if chip.tpp is not None
        else (t.value if (t := chip.total_processing_performance()) else None)
    )
    classification, exception = r2023_10.OUTCOMES[r2023_10.clause(chip, tpp)]
    if classification not in CONTROLLED or tpp is None:
        return classification, exception, None
    return classification, exception, _policy(tpp, chip.memory_bandwidth_gbs)[0]


def _policy(value: float, bandwidth: float | None) -> tuple[str, Callable[[], str]]:
    """The review policy for China and Macau, and the words why (written when read)."""
    if value >= TPP_CAP:
        return DENIAL, lambda: f"TPP {fmt_number(value)} >= 21,000 -> {DENIAL}"
    if bandwidth is None:
        return (
            "undecided: memory bandwidth unknown",
            lambda: f"TPP {fmt_number(value)} < 21,000 but DRAM bandwidth unknown",
        )
    if bandwidth >= DRAM_CAP:
        return DENIAL, lambda: f"DRAM bandwidth {fmt_number(bandwidth)} GB/s >= 6,500 -> {DENIAL}"
    return (
        CASE_BY_CASE,
        lambda: (
            f"TPP {fmt_number(value)} < 21,000 and DRAM bandwidth {fmt_number(bandwidth)} GB/s < 6,500 -> {CASE_BY_CASE}"
        ),
    )


RULE = Rule(
    key=KEY,
    title="Revision to License Review Policy for Advanced Computing Commodities",
    citation="91 FR 1684",
    effective=dt.date(2026, 1, 15),
    destinations="CN, MO (review policy; a licence is still required)",
    thresholds=(
        "3A090 as under 2023-10",
        "licence review case-by-case when TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s; "
        "otherwise presumption of denial",
    ),
    classify=classify,
    cites=("91 FR 1684",),
)
