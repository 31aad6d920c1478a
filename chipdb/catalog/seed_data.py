"""The validated seed data, as plain dataclasses: what the loader builds and the writer and checks read."""

from dataclasses import dataclass, field
from typing import Any

from chipdb.catalog import seed_format as fmt


@dataclass(frozen=True)
class CitedValue:
    """A field's value (None where n/a) and the source key behind it."""

    value: float | str | None
    source: str
    note: str | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class AlternativeValue:
    field: str
    value: float | str
    source: str
    note: str | None


@dataclass
class ChipSeed:
    name: str
    vendor: str
    market: str
    origin: str
    aliases: tuple[str, ...] = ()
    fields: dict[str, CitedValue] = field(default_factory=dict)
    precisions: dict[str, CitedValue] = field(default_factory=dict)  # precision-level source / n/a
    throughputs: dict[tuple[str, str], CitedValue] = field(default_factory=dict)
    alternatives: list[AlternativeValue] = field(default_factory=list)
    notes: str | None = None
    index: int = -1  # its place in its file's `chips` list, for the line of a problem

    def source_keys(self) -> set[str]:
        keys = {
            c.source for c in (*self.fields.values(), *self.precisions.values(), *self.throughputs.values())
        }
        return keys | {a.source for a in self.alternatives}


@dataclass(frozen=True)
class EventSeed:
    key: str
    effective_text: str
    effective_on: Any
    announced: str | None
    authority: str
    action: str
    destinations: tuple[str, ...]
    rule: str | None
    chips: tuple[str, ...]
    source: str
    summary: str
    origin: str
    vendors: tuple[str, ...] = ()
    index: int = -1


@dataclass(frozen=True)
class GroupSeed:
    group: str
    country: str
    valid_from: Any  # dt.date | None
    valid_to: Any  # dt.date | None
    source: str
    note: str | None
    origin: str
    index: int = -1


@dataclass
class SeedSet:
    vendors: dict[str, str | None] = field(default_factory=dict)
    sources: dict[str, fmt.Source] = field(default_factory=dict)
    chips: list[ChipSeed] = field(default_factory=list)
    events: list[EventSeed] = field(default_factory=list)
    country_groups: list[GroupSeed] = field(default_factory=list)
    source_origins: dict[str, str] = field(default_factory=dict)
    #: Names and ids of records too broken to read, by list ("chips", "sources"): not reported as unknown.
    unreadable: dict[str, set[str]] = field(default_factory=dict)
