"""Tables and JSON for classify, check, timeline and rules; pure."""

import datetime as dt
from collections.abc import Iterator
from typing import Any, cast

from chipdb.domain.metrics import fmt_number, performance_density
from chipdb.domain.records import EventRecord, SourceRef
from chipdb.report.document import Document, Table
from chipdb.report.objects import event_object, source_object
from chipdb.rules import RULES, RuleInput, Verdict
from chipdb.rules.classification import Finding


def classification(name: str | None, chip: RuleInput, verdicts: list[Verdict]) -> Document:
    tpp = chip.total_processing_performance()
    pd = performance_density(tpp.value if tpp else None, chip.die_area_mm2)
    rows = [
        [v.rule, RULES[v.rule].citation, v.classification, v.licence_exception or "", v.review_policy or "",
         "\n".join(v.reasons)]
        for v in verdicts
    ]  # fmt: skip
    title = f"{name or 'Hypothetical chip'}: TPP {fmt_number(tpp.value) if tpp else 'unknown'}, " + (
        f"performance density {pd:.2f}" if pd is not None else "performance density unknown"
    )
    table = Table(
        ["Rule", "Citation", "Classification", "Licence exception", "Review policy", "Why"], rows, title
    )
    obj = {
        "chip": name,
        "tpp": tpp.value if tpp else None,
        "performance_density": pd,
        "verdicts": [
            {
                "rule": v.rule,
                "classification": v.classification,
                "licence_exception": v.licence_exception,
                "review_policy": v.review_policy,
                "reasons": list(v.reasons),
            }
            for v in verdicts
        ],
    }
    return Document([table], obj)


_FINDING_KEYS = ["chip", "kind", "recorded", "computed", "explanation"]


def _finding_row(f: Finding) -> list[Any]:
    return [f.chip, f.kind, f.recorded, f.computed, f.explanation]


def findings(items: list[Finding], destination: str, on: dt.date) -> Document:
    rows = [_finding_row(f) for f in items]
    title = (
        f"Recorded status for {destination} vs the rule in force on {on.isoformat()}: {len(items)} findings"
    )
    obj = [dict(zip(_FINDING_KEYS, row, strict=True)) for row in rows]
    table = Table(["Chip", "Kind", "Recorded", "Computed", "Explanation"], rows, title, wrap=[12, 10, 12, 12, 24],
                  keys=_FINDING_KEYS)  # fmt: skip
    return Document([table], obj)


def findings_data(items: Iterator[Finding], fmt: str) -> Document:
    """`findings` for a data format (csv, tsv, json), written as the findings come: the same text, without
    holding them (a table's title and column widths need them all; data does not)."""
    rows = map(_finding_row, items)
    if fmt == "json":
        return Document([], (dict(zip(_FINDING_KEYS, row, strict=True)) for row in rows))
    table = Table(["Chip", "Kind", "Recorded", "Computed", "Explanation"], cast(list[list[Any]], rows),
                  keys=_FINDING_KEYS)  # fmt: skip
    return Document([table], None)


def timeline(events: list[EventRecord], sources: dict[str, SourceRef]) -> Document:
    rows = [
        [e.effective_text, e.authority, e.action, ", ".join(e.destinations), e.rule or "",
         ", ".join(e.chips) or "(none named)", e.summary, _cite(sources.get(e.source), e.source)]
        for e in events
    ]  # fmt: skip
    headers = ["Date", "Authority", "Action", "Destinations", "Rule", "Chips", "Summary", "Source"]
    obj = [
        {**event_object(e), "source": source_object(sources[e.source]) if e.source in sources else e.source}
        for e in events
    ]
    # a terminal keeps date, action, destinations, summary; the rest goes first when too narrow
    table = Table(headers, rows, wrap=[0, 0, 0, 12, 14, 12, 24, 16], priority=[0, 4, 0, 1, 3, 2, 0, 5],
                  keys=["date", "authority", "action", "destinations", "rule", "chips", "summary", "source"])  # fmt: skip
    return Document([table], obj)


def _cite(source: SourceRef | None, key: str) -> str:
    if source is None:
        return key
    return f"{source.title} ({source.publisher or ''}{', ' + source.published if source.published else ''}) {source.url or ''}".strip()


def rules_table() -> Document:
    rows = [
        [r.key, r.citation, r.effective.isoformat(), r.destinations, "\n".join(r.thresholds)]
        for r in RULES.values()
    ]
    obj: list[dict[str, Any]] = [
        {"rule": r.key, "title": r.title, "citation": r.citation, "effective": r.effective.isoformat(),
         "destinations": r.destinations, "thresholds": list(r.thresholds)}
        for r in RULES.values()
    ]  # fmt: skip
    headers = ["Rule", "Citation", "Effective", "Destinations", "Thresholds"]
    keys = ["rule", "citation", "effective", "destinations", "thresholds"]
    return Document([Table(headers, rows, wrap=[0, 14, 0, 14, 30], keys=keys)], obj)
