"""Builds `list` and `show` output from records; pure."""

import datetime as dt
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from typing import Any

from chipdb.domain.query import NA, Field, fields
from chipdb.domain.records import ChipRecord, ChipSummary, EventRecord
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

#: The fields of `list`, named as in the JSON (leaf names); the CSV headers and what --sort/--where/--columns take.
LIST_FIELDS: dict[str, Field] = fields(
    ("name", "Chip", "text"),
    ("vendor", "Vendor", "text"),
    ("market", "Market", "text"),
    ("release_date", "Released", "date"),
    ("memory_capacity_gb", "Mem GB", "number"),
    ("memory_bandwidth_gbs", "Mem BW GB/s", "number"),
    ("interconnect_bandwidth_gbs", "I/O GB/s", "number"),
    ("tdp_w", "TDP W", "number"),
    ("die_area_mm2", "Die mm2", "number"),
    ("dense_16bit_tflops", "16-bit dense TFLOPS", "number", "the higher of dense FP16 and BF16"),
    ("dense_8bit_tops", "8-bit dense TOPS", "number", "the higher of dense FP8 and INT8"),
    ("tpp", "TPP", "number", "dense TOPS x bit length, the highest"),
    ("performance_density", "PD TPP/mm2", "number", "TPP per mm2 of die area"),
    ("restricted", "Restricted", "bool", "licence required, or named by guidance"),
    ("licence_required", "Licence", "bool", "yes, no, or unknown (undecided)"),
    ("since", "Since", "date", "when the licence requirement began"),
    ("status", "Status", "text", "the determination in a line"),
    ("computed", "Computed", "text", "the classification under the rule in force"),
    ("destination", "To", "text"),
    ("as_of", "As of", "date"),
)  # fmt: skip
#: A row is a tuple: the fields' values in this order, then the chip's database id.
ID = len(LIST_FIELDS)
NAME, RESTRICTED, SINCE = (LIST_FIELDS[n].index for n in ("name", "restricted", "since"))

#: What the table shows by default, and what goes first when it must shrink to fit a terminal.
TABLE_COLUMNS = (
    "name", "vendor", "market", "memory_capacity_gb", "memory_bandwidth_gbs", "dense_16bit_tflops",
    "dense_8bit_tops", "tpp", "performance_density", "status", "computed",
)  # fmt: skip
DROP_ORDER = ("computed", "market", "memory_bandwidth_gbs", "performance_density", "dense_8bit_tops",
              "release_date", "interconnect_bandwidth_gbs", "tdp_w", "die_area_mm2", "as_of", "destination")  # fmt: skip


def _value(value: float | None, na: Set[str], fields: tuple[str, ...]) -> Any:
    """The number, or NA where every field it summarises is not supported, else None (unknown)."""
    if value is not None:
        return value
    return NA if na and all(f in na for f in fields) else None


#: The fields whose n/a the list reads (a smaller query than every n/a in the catalog).
NA_FIELDS = (
    "memory_capacity_gb",
    "memory_bandwidth_gbs",
    "interconnect_bandwidth_gbs",
    "tdp_w",
    *LOW_BIT_PRECISIONS,
)
_NONE: frozenset[str] = frozenset()


@dataclass
class ListResult:
    rows: list[tuple[Any, ...]]
    unreleased: int = 0  # chips left out because released after the date
    undated: int = 0  # chips kept though no release date is recorded


def list_rows(
    chips: list[ChipSummary],
    not_applicable: dict[int, set[str]],
    events: dict[int, list[EventRecord]],
    destination: str,
    as_of: dt.date,
    policy: Policy,
) -> ListResult:
    """A row per chip released by `as_of` (or of unknown date): key specs, the licence determination and the
    classification of the rule in force, as raw values (see LIST_FIELDS).

    Built from the chip_summary view (TPP computed by the database); linear in the number of chips. A catalog
    may hold 100,000 chips, so each distinct combination of classifications, vendor and events is determined
    once and shared.
    """
    rule = in_force(as_of)
    first = RULES["2022-10"]
    answers: dict[tuple[Any, ...], tuple[Determination, str, str]] = {}
    result = ListResult([])
    day, date_text = as_of.isoformat(), as_of.isoformat()
    for chip in chips:
        if chip.release_date and _earliest(chip.release_date) > day:
            result.unreleased += 1
            continue
        result.undated += not chip.release_date
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
        result.rows.append((
            chip.name, chip.vendor, chip.market, chip.release_date,
            _value(chip.memory_capacity_gb, na, ("memory_capacity_gb",)),
            _value(chip.memory_bandwidth_gbs, na, ("memory_bandwidth_gbs",)),
            _value(chip.interconnect_bandwidth_gbs, na, ("interconnect_bandwidth_gbs",)),
            _value(chip.tdp_w, na, ("tdp_w",)), chip.die_area_mm2,
            _value(chip.fp16_dense, na, ("fp16", "bf16")), _value(chip.fp8_int8_dense, na, ("fp8", "int8")),
            chip.tpp, chip.performance_density,
            listed_as_restricted(answer), answer.licence_required, answer.since.isoformat() if answer.since else None,
            status, computed, destination, date_text, chip.id,
        ))  # fmt: skip
    return result


_WRAP = {"name": 15, "status": 30, "computed": 12, "vendor": 8}
_KEEP = ("name", "status", "vendor", "tpp", "dense_16bit_tflops", "memory_capacity_gb")


def _priority(name: str) -> int:
    """Higher goes first when a table must shrink to a terminal's width."""
    if name in _KEEP:
        return _KEEP.index(name) // 2
    return 100 - DROP_ORDER.index(name) if name in DROP_ORDER else 50


def _earliest(release: str) -> str:
    """The first day a partial date (2023, 2023-06) can mean, as ISO text."""
    return release + ("-01-01" if len(release) == 4 else "-01" if len(release) == 7 else "")


def list_table(rows: list[tuple[Any, ...]], columns: list[Field], destination: str, as_of: dt.date) -> Table:
    """The rows as a table of raw values: the output layer formats numbers for people and keeps them for CSV."""
    names = [c.name for c in columns]
    indexes = [c.index for c in columns]
    footer = []
    if "status" in names or "licence_required" in names:
        footer.append(f"Status: exports to {destination} on {as_of.isoformat()} (-d, --as-of).")
    return Table(
        [c.title for c in columns],
        list(map(_picker(indexes), rows)),
        keys=names,
        priority=[_priority(n) for n in names],
        footer=footer,
        wrap=[_WRAP.get(n, 0) for n in names],
    )


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
    chips: Iterable[ChipRecord], destination: str, as_of: dt.date, policy: Policy
) -> Iterator[dict[str, Any]]:
    """The JSON objects of `list`, one at a time (a large catalog is streamed, not held)."""
    for chip in chips:
        yield chip_object(chip, determine_for(chip, destination, as_of, policy), {}, with_sources=False)


def _picker(indexes: list[int]) -> Any:
    """A function from a row to the values at `indexes`, as a sequence (itemgetter, at C speed)."""
    from operator import itemgetter

    if len(indexes) == 1:
        i = indexes[0]
        return lambda row: (row[i],)
    return itemgetter(*indexes)


def as_dicts(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows as mappings by field name (and "id"), for readers that want names over speed (the web map)."""
    names = [*LIST_FIELDS, "id"]
    return [dict(zip(names, row, strict=True)) for row in rows]
