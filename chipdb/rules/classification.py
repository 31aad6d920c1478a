"""Computed status: a chip's numbers through the rules, and where that disagrees with the recorded events."""

import datetime as dt
from dataclasses import dataclass

from chipdb.domain.records import ChipRecord, EventRecord
from chipdb.domain.status import status
from chipdb.domain.vocab import RESTRICTING_ACTIONS
from chipdb.rules import RuleInput, Verdict, in_force
from chipdb.rules.determination import Determination, Policy, Subject, determine, weak_tpp_reason


def rule_input(chip: ChipRecord) -> RuleInput:
    """What the rules read from a stored chip; market decides "designed or marketed for datacenters"."""
    rates = chip.dense_rates()
    return RuleInput(
        rates=rates,
        unknown_precisions=chip.unknown_precisions(rates),
        die_area_mm2=_num(chip.specs.get("die_area_mm2")),
        interconnect_gbs=_num(chip.specs.get("interconnect_bandwidth_gbs")),
        no_interconnect=chip.is_na("interconnect_bandwidth_gbs"),
        host_interface=_text(chip.specs.get("host_interface")),
        memory_bandwidth_gbs=_num(chip.specs.get("memory_bandwidth_gbs")),
        datacenter=chip.market == "datacenter",
    )


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def computed(chip: ChipRecord, on: dt.date) -> Verdict | None:
    """The verdict of the rule version in force on the date; None before any rule."""
    rule = in_force(on)
    return rule.classify(rule_input(chip)) if rule else None


def computed_text(verdict: Verdict | None) -> str:
    return "no rule in force" if verdict is None else label_text(verdict.classification, verdict.rule)


def label_text(classification: str, rule: str) -> str:
    return f"{classification} ({rule})"


def threshold_based(event: EventRecord) -> bool:
    """An event recording a rule version (its chip list names chips the thresholds catch), not a letter."""
    return event.action == "rule"


@dataclass(frozen=True)
class Finding:
    chip: str
    recorded: str
    computed: str
    kind: str  # disagreement | not threshold-based | non-US part | undecided
    explanation: str


def check(chips: list[ChipRecord], destination: str, on: dt.date) -> list[Finding]:
    """Where recorded status and computed classification part, and why."""
    findings: list[Finding] = []
    for chip in chips:
        st = status(chip.events, destination, on)
        verdict = computed(chip, on)
        if verdict is None:
            continue
        recorded = st.text()
        if verdict.controlled is None:
            if st.restricted:
                findings.append(Finding(chip.name, recorded, computed_text(verdict), "undecided",
                                        "; ".join(verdict.reasons)))  # fmt: skip
            continue
        restricting = [e for e in st.events if e.action in RESTRICTING_ACTIONS]
        if verdict.controlled and not st.restricted and chip.vendor_country not in (None, "US"):
            findings.append(Finding(chip.name, recorded, computed_text(verdict), "non-US part",
                                    f"meets the thresholds, but a {chip.vendor_country} vendor's part is subject to the "
                                    "EAR only through US content or the foreign direct product rules: "
                                    + "; ".join(verdict.reasons)))  # fmt: skip
        elif verdict.controlled and not st.restricted:
            findings.append(Finding(chip.name, recorded, computed_text(verdict), "disagreement",
                                    f"computed controlled but no licence requirement recorded for {destination}: "
                                    + "; ".join(verdict.reasons)))  # fmt: skip
        elif not verdict.controlled and st.restricted:
            basis = [e for e in restricting if not threshold_based(e)]
            if basis:
                names = ", ".join(f"{e.key} ({e.action}, {e.effective_text})" for e in basis)
                findings.append(Finding(chip.name, recorded, computed_text(verdict), "not threshold-based",
                                        f"restricted by {names}, not by the thresholds: " + "; ".join(verdict.reasons)))  # fmt: skip
            else:
                findings.append(Finding(chip.name, recorded, computed_text(verdict), "disagreement",
                                        "recorded under a threshold rule but computed not controlled: "
                                        + "; ".join(verdict.reasons)))  # fmt: skip
    return findings


def subject(chip: ChipRecord) -> Subject:
    """What the licence determination reads of a stored chip."""
    facts = rule_input(chip)
    weak = weak_tpp_reason(dict(facts.rates), facts.unknown_precisions)
    return Subject(chip.name, chip.vendor, chip.vendor_country, facts, tuple(chip.events), weak)


def determine_for(
    chip: ChipRecord, destination: str, on: dt.date, policy: Policy, end_user_hq: str | None = None
) -> Determination:
    return determine(subject(chip), destination, on, policy, end_user_hq)
