"""The January 2026 rule (91 FR 1684, effective 2026-01-15): a licence review policy, not new thresholds.

3A090 is classified as under the 2023 rule. For China and Macau, licence applications for parts with
TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s (both strict) are reviewed case by case, for exports from the
United States that meet the rule's conditions; others stay under a presumption of denial.
"""

import dataclasses
import datetime as dt

from chipdb.metrics import fmt_number
from chipdb.rules import r2023_10
from chipdb.rules.base import CONTROLLED, Rule, RuleInput, Verdict

KEY = "2026-01"
TPP_CAP = 21000.0
DRAM_CAP = 6500.0
CASE_BY_CASE = "case-by-case (CN, MO; exports from the US meeting the rule's conditions)"
DENIAL = "presumption of denial (CN, MO)"


def classify(chip: RuleInput) -> Verdict:
    base = r2023_10.classify(chip)
    reasons = [f"3A090 as under 2023-10: {base.classification}", *base.reasons]
    if base.classification not in CONTROLLED:
        return dataclasses.replace(base, rule=KEY, reasons=tuple(reasons))
    tpp = chip.total_processing_performance()
    assert tpp is not None  # a controlled verdict had a TPP
    if tpp.value >= TPP_CAP:
        policy = DENIAL
        reasons.append(f"TPP {fmt_number(tpp.value)} >= 21,000 -> {DENIAL}")
    elif chip.memory_bandwidth_gbs is None:
        policy = "undecided: memory bandwidth unknown"
        reasons.append(f"TPP {fmt_number(tpp.value)} < 21,000 but DRAM bandwidth unknown")
    elif chip.memory_bandwidth_gbs >= DRAM_CAP:
        policy = DENIAL
        reasons.append(f"DRAM bandwidth {fmt_number(chip.memory_bandwidth_gbs)} GB/s >= 6,500 -> {DENIAL}")
    else:
        policy = CASE_BY_CASE
        reasons.append(
            f"TPP {fmt_number(tpp.value)} < 21,000 and DRAM bandwidth {fmt_number(chip.memory_bandwidth_gbs)} GB/s "
            f"< 6,500 -> {CASE_BY_CASE}"
        )
    return dataclasses.replace(base, rule=KEY, review_policy=policy, reasons=tuple(reasons))


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
