"""`chipdb compare`: one column per chip, one row per spec, grouped; pure."""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.records import ChipRecord, SourceRef
from chipdb.domain.vocab import PRECISIONS
from chipdb.report.document import Document, Table
from chipdb.report.fields import GROUPS, LABELS, precision_label, precision_unit, ratio, shown
from chipdb.report.objects import chip_object
from chipdb.rules.classification import computed, computed_text, determine_for
from chipdb.rules.determination import Determination, Policy

Values = Sequence[float | str | None]
Row = tuple[str, str, Values, bool]  # group, label, one value per chip, whether a ratio makes sense


def compare(
    chips: list[ChipRecord], destination: str, as_of: dt.date, sources: dict[str, SourceRef], policy: Policy
) -> Document:
    """One column per chip, one row per spec, grouped; a ratio column when there are two chips."""
    determinations = [determine_for(c, destination, as_of, policy) for c in chips]
    two = len(chips) == 2
    headers = ["Group", "Spec", *[c.name for c in chips]]
    if two:
        headers.append("Ratio (1st / 2nd)")
    rows: list[list[Any]] = []
    previous = None
    for group, label, values, numeric in _rows(chips, determinations):
        row: list[Any] = ["" if group == previous else group, label, *[shown(v) for v in values]]
        previous = group
        if two:
            row.append(ratio(values[0], values[1]) if numeric else "")
        rows.append(row)
    objects = [
        chip_object(c, d, sources, with_sources=True) for c, d in zip(chips, determinations, strict=True)
    ]
    # in a terminal: labels and values wrap to 12 columns, so four chips fit in 80; more are split into groups
    table = Table(headers, rows, wrap=[10, 16] + [12] * (len(headers) - 2), split_from=2)
    return Document([table], objects)


def _rows(chips: list[ChipRecord], determinations: list[Determination]) -> Iterator[Row]:
    yield "identity", "Vendor", [c.vendor for c in chips], False
    yield "identity", "Market", [c.market for c in chips], False
    for group, names in GROUPS:
        for name in names:
            label, unit = LABELS[name]
            yield group, f"{label} ({unit})" if unit else label, [c.spec(name) for c in chips], bool(unit)
        if group == "identity":
            yield from _compute_rows(chips)
    yield from _derived_rows(chips)
    yield from _status_rows(chips, determinations)


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


def _status_rows(chips: list[ChipRecord], determinations: list[Determination]) -> Iterator[Row]:
    first = determinations[0]
    group = f"licence ({first.destination}, {first.date.isoformat()})"
    yield group, "Licence required", [_required(d) for d in determinations], False
    yield (
        group,
        "Bases",
        [", ".join(dict.fromkeys(b.key for b in d.bases)) or "none" for d in determinations],
        False,
    )
    yield group, "Review policy", [d.review_policy or "" for d in determinations], False
    others = [", ".join(f"{o.kind} {o.key}" for o in d.other_restrictions) or "none" for d in determinations]
    yield group, "Other restrictions", others, False
    verdicts = [computed(c, first.date) for c in chips]
    yield group, "Computed (rule in force)", [computed_text(v) for v in verdicts], False


def _required(d: Determination) -> str:
    return f"{d.answer()} (since {d.since.isoformat()})" if d.since else d.answer()
