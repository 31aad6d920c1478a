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
from chipdb.rules import RULES, Verdict, classify_all
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
    data = Table(DATA_KEYS, list(_data_rows(chip, d, verdicts, sources)), keys=DATA_KEYS)
    return Document(tables, detail_json(chip, d, sources, verdicts), data=data)


def detail_json(
    chip: ChipRecord,
    determination: Determination,
    sources: dict[str, SourceRef],
    verdicts: list[Verdict] | None = None,
) -> dict[str, Any]:
    """`show --format json` whole: the detail object and the classification under each rule (what the web API
    answers, without building the tables)."""
    if verdicts is None:
        verdicts = classify_all(rule_input(chip))
    obj = detail_object(chip, determination, sources)
    obj["classification"] = [{"citation": RULES[v.rule].citation, **verdict_object(v)} for v in verdicts]
    return obj


#: `show -f csv`: one row per value, every section, each with its source.
DATA_KEYS = ["section", "field", "value", "unit", "source", "note"]


def _data_rows(
    chip: ChipRecord, d: Determination, verdicts: list[Any], sources: dict[str, SourceRef]
) -> Iterator[list[Any]]:
    yield ["identity", "name", chip.name, "", "", ""]
    yield ["identity", "vendor", chip.vendor, "", "", ""]
    yield ["identity", "market", chip.market, "", "", ""]
    yield ["identity", "aliases", "; ".join(chip.aliases), "", "", ""]
    for name in SPEC_FIELDS:
        cited = chip.citations.get(name)
        yield ["specs", name, chip.spec(name), LABELS[name][1], cited.source if cited else "", _note(cited)]
    for p in PRECISIONS:
        cited = chip.citations.get(p)
        for sparsity in ("dense", "sparse"):
            value = chip.throughputs.get((p, sparsity))
            na = chip.is_na(p)
            shown_value: Any = "n/a" if na else value.tflops if value else None
            if value is None and not na:
                yield [
                    "performance",
                    f"{p}_{sparsity}",
                    None,
                    precision_unit(p),
                    "",
                    "",
                ]  # unknown: no source
                continue
            source = value.source if value else cited.source if cited else ""
            note = value.note if value and value.note else _note(cited)
            yield ["performance", f"{p}_{sparsity}", shown_value, precision_unit(p), source, note or ""]
    t = metrics.tpp(chip)
    yield ["derived", "tpp", t.value if t else None, "", "", t.arithmetic() if t else ""]
    pd = metrics.performance_density(t.value if t else None, chip.die_area())
    yield ["derived", "performance_density", pd, "TPP/mm2", "", ""]
    yield ["notes", "notes", chip.notes or "", "", "", ""]
    for a in chip.alternatives:
        yield ["alternatives", a.field, a.value, "", a.source, a.note or ""]
    for v in verdicts:
        yield ["classification", v.rule, v.classification, "", RULES[v.rule].citation, "; ".join(v.reasons)]
    yield ["licence", "destination", d.destination, "", "", ""]
    yield ["licence", "as_of", d.date.isoformat(), "", "", ""]
    yield ["licence", "licence_required", d.licence_required, "", "", d.text()]
    yield ["licence", "since", d.since.isoformat() if d.since else None, "", "", ""]
    yield ["licence", "review_policy", d.review_policy or "", "", "", ""]
    for b in d.bases:
        yield ["licence basis", b.key, b.kind, "", b.citation, b.text]
    for o in d.other_restrictions:
        yield ["other restriction", o.key, o.kind, "", o.citation, o.text]
    for e in chip.events:
        if e.effective_on <= d.date:
            yield ["event", e.key, e.effective_text, "", e.source, e.summary]
    for src in sources.values():
        yield [
            "source",
            src.key,
            src.title,
            "",
            src.url or "",
            f"{src.publisher or ''} {src.published or ''}".strip(),
        ]


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
