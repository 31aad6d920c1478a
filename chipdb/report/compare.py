"""Builds what read commands show (tables and JSON objects) from records; pure, no printing."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.metrics import fmt_number
from chipdb.domain.records import ChipRecord, EventRecord, SourceRef
from chipdb.domain.status import Status, status
from chipdb.domain.vocab import NOT_APPLICABLE, PRECISIONS, SPEC_FIELDS, UNKNOWN
from chipdb.report.document import Document, Table
from chipdb.rules import Verdict
from chipdb.rules.classification import computed, computed_text

LABELS: dict[str, tuple[str, str]] = {  # field -> (label, unit)
    "family": ("Architecture", ""),
    "release_date": ("Release date", ""),
    "process_node": ("Process node", ""),
    "foundry": ("Foundry", ""),
    "transistors_billion": ("Transistors", "billion"),
    "die_area_mm2": ("Die area (logic)", "mm2"),
    "memory_type": ("Memory type", ""),
    "memory_capacity_gb": ("Memory capacity", "GB"),
    "memory_bandwidth_gbs": ("Memory bandwidth", "GB/s"),
    "interconnect_bandwidth_gbs": ("Chip-to-chip interconnect", "GB/s"),
    "host_interface": ("Host interface", ""),
    "tdp_w": ("TDP", "W"),
    "form_factor": ("Form factor", ""),
    "tpp_stated": ("TPP stated by vendor", ""),
}
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        "identity",
        (
            "family",
            "release_date",
            "process_node",
            "foundry",
            "transistors_billion",
            "die_area_mm2",
            "form_factor",
            "host_interface",
        ),
    ),
    ("memory", ("memory_type", "memory_capacity_gb", "memory_bandwidth_gbs")),
    ("interconnect", ("interconnect_bandwidth_gbs",)),
    ("power", ("tdp_w",)),
]


def precision_label(precision: str) -> str:
    return precision.upper().replace("_TENSOR", " tensor")


def precision_unit(precision: str) -> str:
    return "TOPS" if precision.startswith("int") else "TFLOPS"


def shown(value: float | str | None) -> str:
    if value is None:
        return UNKNOWN
    if isinstance(value, str):
        return value
    return fmt_number(value)


def _ratio(a: float | str | None, b: float | str | None) -> str:
    if isinstance(a, str) or isinstance(b, str):
        return NOT_APPLICABLE if NOT_APPLICABLE in (a, b) else ""
    if a is None or b is None:
        return UNKNOWN
    if b == 0:
        return NOT_APPLICABLE
    return f"{a / b:.2f}x"


def compare(
    chips: list[ChipRecord], destination: str, as_of: dt.date, sources: dict[str, SourceRef]
) -> Document:
    """One column per chip, one row per spec, grouped; a ratio column when there are two chips."""
    two = len(chips) == 2
    headers = ["Group", "Spec", *[c.name for c in chips]]
    if two:
        headers.append(f"{chips[0].name} / {chips[1].name}")
    rows: list[list[Any]] = []

    def add(group: str, label: str, values: Sequence[float | str | None], numeric: bool = True) -> None:
        row: list[Any] = [group, label, *[shown(v) for v in values]]
        if two:
            row.append(_ratio(values[0], values[1]) if numeric else "")
        rows.append(row)

    add("identity", "Vendor", [c.vendor for c in chips], numeric=False)
    add("identity", "Market", [c.market for c in chips], numeric=False)
    for group, names in GROUPS:
        for name in names:
            label, unit = LABELS[name]
            add(
                group,
                f"{label} ({unit})" if unit else label,
                [c.spec(name) for c in chips],
                bool(unit),
            )
        if group == "identity":
            for sparsity in ("dense", "sparse"):
                for p in PRECISIONS:
                    values = [c.figure(p, sparsity) for c in chips]
                    if sparsity == "sparse" and all(not isinstance(v, float) for v in values):
                        continue  # sparse rows only where some chip has a sparse figure
                    add(f"compute ({sparsity})", f"{precision_label(p)} ({precision_unit(p)})", values)
    tpps = [metrics.tpp(c) for c in chips]
    add("derived", "TPP (dense TOPS x bits)", [t.value if t else None for t in tpps])
    add("derived", "TPP from", [t.arithmetic() if t else None for t in tpps], numeric=False)
    densities = [
        metrics.performance_density(t.value if t else None, c.die_area())
        for c, t in zip(chips, tpps, strict=True)
    ]
    add("derived", "Performance density (TPP/mm2)", densities)
    statuses = [status(c.events, destination, as_of) for c in chips]
    group = f"status ({destination}, {as_of.isoformat()})"
    add(group, "Recorded", [s.text() for s in statuses], numeric=False)
    verdicts = [computed(c, as_of) for c in chips]
    add(group, "Computed (rule in force)", [computed_text(v) for v in verdicts], numeric=False)
    agreement = [agreement_text(s, v) for s, v in zip(statuses, verdicts, strict=True)]
    add(group, "Recorded vs computed", agreement, numeric=False)
    previous = None
    for row in rows:
        previous, row[0] = row[0], "" if row[0] == previous else row[0]
    objects = [chip_object(c, destination, as_of, sources, with_sources=True) for c in chips]
    return Document([Table(headers, rows)], objects)


def chip_object(
    chip: ChipRecord, destination: str, as_of: dt.date, sources: dict[str, SourceRef], with_sources: bool
) -> dict[str, Any]:
    """The stable JSON shape of one chip (see README: JSON interface)."""
    specs: dict[str, Any] = {"architecture": chip.spec("family")}
    for name in SPEC_FIELDS:
        if name not in ("family", "tpp_stated"):
            specs[name] = chip.spec(name)
    performance: dict[str, Any] = {}
    for p in PRECISIONS:
        if chip.is_na(p):
            performance[p] = NOT_APPLICABLE
        else:
            performance[p] = {s: chip.figure(p, s) for s in ("dense", "sparse")}
    t = metrics.tpp(chip)
    st = status(chip.events, destination, as_of)
    verdict = computed(chip, as_of)
    obj: dict[str, Any] = {
        "name": chip.name,
        "vendor": chip.vendor,
        "aliases": chip.aliases,
        "market": chip.market,
        "specs": specs,
        "performance": performance,
        "tpp": t.value if t else None,
        "tpp_stated": chip.specs.get("tpp_stated"),
        "performance_density": metrics.performance_density(t.value if t else None, chip.die_area()),
        "status": status_object(st),
        "computed": None
        if verdict is None
        else {
            "rule": verdict.rule,
            "classification": verdict.classification,
            "licence_exception": verdict.licence_exception,
            "review_policy": verdict.review_policy,
            "reasons": list(verdict.reasons),
            "agrees_with_recorded": agrees(st, verdict),
        },
    }
    if with_sources:
        obj["sources"] = [source_object(sources[k]) for k in sorted(chip.source_keys()) if k in sources]
    return obj


def agrees(st: Status, verdict: Verdict | None) -> bool | None:
    """Whether recorded and computed status say the same; None where the computation is undecided."""
    if verdict is None or verdict.controlled is None:
        return None
    return verdict.controlled == st.restricted


def agreement_text(st: Status, verdict: Verdict | None) -> str:
    same = agrees(st, verdict)
    if same is None:
        return "cannot tell (computed undecided)" if verdict else "no rule in force"
    if same:
        return "agree"
    return "DISAGREE (see chipdb check)"


def status_object(st: Status) -> dict[str, Any]:
    return {
        "restricted": st.restricted,
        "since": st.since.isoformat() if st.since else None,
        "destination": st.destination,
        "as_of": st.as_of.isoformat(),
        "events": [event_object(e) for e in st.events],
    }


def event_object(e: EventRecord) -> dict[str, Any]:
    return {
        "id": e.key,
        "date": e.effective_text,
        "in_force_by": e.effective_on.isoformat(),
        "announced": e.announced,
        "authority": e.authority,
        "action": e.action,
        "destinations": list(e.destinations),
        "rule": e.rule,
        "chips": list(e.chips),
        "source": e.source,
        "summary": e.summary,
    }


def source_object(s: SourceRef) -> dict[str, Any]:
    return {
        "id": s.key,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "date": s.published,
        "tier": s.tier,
    }
