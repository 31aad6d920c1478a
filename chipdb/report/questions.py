"""The read questions besides `list` (report/list_query.py), each asked in one place for every front end.

The CLI's commands and the web's API and pages call these, so `chipdb show H800 -f json`, /api/chips/H800 and
the chip page give one answer: the names resolved, the records, sources and policy read, the report built.
"""

import datetime as dt
import math
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from chipdb.db import queries
from chipdb.db.reader import Reader
from chipdb.domain.vocab import PRECISIONS
from chipdb.errors import InputError
from chipdb.report import compare as compare_report
from chipdb.report import rule_tables
from chipdb.report.detail import chip_detail, detail_json
from chipdb.report.document import Document
from chipdb.report.status import assess_document
from chipdb.rules import RuleInput, classify_all, select
from chipdb.rules.classification import determine_for, rule_input
from chipdb.rules.determination import reaches


def compare(reader: Reader, names: Sequence[str], destination: str, on: dt.date) -> Document:
    """`chipdb compare NAME...`: the chips side by side, in the order given."""
    if not names:
        raise InputError("give at least one chip name")
    ids = [queries.resolve(reader, name) for name in names]
    chips = queries.chips(reader, ids)
    sources = queries.sources(reader, sorted(set().union(*(c.source_keys() for c in chips))))
    return compare_report.compare(chips, destination, on, sources, queries.policy(reader))


def show(reader: Reader, name: str, destination: str, on: dt.date) -> Document:
    """`chipdb show NAME`: every field with unit, source and note; the other sections."""
    chip = queries.chips(reader, [queries.resolve(reader, name)])[0]
    sources = queries.sources(reader, sorted(chip.source_keys()))
    return chip_detail(chip, determine_for(chip, destination, on, queries.policy(reader)), sources)


def show_json(reader: Reader, name: str, destination: str, on: dt.date) -> dict[str, Any]:
    """`chipdb show NAME --format json`, built without the tables (the web API's answer)."""
    chip = queries.chips(reader, [queries.resolve(reader, name)])[0]
    sources = queries.sources(reader, sorted(chip.source_keys()))
    return detail_json(chip, determine_for(chip, destination, on, queries.policy(reader)), sources)


def assess(
    reader: Reader, names: Sequence[str], to: str, on: dt.date, end_user_hq: str | None = None
) -> Document:
    """`chipdb assess NAME... --to`: per chip, is a licence required, on which bases."""
    if not names:
        raise InputError("give at least one chip name")
    chips = queries.chips(reader, [queries.resolve(reader, name) for name in names], details=False)
    policy = queries.policy(reader)
    return assess_document([determine_for(c, to, on, policy, end_user_hq) for c in chips])


def timeline(
    reader: Reader,
    name: str | None,
    since: dt.date | None,
    until: dt.date | None,
    destination: str | None = None,
) -> Document:
    """`chipdb timeline [NAME]`: events in force in the window, in date order, with their sources;
    `destination` (the web page's filter) keeps the events that reach it, country groups as they stood then."""
    if name is None:
        events = queries.events(reader)
    else:
        events = queries.chips(reader, [queries.resolve(reader, name)], details=False)[0].events
    events = [
        e for e in events if (not since or e.effective_on >= since) and (not until or e.effective_on <= until)
    ]
    if destination is not None:
        policy = queries.policy(reader)
        events = [e for e in events if reaches(e, destination, e.effective_on, policy)]
    sources = queries.sources(reader, sorted({e.source for e in events}))
    return rule_tables.timeline(sorted(events, key=lambda e: (e.effective_on, e.key)), sources)


@dataclass(frozen=True)
class Classify:
    """`chipdb classify`: a stored chip by name, or a hypothetical chip by its numbers (not both)."""

    name: str | None = None
    rule: str = "all"
    as_of: dt.date | None = None
    rates: tuple[str, ...] = ()  # PRECISION=TOPS
    tpp: float | None = None
    die_area: float | None = None
    io_bandwidth: float | None = None
    memory_bandwidth: float | None = None
    datacenter: bool | None = None

    def hypothetical(self) -> bool:
        numbers = (self.tpp, self.die_area, self.io_bandwidth, self.memory_bandwidth, self.datacenter)
        return bool(self.rates) or any(v is not None for v in numbers)


def classify(q: Classify, open_reader: Callable[[], AbstractContextManager[Reader]]) -> Document:
    """The classification under each rule version asked for; the database is opened only for a stored chip,
    and only after the question is found well formed."""
    keys = select(q.rule, q.as_of)
    if q.name is None:
        if not q.hypothetical():
            raise InputError("give a chip name, or a hypothetical chip's --rate/--tpp and other numbers")
        chip = RuleInput(
            rates=_rates(q.rates), tpp=_number(q.tpp, "--tpp"), die_area_mm2=_number(q.die_area, "--die-area"),
            io_gbs=_number(q.io_bandwidth, "--io-bandwidth"),
            memory_bandwidth_gbs=_number(q.memory_bandwidth, "--memory-bandwidth"), datacenter=q.datacenter,
        )  # fmt: skip
        name = None
    else:
        if q.hypothetical():
            raise InputError("give either a chip name or hypothetical numbers, not both")
        with open_reader() as reader:
            record = queries.chips(reader, [queries.resolve(reader, q.name)], details=False)[0]
        chip, name = rule_input(record), record.name
    return rule_tables.classification(name, chip, classify_all(chip, keys))


def _number(value: float | None, option: str) -> float | None:
    if value is not None and not (math.isfinite(value) and value > 0):
        raise InputError(f"{option} must be a positive finite number (got {value:g})")
    return value


def _rates(values: Sequence[str]) -> dict[str, float]:
    rates: dict[str, float] = {}
    for item in values:
        precision, _, number = item.partition("=")
        precision = precision.strip().lower()
        if precision not in PRECISIONS:
            raise InputError(f"--rate {item!r}: precision must be one of {', '.join(PRECISIONS)}")
        try:
            value = float(number)
        except ValueError:
            raise InputError(f"--rate {item!r}: expected PRECISION=NUMBER, e.g. fp8=1979") from None
        if not (math.isfinite(value) and value > 0):
            raise InputError(f"--rate {item!r}: the rate must be a positive finite number")
        rates[precision] = value
    return rates
