"""Builds `list` and `show` output from records; pure."""

import datetime as dt
from collections.abc import Iterable, Iterator, Set
from typing import Any

from chipdb.domain.metrics import fmt_number
from chipdb.domain.records import ChipRecord, ChipSummary, EventRecord
from chipdb.domain.vocab import NOT_APPLICABLE, UNKNOWN
from chipdb.report.document import Table
from chipdb.report.objects import chip_object
from chipdb.rules import RULES, RuleInput, in_force, label, r2022_10
from chipdb.rules.base import CONTROLLED, UNDECIDED
from chipdb.rules.classification import determine_for, label_text
from chipdb.rules.determination import (
    LOW_BIT_PRECISIONS,
    Determination,
    Policy,
    Subject,
    determine,
    weak_tpp_reason,
)

LIST_HEADERS = [
    "Chip", "Vendor", "Market", "Memory (GB)", "Mem BW (GB/s)", "FP16 dense (TFLOPS)", "FP8/INT8 dense", "TPP", "PD",
]  # fmt: skip


def _cell(value: float | None, na: Set[str], fields: tuple[str, ...]) -> str:
    """A number, or n/a where every field it summarises is not supported, else unknown."""
    if value is not None:
        return fmt_number(value)
    return NOT_APPLICABLE if na and all(f in na for f in fields) else UNKNOWN


#: The fields whose n/a the list reads (a smaller query than every n/a in the catalog).
NA_FIELDS = (
    "memory_capacity_gb",
    "memory_bandwidth_gbs",
    "interconnect_bandwidth_gbs",
    *LOW_BIT_PRECISIONS,
)
_NONE: frozenset[str] = frozenset()


def chip_list(
    chips: list[ChipSummary],
    not_applicable: dict[int, set[str]],
    events: dict[int, list[EventRecord]],
    destination: str,
    as_of: dt.date,
    restricted_only: bool,
    policy: Policy,
) -> Table:
    """A row per chip: key specs, the licence determination and the classification of the rule in force.

    Built from the chip_summary view (TPP computed by the database); linear in the number of chips. A catalog
    may hold 100,000 chips, so each distinct combination of classifications, vendor and events is determined
    once and shared.
    """
    rule = in_force(as_of)
    first = RULES["2022-10"]
    answers: dict[tuple[Any, ...], tuple[Determination, str, str]] = {}
    rows: list[list[str]] = []
    for chip in chips:
        na = not_applicable.get(chip.id, _NONE)
        facts = RuleInput(
            tpp=chip.tpp, die_area_mm2=chip.die_area_mm2, interconnect_gbs=chip.interconnect_bandwidth_gbs,
            no_interconnect="interconnect_bandwidth_gbs" in na, host_interface=chip.host_interface,
            memory_bandwidth_gbs=chip.memory_bandwidth_gbs, datacenter=chip.market == "datacenter",
        )  # fmt: skip
        # What the answer can depend on: the label in force (and, for a controlled chip, the 2022 one, which can
        # move `since` back), the vendor, the weak-TPP signal and the events that name the chip.
        labelled = label(rule.key, facts) if rule else None
        controlled = labelled is not None and labelled[0] in CONTROLLED
        earlier = r2022_10.label(facts) if controlled and rule is not first else None
        missing = rule.classify(facts).reasons[-1] if rule and labelled and labelled[0] == UNDECIDED else None
        named = tuple(events.get(chip.id, ()))
        weak = _weak(chip, na)
        key = (
            labelled,
            missing,
            earlier,
            chip.vendor,
            chip.vendor_country,
            weak,
            tuple(e.key for e in named),
        )
        if key not in answers:
            answer = determine(Subject(chip.name, chip.vendor, chip.vendor_country, facts, named, weak),
                               destination, as_of, policy)  # fmt: skip
            computed = label_text(labelled[0], rule.key) if rule and labelled else "no rule in force"
            answers[key] = (answer, answer.text(), computed)
        answer, status, computed = answers[key]
        if restricted_only and not listed_as_restricted(answer):
            continue
        tpp, area = chip.tpp, chip.die_area_mm2
        rows.append([
            chip.name, chip.vendor, chip.market,
            _cell(chip.memory_capacity_gb, na, ("memory_capacity_gb",)),
            _cell(chip.memory_bandwidth_gbs, na, ("memory_bandwidth_gbs",)),
            _cell(chip.fp16_dense, na, ("fp16", "bf16")), _cell(chip.fp8_int8_dense, na, ("fp8", "int8")),
            UNKNOWN if tpp is None else fmt_number(tpp),
            fmt_number(tpp / area) if tpp is not None and area else UNKNOWN,
            status, computed,
        ])  # fmt: skip
    headers = [*LIST_HEADERS, f"Status {destination} {as_of.isoformat()}", "Computed"]
    return Table(headers, rows)


def listed_as_restricted(answer: Determination) -> bool:
    """`--restricted` keeps chips that need a licence, that a use guidance names, and undecided ones: an
    answer chipdb cannot give is never hidden as "not restricted"."""
    return answer.restricted or answer.licence_required is None


def _weak(chip: ChipSummary, na: Set[str]) -> str:
    """The summary view's form of `weak_tpp_reason`: no 16-bit-or-lower dense rate behind a known TPP."""
    if chip.tpp is None or chip.fp16_dense is not None or chip.fp8_int8_dense is not None:
        return ""
    if chip.int4_fp4_dense is not None:
        return ""
    return weak_tpp_reason({"fp32": chip.tpp}, tuple(p for p in LOW_BIT_PRECISIONS if p not in na))


def chip_objects(
    chips: Iterable[ChipRecord], destination: str, as_of: dt.date, restricted_only: bool, policy: Policy
) -> Iterator[dict[str, Any]]:
    """The JSON objects of `list`, one at a time (a large catalog is streamed, not held)."""
    for chip in chips:
        answer = determine_for(chip, destination, as_of, policy)
        if restricted_only and not listed_as_restricted(answer):
            continue
        yield chip_object(chip, answer, {}, with_sources=False)
