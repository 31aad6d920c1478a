"""Builds `list` and `show` output from records; pure."""

import datetime as dt
from collections.abc import Iterable, Iterator, Set
from typing import Any

from chipdb.domain.metrics import fmt_number
from chipdb.domain.records import ChipRecord, ChipSummary, EventRecord
from chipdb.domain.status import Status, status
from chipdb.domain.vocab import NOT_APPLICABLE, UNKNOWN
from chipdb.report.document import Table
from chipdb.report.objects import agrees, chip_object
from chipdb.rules import RuleInput, in_force
from chipdb.rules.classification import computed_text

LIST_HEADERS = [
    "Chip", "Vendor", "Market", "Memory (GB)", "Mem BW (GB/s)", "FP16 dense (TFLOPS)", "FP8/INT8 dense", "TPP", "PD",
]  # fmt: skip


def _cell(value: float | None, na: Set[str], fields: tuple[str, ...]) -> str:
    """A number, or n/a where every field it summarises is not supported, else unknown."""
    if value is not None:
        return fmt_number(value)
    return NOT_APPLICABLE if na and all(f in na for f in fields) else UNKNOWN


#: The fields whose n/a the list shows (a smaller query than every n/a in the catalog).
NA_FIELDS = (
    "memory_capacity_gb",
    "memory_bandwidth_gbs",
    "interconnect_bandwidth_gbs",
    "fp16",
    "bf16",
    "fp8",
    "int8",
)
_NONE: frozenset[str] = frozenset()


def chip_list(
    chips: list[ChipSummary],
    not_applicable: dict[int, set[str]],
    events: dict[int, list[EventRecord]],
    destination: str,
    as_of: dt.date,
    restricted_only: bool,
) -> Table:
    """A row per chip: key specs, recorded status and the computed classification of the rule in force.

    Built from the chip_summary view (TPP computed by the database); linear in the number of chips, and the
    per-row work is kept small because a catalog may hold 100,000 of them.
    """
    rule = in_force(as_of)
    free = Status(False, None, destination, as_of, ())
    free_text = free.text()
    cells: dict[tuple[str, str, bool], str] = {}  # the few distinct "Computed" texts, made once each
    rows: list[list[str]] = []
    for chip in chips:
        st = status(events[chip.id], destination, as_of) if chip.id in events else free
        if restricted_only and not st.restricted:
            continue
        na = not_applicable.get(chip.id, _NONE)
        computed = "no rule in force"
        if rule is not None:
            verdict = rule.classify(RuleInput(
                tpp=chip.tpp, die_area_mm2=chip.die_area_mm2, interconnect_gbs=chip.interconnect_bandwidth_gbs,
                no_interconnect="interconnect_bandwidth_gbs" in na, host_interface=chip.host_interface,
                memory_bandwidth_gbs=chip.memory_bandwidth_gbs, datacenter=chip.market == "datacenter",
            ))  # fmt: skip
            key = (verdict.classification, verdict.rule, agrees(st, verdict) is False)
            computed = cells.get(key) or cells.setdefault(key, _computed_cell(st, verdict))
        tpp, area = chip.tpp, chip.die_area_mm2
        rows.append([
            chip.name, chip.vendor, chip.market,
            _cell(chip.memory_capacity_gb, na, ("memory_capacity_gb",)),
            _cell(chip.memory_bandwidth_gbs, na, ("memory_bandwidth_gbs",)),
            _cell(chip.fp16_dense, na, ("fp16", "bf16")), _cell(chip.fp8_int8_dense, na, ("fp8", "int8")),
            UNKNOWN if tpp is None else fmt_number(tpp),
            fmt_number(tpp / area) if tpp is not None and area else UNKNOWN,
            free_text if st is free else st.text(), computed,
        ])  # fmt: skip
    headers = [*LIST_HEADERS, f"Status {destination} {as_of.isoformat()}", "Computed"]
    return Table(headers, rows)


def chip_objects(
    chips: Iterable[ChipRecord], destination: str, as_of: dt.date, restricted_only: bool
) -> Iterator[dict[str, Any]]:
    """The JSON objects of `list`, one at a time (a large catalog is streamed, not held)."""
    for chip in chips:
        if restricted_only and not status(chip.events, destination, as_of).restricted:
            continue
        yield chip_object(chip, destination, as_of, {}, with_sources=False)


def _computed_cell(st: Status, verdict: Any) -> str:
    text = computed_text(verdict)
    return text + (" (disagrees)" if agrees(st, verdict) is False else "")
