"""`chipdb compare`: one column per chip, one row per spec, grouped; pure."""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.records import ChipRecord, SourceRef
from chipdb.domain.status import Status, status
from chipdb.domain.vocab import PRECISIONS
from chipdb.report.document import Document, Table
from chipdb.report.fields import GROUPS, LABELS, precision_label, precision_unit, ratio, shown
from chipdb.report.objects import agrees, chip_object
from chipdb.rules import Verdict
from chipdb.rules.classification import computed, computed_text

Values = Sequence[float | str | None]
Row = tuple[str, str, Values, bool]  # group, label, one value per chip, whether a ratio makes sense


def compare(
    chips: list[ChipRecord], destination: str, as_of: dt.date, sources: dict[str, SourceRef]
) -> Document:
    """One column per chip, one row per spec, grouped; a ratio column when there are two chips."""
    two = len(chips) == 2
    headers = ["Group", "Spec", *[c.name for c in chips]]
    if two:
        headers.append(f"{chips[0].name} / {chips[1].name}")
    rows: list[list[Any]] = []
    previous = None
    for group, label, values, numeric in _rows(chips, destination, as_of):
        row: list[Any] = ["" if group == previous else group, label, *[shown(v) for v in values]]
        previous = group
        if two:
            row.append(ratio(values[0], values[1]) if numeric else "")
        rows.append(row)
    objects = [chip_object(c, destination, as_of, sources, with_sources=True) for c in chips]
    return Document([Table(headers, rows)], objects)


def _rows(chips: list[ChipRecord], destination: str, as_of: dt.date) -> Iterator[Row]:
    yield "identity", "Vendor", [c.vendor for c in chips], False
    yield "identity", "Market", [c.market for c in chips], False
    for group, names in GROUPS:
        for name in names:
            label, unit = LABELS[name]
            yield group, f"{label} ({unit})" if unit else label, [c.spec(name) for c in chips], bool(unit)
        if group == "identity":
            yield from _compute_rows(chips)
    yield from _derived_rows(chips)
    yield from _status_rows(chips, destination, as_of)


def _compute_rows(chips: list[ChipRecord]) -> Iterator[Row]:
    for sparsity in ("dense", "sparse"):
        for p in PRECISIONS:
            values = [c.figure(p, sparsity) for c in chips]
            if sparsity == "sparse" and all(not isinstance(v, float) for v in values):
                continue  # sparse rows only where some chip has a sparse figure
            yield f"compute ({sparsity})", f"{precision_label(p)} ({precision_unit(p)})", values, True


def _derived_rows(chips: list[ChipRecord]) -> Iterator[Row]:
    tpps = [metrics.tpp(c) for c in chips]
    yield "derived", "TPP (dense TOPS x bits)", [t.value if t else None for t in tpps], True
    yield "derived", "TPP from", [t.arithmetic() if t else None for t in tpps], False
    densities = [
        metrics.performance_density(t.value if t else None, c.die_area())
        for c, t in zip(chips, tpps, strict=True)
    ]
    yield "derived", "Performance density (TPP/mm2)", densities, True


def _status_rows(chips: list[ChipRecord], destination: str, as_of: dt.date) -> Iterator[Row]:
    statuses = [status(c.events, destination, as_of) for c in chips]
    verdicts = [computed(c, as_of) for c in chips]
    group = f"status ({destination}, {as_of.isoformat()})"
    yield group, "Recorded", [s.text() for s in statuses], False
    yield group, "Computed (rule in force)", [computed_text(v) for v in verdicts], False
    agreement = [agreement_text(s, v) for s, v in zip(statuses, verdicts, strict=True)]
    yield group, "Recorded vs computed", agreement, False


def agreement_text(st: Status, verdict: Verdict | None) -> str:
    same = agrees(st, verdict)
    if same is None:
        return "cannot tell (computed undecided)" if verdict else "no rule in force"
    if same:
        return "agree"
    return "DISAGREE (see chipdb check)"
