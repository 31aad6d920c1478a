"""Builds `list` and `show` output from records; pure."""

import datetime as dt
from typing import Any

from chipdb import metrics
from chipdb.classification import computed, computed_text
from chipdb.records import ChipRecord, SourceRef
from chipdb.report import (
    LABELS,
    agrees,
    chip_object,
    precision_label,
    precision_unit,
    shown,
    source_object,
    spec_value,
    status_text,
    throughput_value,
)
from chipdb.status import status
from chipdb.table import Document, Table
from chipdb.vocab import PRECISIONS, SPEC_FIELDS


def _best(chip: ChipRecord, precisions: tuple[str, ...]) -> float | str | None:
    values = [throughput_value(chip, p, "dense") for p in precisions]
    numbers = [v for v in values if isinstance(v, float)]
    if numbers:
        return max(numbers)
    return "n/a" if values and all(v == "n/a" for v in values) else None


def chip_list(chips: list[ChipRecord], destination: str, as_of: dt.date, restricted_only: bool) -> Document:
    """A row per chip with key specs and recorded status on the date."""
    headers = [
        "Chip", "Vendor", "Market", "Memory (GB)", "Mem BW (GB/s)", "FP16 dense (TFLOPS)",
        "FP8/INT8 dense", "TPP", "PD", f"Status {destination} {as_of.isoformat()}", "Computed",
    ]  # fmt: skip
    rows: list[list[Any]] = []
    objects: list[dict[str, Any]] = []
    for chip in chips:
        st = status(chip.events, destination, as_of)
        if restricted_only and not st.restricted:
            continue
        t = metrics.tpp(chip)
        pd = metrics.performance_density(t.value if t else None, chip.specs.get("die_area_mm2"))
        rows.append([
            chip.name, chip.vendor, chip.market,
            shown(spec_value(chip, "memory_capacity_gb")), shown(spec_value(chip, "memory_bandwidth_gbs")),
            shown(_best(chip, ("fp16", "bf16"))), shown(_best(chip, ("fp8", "int8"))),
            shown(t.value if t else None), shown(pd), status_text(st), _computed_cell(st, computed(chip, as_of)),
        ])  # fmt: skip
        objects.append(chip_object(chip, destination, as_of, {}, with_sources=False))
    return Document([Table(headers, rows)], objects)


def chip_detail(
    chip: ChipRecord, destination: str, as_of: dt.date, sources: dict[str, SourceRef]
) -> Document:
    """Every field with value, unit, source and note; then alternatives, status events and sources."""
    rows: list[list[Any]] = [
        ["Vendor", chip.vendor, "", "", ""],
        ["Market", chip.market, "", "", ""],
        ["Aliases", ", ".join(chip.aliases) or "none", "", "", ""],
    ]
    for name in SPEC_FIELDS:
        label, unit = LABELS[name]
        cited = chip.citations.get(name)
        rows.append([label, shown(spec_value(chip, name)), unit, cited.source if cited else "", _note(cited)])
    for p in PRECISIONS:
        cited = chip.citations.get(p)
        if chip.is_na(p):
            rows.append([f"{precision_label(p)}", "n/a", "", cited.source if cited else "", _note(cited)])
            continue
        for sparsity in ("dense", "sparse"):
            value = chip.throughputs.get((p, sparsity))
            rows.append([
                f"{precision_label(p)} {sparsity}", shown(value.tflops if value else None), precision_unit(p),
                value.source if value else "", (value.note if value and value.note else "") or (_note(cited) if sparsity == "dense" else ""),
            ])  # fmt: skip
    t = metrics.tpp(chip)
    rows.append(["TPP (derived)", shown(t.value if t else None), "", "", t.arithmetic() if t else ""])
    pd = metrics.performance_density(t.value if t else None, chip.specs.get("die_area_mm2"))
    rows.append(["Performance density (derived)", shown(pd), "TPP/mm2", "", ""])
    main = Table(["Field", "Value", "Unit", "Source", "Note"], rows, title=chip.name)
    tables = [main]
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
        title=f"Status for {destination} on {as_of.isoformat()}: {status_text(st)}",
    ))  # fmt: skip
    tables.append(Table(
        ["Source", "Tier", "Publisher", "Date", "Title", "URL"],
        [[s.key, s.tier, s.publisher or "", s.published or "", s.title, s.url or ""] for s in sources.values()],
        title="Sources",
    ))  # fmt: skip
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
    return Document(tables, obj)


def _computed_cell(st: Any, verdict: Any) -> str:
    text = computed_text(verdict)
    return text + (" (disagrees)" if agrees(st, verdict) is False else "")


def _note(cited: Any) -> str:
    return cited.note if cited is not None and cited.note else ""
