"""`chipdb show`: every field of one chip with value, unit, source and note; then the other sections; pure."""

from collections.abc import Iterator
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.records import ChipRecord, FieldCitation, SourceRef
from chipdb.domain.vocab import PRECISIONS, SPEC_FIELDS
from chipdb.report.document import Document, Table
from chipdb.report.fields import LABELS, precision_label, precision_unit, shown
from chipdb.report.objects import chip_object, source_object, verdict_object
from chipdb.report.status import assess_document
from chipdb.rules import RULES, classify_all
from chipdb.rules.classification import rule_input
from chipdb.rules.determination import Determination


def chip_detail(chip: ChipRecord, determination: Determination, sources: dict[str, SourceRef]) -> Document:
    """Every field with value, unit, source and note; notes; alternatives; the classification under each rule;
    the licence determination; the events naming the chip; sources. Empty sections say "none"."""
    d = determination
    tables = [Table(["Field", "Value", "Unit", "Source", "Note"], list(_field_rows(chip)), title=chip.name)]
    tables.append(Table(["Notes"], [[chip.notes or "none"]], title="Notes"))
    tables.append(Table(
        ["Field", "Alternative value", "Source", "Note"],
        [[a.field, shown(a.value), a.source, a.note or ""] for a in chip.alternatives] or [["none", "", "", ""]],
        title="Values other sources give",
    ))  # fmt: skip
    verdicts = classify_all(rule_input(chip))
    tables.append(Table(
        ["Rule", "Citation", "Classification", "Why"],
        [[v.rule, RULES[v.rule].citation, v.classification, "; ".join(v.reasons)] for v in verdicts],
        title="Classification under each rule (ECCN 3A090)",
    ))  # fmt: skip
    assessed = assess_document([d])
    head = f"Licence to export to {d.destination} on {d.date.isoformat()}: {d.text()}"
    tables.append(Table(assessed.tables[0].headers, assessed.tables[0].rows, title=head))
    tables.extend(assessed.tables[1:])
    tables.append(Table(
        ["Date", "Authority", "Action", "Destinations", "Rule", "Source"],
        [[e.effective_text, e.authority, e.action, ", ".join(e.destinations), e.rule or "", e.source]
         for e in chip.events if e.effective_on <= d.date] or [["none", "", "", "", "", ""]],
        title="Events naming this chip",
    ))  # fmt: skip
    tables.append(Table(
        ["Source", "Tier", "Publisher", "Date", "Title", "URL"],
        [[s.key, s.tier, s.publisher or "", s.published or "", s.title, s.url or ""] for s in sources.values()],
        title="Sources",
    ))  # fmt: skip
    obj = detail_object(chip, d, sources)
    obj["classification"] = [{"citation": RULES[v.rule].citation, **verdict_object(v)} for v in verdicts]
    return Document(tables, obj)


def detail_object(
    chip: ChipRecord, determination: Determination, sources: dict[str, SourceRef]
) -> dict[str, Any]:
    """`show --format json`: the chip object plus notes, citations, alternatives and sources."""
    obj = chip_object(chip, determination, sources, with_sources=True)
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
