"""`chipdb show`: every field of one chip with value, unit, source and note; then the other sections; pure."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.records import ChipRecord, FieldCitation, SourceRef
from chipdb.domain.status import status
from chipdb.domain.vocab import PRECISIONS, SPEC_FIELDS
from chipdb.report.document import Document, Table
from chipdb.report.fields import LABELS, precision_label, precision_unit, shown
from chipdb.report.objects import chip_object, source_object


def chip_detail(
    chip: ChipRecord, destination: str, as_of: dt.date, sources: dict[str, SourceRef]
) -> Document:
    """Every field with value, unit, source and note; then alternatives, status events and sources."""
    tables = [Table(["Field", "Value", "Unit", "Source", "Note"], list(_field_rows(chip)), title=chip.name)]
    if chip.alternatives:
        tables.append(Table(
            ["Field", "Alternative value", "Source", "Note"],
            [[a.field, shown(a.value), a.source, a.note or ""] for a in chip.alternatives],
            title="Values other sources give",
        ))  # fmt: skip
    st = status(chip.events, destination, as_of)
    tables.append(Table(
        ["Date", "Authority", "Action", "Destinations", "Rule", "Source"],
        [[e.effective_text, e.authority, e.action, ", ".join(e.destinations), e.rule or "", e.source] for e in st.events],
        title=f"Status for {destination} on {as_of.isoformat()}: {st.text()}",
    ))  # fmt: skip
    tables.append(Table(
        ["Source", "Tier", "Publisher", "Date", "Title", "URL"],
        [[s.key, s.tier, s.publisher or "", s.published or "", s.title, s.url or ""] for s in sources.values()],
        title="Sources",
    ))  # fmt: skip
    return Document(tables, detail_object(chip, destination, as_of, sources))


def detail_object(
    chip: ChipRecord, destination: str, as_of: dt.date, sources: dict[str, SourceRef]
) -> dict[str, Any]:
    """`show --format json`: the chip object plus notes, citations, alternatives and sources."""
    obj = chip_object(chip, destination, as_of, sources, with_sources=True)
    obj["notes"] = chip.notes
    obj["citations"] = {
        f: {"source": c.source, "note": c.note, "not_applicable": c.not_applicable}
        for f, c in sorted(chip.citations.items())
    }
    obj["alternatives"] = [
        {"field": a.field, "value": a.value, "source": a.source, "note": a.note} for a in chip.alternatives
    ]
    obj["sources"] = [source_object(s) for s in sources.values()]
    return obj


def _field_rows(chip: ChipRecord) -> Iterator[list[str]]:
    yield ["Vendor", chip.vendor, "", "", ""]
    yield ["Market", chip.market, "", "", ""]
    yield ["Aliases", ", ".join(chip.aliases) or "none", "", "", ""]
    for name in SPEC_FIELDS:
        label, unit = LABELS[name]
        cited = chip.citations.get(name)
        yield [label, shown(chip.spec(name)), unit, cited.source if cited else "", _note(cited)]
    for p in PRECISIONS:
        yield from _precision_rows(chip, p)
    t = metrics.tpp(chip)
    yield ["TPP (derived)", shown(t.value if t else None), "", "", t.arithmetic() if t else ""]
    pd = metrics.performance_density(t.value if t else None, chip.die_area())
    yield ["Performance density (derived)", shown(pd), "TPP/mm2", "", ""]


def _precision_rows(chip: ChipRecord, p: str) -> Iterator[list[str]]:
    cited = chip.citations.get(p)
    if chip.is_na(p):
        yield [precision_label(p), "n/a", "", cited.source if cited else "", _note(cited)]
        return
    for sparsity in ("dense", "sparse"):
        value = chip.throughputs.get((p, sparsity))
        if sparsity == "sparse" and value is None:
            continue  # a sparse row only where the vendor states structured sparsity
        note = (value.note if value and value.note else "") or (_note(cited) if sparsity == "dense" else "")
        yield [
            f"{precision_label(p)} {sparsity}", shown(value.tflops if value else None), precision_unit(p),
            value.source if value else "", note,
        ]  # fmt: skip


def _note(cited: FieldCitation | None) -> str:
    return cited.note if cited is not None and cited.note else ""
