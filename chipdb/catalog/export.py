"""Chips, sources and events back into the seed format: `chipdb export` output is valid `chipdb seed` input."""

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from chipdb.catalog.policy_seeds import named_sources
from chipdb.db import queries
from chipdb.db.reader import Reader
from chipdb.domain.records import ChipRecord, EventRecord, GroupMembership, SourceRef
from chipdb.domain.vocab import NUMERIC_FIELDS, PRECISIONS, SPEC_FIELDS


def export_stream(reader: Reader, names: list[str] | None) -> dict[str, Any]:
    """The seed document for the named chips, or for everything (events included) when no name is given.

    Everything's `chips` is an iterator that reads the chips a chunk at a time: write the document (see
    report/stream.py) while `reader` is open, and a catalog of any size is never in memory whole. A chip's
    events are not exported with it alone: their other chips may be missing from the export.
    """
    if names:
        chips = queries.chips(reader, [queries.resolve(reader, name) for name in names])
        keys = set().union(*(c.value_source_keys() for c in chips))
        used = {
            c.vendor: country
            for c in chips
            for v, country in queries.vendors(reader).items()
            if v == c.vendor
        }
        return seed_document(chips, queries.sources(reader, sorted(keys)), used, None)
    events = queries.events(reader)
    groups = queries.group_memberships(reader)
    keys = queries.value_source_keys(reader) | {e.source for e in events} | {g.source for g in groups}
    keys |= named_sources(
        [e.summary for e in events] + [g.note or "" for g in groups], queries.sources(reader)
    )
    records = queries.chips_in_chunks(reader, queries.chip_ids(reader), details=True, events=False)
    document = seed_document(records, queries.sources(reader, sorted(keys)), queries.vendors(reader), events)
    document["country_groups"] = [_membership(m) for m in groups]
    return document


def export_document(reader: Reader, names: list[str] | None) -> dict[str, Any]:
    """`export_stream`, its chips read into a list."""
    document = export_stream(reader, names)
    document["chips"] = list(document["chips"])
    return document


def csv_rows(reader: Reader, names: list[str] | None) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and one row per chip, streamed like `export_stream`'s chips: the spreadsheet form of the seed
    format (catalog/csv_seed.py)."""
    from chipdb.catalog import csv_seed

    if names:
        records: Iterable[ChipRecord] = queries.chips(reader, [queries.resolve(reader, n) for n in names])
    else:
        records = queries.chips_in_chunks(reader, queries.chip_ids(reader), details=True, events=False)
    return list(csv_seed.COLUMNS), (csv_seed.row(_chip(chip)) for chip in records)


def csv_table(reader: Reader, names: list[str] | None) -> tuple[list[str], list[list[Any]]]:
    """`csv_rows`, read into a list."""
    headers, rows = csv_rows(reader, names)
    return headers, list(rows)


def seed_document(
    chips: Iterable[ChipRecord],
    sources: dict[str, SourceRef],
    vendors: dict[str, str | None],
    events: list[EventRecord] | None,
) -> dict[str, Any]:
    """A seed document (vendors, sources, chips, events) that reproduces these rows when seeded; `chips` a
    list when given one, else an iterator that converts each chip as it is read."""
    document: dict[str, Any] = {
        "vendors": [{"name": name, "country": country} for name, country in sorted(vendors.items())],
        "sources": [_source(sources[key]) for key in sorted(sources)],
        "chips": [_chip(chip) for chip in chips] if isinstance(chips, list) else map(_chip, chips),
    }
    if events is not None:
        document["events"] = [_event(event) for event in events]
    return document


def _source(source: SourceRef) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.key, "title": source.title}
    for key, value in (("publisher", source.publisher), ("url", source.url), ("date", source.published)):
        if value is not None:
            out[key] = value
    out["tier"] = source.tier
    return out


def _default_source(chip: ChipRecord) -> str | None:
    counts = Counter(c.source for c in chip.citations.values())
    counts.update(t.source for t in chip.throughputs.values())
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _value(value: Any, source: str, note: str | None, default: str | None, alternatives: list[Any]) -> Any:
    """The short form where it says everything; otherwise {value, source, note, alternatives}."""
    if source == default and note is None and not alternatives:
        return value
    out: dict[str, Any] = {"value": value}
    if source != default:
        out["source"] = source
    if note is not None:
        out["note"] = note
    if alternatives:
        out["alternatives"] = alternatives
    return out


def _alternatives(chip: ChipRecord, field: str) -> list[dict[str, Any]]:
    out = []
    for alt in chip.alternatives:
        if alt.field == field:
            item: dict[str, Any] = {"value": alt.value, "source": alt.source}
            if alt.note is not None:
                item["note"] = alt.note
            out.append(item)
    return out


def _chip(chip: ChipRecord) -> dict[str, Any]:
    default = _default_source(chip)
    out: dict[str, Any] = {"name": chip.name, "vendor": chip.vendor}
    if chip.aliases:
        out["aliases"] = list(chip.aliases)
    if default is not None:
        out["source"] = default
    market = chip.citations.get("market")
    out["market"] = (
        chip.market if market is None else _value(chip.market, market.source, market.note, None, [])
    )
    for name in SPEC_FIELDS:
        cited = chip.citations.get(name)
        if cited is None:
            continue
        value: Any = "n/a" if cited.not_applicable else chip.specs.get(name)
        if name in NUMERIC_FIELDS and isinstance(value, int | float):
            value = float(value)
        out[name] = _value(value, cited.source, cited.note, default, _alternatives(chip, name))
    performance: dict[str, Any] = {}
    for precision in PRECISIONS:
        cited = chip.citations.get(precision)
        if cited is not None and cited.not_applicable:
            performance[precision] = (
                "n/a" if cited.source == default and cited.note is None
                else {"dense": _value("n/a", cited.source, cited.note, None, [])}
            )  # fmt: skip
            continue
        entry: dict[str, Any] = {}
        precision_source = cited.source if cited is not None else default
        for sparsity in ("dense", "sparse"):
            figure = chip.throughputs.get((precision, sparsity))
            if figure is not None:
                alternatives = _alternatives(chip, f"{precision}.{sparsity}")
                entry[sparsity] = _value(
                    figure.tflops, figure.source, figure.note, precision_source, alternatives
                )
        if not entry:
            continue
        if precision_source != default:
            entry["source"] = precision_source
        if cited is not None and cited.note is not None:
            entry["note"] = cited.note
        performance[precision] = entry
    if performance:
        out["performance"] = performance
    if chip.notes is not None:
        out["notes"] = chip.notes
    return out


def _event(event: EventRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"id": event.key, "date": event.effective_text}
    if event.announced is not None:
        out["announced"] = event.announced
    out.update(authority=event.authority, action=event.action, destinations=list(event.destinations))
    if event.rule is not None:
        out["rule"] = event.rule
    if event.chips:
        out["chips"] = list(event.chips)
    if event.vendors:
        out["vendors"] = list(event.vendors)
    out.update(source=event.source, summary=event.summary)
    return out


def _membership(m: GroupMembership) -> dict[str, Any]:
    out: dict[str, Any] = {"group": m.group, "country": m.country}
    if m.valid_from is not None:
        out["from"] = m.valid_from.isoformat()
    if m.valid_to is not None:
        out["to"] = m.valid_to.isoformat()
    out["source"] = m.source
    if m.note is not None:
        out["note"] = m.note
    return out
