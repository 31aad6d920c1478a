"""What a seed would change, in words: `chip: field: old -> new`, for `seed --dry-run` and the warnings.

Works on the writer's comparable chip states, so what is shown is exactly what makes the writer rewrite a
chip.
"""

from typing import Any

from chipdb.domain.vocab import NUMERIC_FIELDS, PRECISIONS, SPEC_FIELDS

#: A field as shown: (value, source key, note).
Shown = tuple[str, str | None, str | None]
_ORDER = {
    label: i for i, label in enumerate(("name", "vendor", "market", *SPEC_FIELDS, *PRECISIONS, "notes"))
}


def chip_changes(
    name: str,
    old: tuple[Any, ...],
    new: tuple[Any, ...],
    source_keys: dict[int, str],
    vendor_names: dict[int, str],
) -> tuple[list[str], list[str]]:
    """The lines describing how `old` becomes `new`, and the aliases that disappear (removed or renamed)."""
    before, after = _view(old, source_keys, vendor_names), _view(new, source_keys, vendor_names)
    lines = []
    for label in sorted(before.keys() | after.keys(), key=_order):
        was, now = before.get(label), after.get(label)
        old_value, new_value = (
            (was[0] if was else _missing(before, label)),
            (now[0] if now else _missing(after, label)),
        )
        if old_value != new_value and "" not in (old_value, new_value):
            lines.append(f"{name}: {label}: {old_value} -> {new_value}")
        elif was and now and was[1] != now[1]:
            lines.append(f"{name}: {label}: source {was[1]} -> {now[1]}")
        elif was and now and was[2] != now[2]:
            lines.append(f"{name}: notes changed" if label == "notes" else f"{name}: {label}: note changed")
    old_aliases = {key: alias for alias, key in old[1]}
    new_aliases = {key: alias for alias, key in new[1]}
    gone = [old_aliases[key] for key in sorted(old_aliases.keys() - new_aliases.keys())]
    lines += [
        f"{name}: alias added: {new_aliases[key]!r}"
        for key in sorted(new_aliases.keys() - old_aliases.keys())
    ]
    lines += [f"{name}: alias removed: {alias!r}" for alias in gone]
    lines += [
        f"{name}: alias: {old_aliases[key]!r} -> {new_aliases[key]!r}"
        for key in sorted(old_aliases.keys() & new_aliases.keys())
        if old_aliases[key] != new_aliases[key]
    ]
    return lines, gone


def _view(
    state: tuple[Any, ...], source_keys: dict[int, str], vendor_names: dict[int, str]
) -> dict[str, Shown]:
    """A chip's state as labelled values, in the order `show` lists them."""
    row, _, citations, throughputs, alternatives = state
    columns = dict(row)
    cites = {field: (source_keys.get(sid, str(sid)), bool(na), note) for field, sid, na, note in citations}
    view: dict[str, Shown] = {
        "name": (repr(columns["name"]), None, None),
        "vendor": (vendor_names.get(columns["vendor_id"], str(columns["vendor_id"])), None, None),
    }
    for field in ("market", *SPEC_FIELDS):
        value, cite = columns.get(field), cites.get(field)
        if value is None and cite is None:
            continue
        shown = _show(value, NUMERIC_FIELDS.get(field, "")) if value is not None else _absent(cite)
        view[field] = (shown, cite[0], cite[2]) if cite else (shown, None, None)
    rates = {
        (p, s): (tflops, source_keys.get(sid, str(sid)), note) for p, s, tflops, sid, note in throughputs
    }
    for precision in PRECISIONS:
        cite = cites.get(precision)
        if cite is not None:
            view[precision] = ("n/a" if cite[1] else "", cite[0], cite[2])
        for sparsity in ("dense", "sparse"):
            if (precision, sparsity) in rates:
                tflops, source, note = rates[(precision, sparsity)]
                view[f"{precision}.{sparsity}"] = (_show(tflops, "TFLOPS"), source, note)
    by_field: dict[str, list[str]] = {}
    for field, number, text, sid, _note in alternatives:
        value = _show(number, "") if number is not None else str(text)
        by_field.setdefault(field, []).append(f"{value} ({source_keys.get(sid, sid)})")
    for field, values in by_field.items():
        view[f"{field} alternatives"] = ("; ".join(values), None, None)
    if columns.get("notes") is not None:
        view["notes"] = ("", None, columns["notes"])
    return view


def _order(label: str) -> tuple[int, str]:
    """Fields in the order `show` lists them; a precision's rates and a field's alternatives after it."""
    base = label.split(".")[0].split(" ")[0]
    return (_ORDER.get(base, len(_ORDER)), label)


def _show(value: Any, unit: str) -> str:
    if isinstance(value, float):
        return f"{value:,.12g} {unit}".rstrip()
    return str(value)


def _missing(view: dict[str, Shown], label: str) -> str:
    """How a field the chip does not have reads: unknown, or n/a for a rate of a precision that is n/a."""
    precision = view.get(label.split(".")[0]) if "." in label else None
    return "n/a" if precision is not None and precision[0] == "n/a" else "unknown"


def _absent(cite: tuple[str, bool, str | None] | None) -> str:
    return "n/a" if cite is not None and cite[1] else "unknown"
