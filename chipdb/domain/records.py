"""Plain data handed from queries to domain logic and output: no database or CLI types inside."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from chipdb.domain.vocab import NOT_APPLICABLE, PRECISIONS


@dataclass(frozen=True)
class SourceRef:
    key: str
    title: str
    publisher: str | None
    url: str | None
    published: str | None
    tier: str


@dataclass(frozen=True)
class FieldCitation:
    source: str  # source key
    note: str | None
    not_applicable: bool


@dataclass(frozen=True)
class ThroughputValue:
    tflops: float
    source: str
    note: str | None


@dataclass(frozen=True)
class AlternativeRecord:
    field: str
    value: float | str
    source: str
    note: str | None


@dataclass(frozen=True)
class EventRecord:
    key: str
    effective_text: str  # as recorded (YYYY-MM where the day is not public)
    effective_on: dt.date  # the day by which it is known in force
    announced: str | None
    authority: str
    action: str
    rule: str | None
    summary: str
    source: str
    destinations: tuple[str, ...]
    chips: tuple[str, ...] = ()
    vendors: tuple[str, ...] = ()  # for an entity listing: the vendors it lists


@dataclass(frozen=True)
class GroupMembership:
    """A country in an EAR country group (Supplement No. 1 to part 740) for a period; None = open-ended."""

    group: str  # A:5, A:6, D:1, D:4, D:5
    country: str  # ISO 3166-1 alpha-2
    valid_from: dt.date | None  # None: a member before chipdb's records begin
    valid_to: dt.date | None  # the first day it is no longer a member; None: still a member
    source: str
    note: str | None = None

    def covers(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )


@dataclass
class ChipRecord:
    """One chip as stored: `specs` holds every spec column (None = unknown or n/a; see `citations`)."""

    id: int
    name: str
    vendor: str
    vendor_country: str | None
    market: str
    specs: dict[str, float | str | None]
    notes: str | None = None
    aliases: list[str] = field(default_factory=list)
    citations: dict[str, FieldCitation] = field(default_factory=dict)
    throughputs: dict[tuple[str, str], ThroughputValue] = field(default_factory=dict)
    alternatives: list[AlternativeRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)

    def is_na(self, name: str) -> bool:
        cited = self.citations.get(name)
        return cited is not None and cited.not_applicable

    def spec(self, name: str) -> float | str | None:
        """A spec's value, NOT_APPLICABLE where the hardware lacks it, None where unknown."""
        value = self.specs.get(name)
        return NOT_APPLICABLE if value is None and self.is_na(name) else value

    def figure(self, precision: str, sparsity: str) -> float | str | None:
        """A throughput in TFLOPS / TOPS, NOT_APPLICABLE where the precision is unsupported, None if unknown."""
        if self.is_na(precision):
            return NOT_APPLICABLE
        value = self.throughputs.get((precision, sparsity))
        return value.tflops if value else None

    def die_area(self) -> float | None:
        value = self.specs.get("die_area_mm2")
        return float(value) if isinstance(value, int | float) else None

    def dense(self, precision: str) -> float | None:
        value = self.throughputs.get((precision, "dense"))
        return value.tflops if value else None

    def dense_rates(self) -> dict[str, float]:
        """Dense TOPS / TFLOPS per precision known (what TPP and the rules read)."""
        return {p: v.tflops for (p, sparsity), v in self.throughputs.items() if sparsity == "dense"}

    def unknown_precisions(self, known: Iterable[str]) -> tuple[str, ...]:
        """Precisions neither known nor n/a: TPP is a lower bound while one of them could be higher."""
        given = set(known)
        return tuple(p for p in PRECISIONS if p not in given and not self.is_na(p))

    def value_source_keys(self) -> set[str]:
        """Sources of this chip's own values (not of the events that name it)."""
        keys = {c.source for c in self.citations.values()} | {t.source for t in self.throughputs.values()}
        return keys | {a.source for a in self.alternatives}

    def source_keys(self) -> set[str]:
        return self.value_source_keys() | {e.source for e in self.events}


class ChipSummary(NamedTuple):
    """One row of the chip_summary view: what `list` shows, computed by the database."""

    id: int
    name: str
    vendor: str
    vendor_country: str | None
    market: str
    release_date: str | None
    die_area_mm2: float | None
    memory_capacity_gb: float | None
    memory_bandwidth_gbs: float | None
    interconnect_bandwidth_gbs: float | None
    host_interface: str | None
    tdp_w: float | None
    fp16_dense: float | None
    fp8_int8_dense: float | None
    int4_fp4_dense: float | None
    tpp: float | None

    @property
    def performance_density(self) -> float | None:
        # divided here rather than selected: the view would run its TPP subquery a second time
        return self.tpp / self.die_area_mm2 if self.tpp is not None and self.die_area_mm2 else None
