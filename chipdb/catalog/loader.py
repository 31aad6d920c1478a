"""Seed files: validate against the format and against each other, and build a SeedSet.

Nothing here touches the database; `seeding` checks references against it and writes.
"""

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from chipdb.catalog import seed_format as fmt
from chipdb.catalog.policy_seeds import check_group_periods, event_seed, group_seed
from chipdb.catalog.safe_read import read_yaml
from chipdb.catalog.seed_data import AlternativeValue, ChipSeed, CitedValue, SeedSet
from chipdb.domain.dates import parse_partial
from chipdb.domain.names import name_key
from chipdb.domain.vocab import MARKETS, NUMERIC_FIELDS, PRECISIONS, TEXT_FIELDS
from chipdb.errors import SeedError

_UNITS: dict[str, str] = {"tflops": "TFLOPS", **NUMERIC_FIELDS}

#: Plausible ranges per numeric field (canonical units); values outside are typos, not chips.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "transistors_billion": (0.01, 2000.0),
    "die_area_mm2": (1.0, 10000.0),
    "memory_capacity_gb": (0.001, 10000.0),
    "memory_bandwidth_gbs": (0.1, 200000.0),
    "interconnect_bandwidth_gbs": (0.1, 200000.0),
    "tdp_w": (0.5, 10000.0),
    "tpp_stated": (0.001, 10_000_000.0),
    "tflops": (0.0001, 1_000_000.0),
}


def parse_file(path: Path) -> fmt.SeedFile:
    if path.suffix.lower() == ".csv":
        from chipdb.catalog import csv_seed
        from chipdb.catalog.safe_read import read_text

        document = csv_seed.read(path, read_text(path))
    else:
        document = read_yaml(path)
    if not isinstance(document, dict):
        raise SeedError(f"{path}: expected a mapping with vendors / sources / chips / events at the top")
    try:
        return fmt.SeedFile.model_validate(document)
    except ValidationError as exc:
        raise SeedError(f"{path}: {_describe(document, exc)}") from None


def _describe(document: Any, exc: ValidationError) -> str:
    """The first validation error as "chips[3] (H100 SXM5 80GB).tdp_w: message"."""
    errors = exc.errors(include_url=False)
    # pydantic reports one error per union member; the most specific location is the useful one
    first = max(errors, key=lambda e: len(e["loc"]))
    parts: list[str] = []
    node: Any = document
    for item in first["loc"]:
        if isinstance(item, int):
            label = f"[{item}]"
            node = node[item] if isinstance(node, list) and item < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("name") or node.get("id"), str):
                label += f" ({node.get('name') or node.get('id')})"
            parts.append(label)
        elif item in ("function-after", "str", "int", "float", "date", "Cited", "PrecisionEntry") or (
            isinstance(item, str) and item.startswith(("literal[", "function-", "lax-", "json-"))
        ):
            continue
        else:
            parts.append(f".{item}" if str(item).isprintable() else f".{item!r}")
            node = node.get(item) if isinstance(node, dict) else None
    where = "".join(parts).lstrip(".")
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    message = first["msg"]
    if first["type"] == "extra_forbidden":
        message = "unknown field (a typo?)"
    return f"{where}: {message}{more}"


def build(paths: Iterable[Path]) -> SeedSet:
    """Parse every file and merge them, checking what can be checked without the database."""
    seed = SeedSet()
    chip_origin: dict[str, str] = {}
    event_origin: dict[str, str] = {}
    for path in paths:
        parsed = parse_file(path)
        for vendor in parsed.vendors:
            if vendor.name in seed.vendors:
                raise SeedError(f"{path}: vendors: {vendor.name!r} is declared twice")
            seed.vendors[vendor.name] = vendor.country
        for source in parsed.sources:
            if source.id in seed.sources:
                raise SeedError(
                    f"{path}: sources: {source.id!r} is already declared in {seed.source_origins[source.id]}"
                )
            if source.date is not None:
                _checked(path, f"sources ({source.id}).date", parse_partial, source.date)
            seed.sources[source.id] = source
            seed.source_origins[source.id] = str(path)
        for index, chip in enumerate(parsed.chips):
            where = f"{path}: chips[{index}] ({chip.name})"
            key = name_key(chip.name)
            if key in chip_origin:
                raise SeedError(f"{where}: the chip is already defined in {chip_origin[key]}")
            chip_origin[key] = str(path)
            seed.chips.append(_chip(where, str(path), chip))
        for index, event in enumerate(parsed.events):
            where = f"{path}: events[{index}] ({event.id})"
            if event.id in event_origin:
                raise SeedError(f"{where}: the event is already defined in {event_origin[event.id]}")
            event_origin[event.id] = str(path)
            seed.events.append(event_seed(where, str(path), event))
        for index, member in enumerate(parsed.country_groups):
            where = f"{path}: country_groups[{index}] ({member.group} {member.country})"
            seed.country_groups.append(group_seed(where, str(path), member))
    _check_aliases(seed)
    check_group_periods(seed)
    return seed


def _checked(path: Path | str, where: str, parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        raise SeedError(f"{path}: {where}: {exc}" if path else f"{where}: {exc}") from None


def _chip(where: str, origin: str, chip: fmt.Chip) -> ChipSeed:
    market = chip.market.value if isinstance(chip.market, fmt.Cited) else chip.market
    if market not in MARKETS:
        raise SeedError(f"{where}.market: {market!r} is not one of {', '.join(MARKETS)}")
    out = ChipSeed(
        name=chip.name.strip(),
        vendor=chip.vendor,
        market=str(market),
        origin=origin,
        aliases=_unique_aliases(chip.name, chip.aliases),
        notes=chip.notes,
    )
    default = chip.source
    if isinstance(chip.market, fmt.Cited):
        market_source = _need_source(f"{where}.market", chip.market.source or default)
        out.fields["market"] = CitedValue(str(market), market_source, chip.market.note)
    for name in (*TEXT_FIELDS, *NUMERIC_FIELDS):
        raw = getattr(chip, name)
        cited = None if raw is None else _cited(f"{where}.{name}", name, raw, default)
        if cited is not None:
            out.fields[name] = cited
            out.alternatives.extend(_alternatives(f"{where}.{name}", name, name, raw))
    for precision in PRECISIONS:
        entry = chip.performance.get(precision)
        if entry is not None and entry != "unknown":
            _precision(f"{where}.performance.{precision}", precision, entry, default, out)
    return out


def _alternatives(where: str, field: str, unit_of: str, raw: Any) -> list[AlternativeValue]:
    """The alternatives a long-form value carries, each parsed like the value itself."""
    if not isinstance(raw, fmt.Cited):
        return []
    out = []
    for alt in raw.alternatives:
        value = _value(f"{where}.alternatives", unit_of, alt.value)
        if value is None:
            raise SeedError(f"{where}.alternatives: an alternative must be a value")
        out.append(AlternativeValue(field, value, alt.source, alt.note))
    return out


def _precision(here: str, precision: str, entry: Any, default: str | None, out: ChipSeed) -> None:
    """One precision's dense and sparse figures (or its n/a) into `out`."""
    if entry == "n/a":
        out.precisions[precision] = CitedValue(None, _need_source(here, default), not_applicable=True)
        return
    assert isinstance(entry, fmt.PrecisionEntry)
    source = entry.source or default
    if _says_na(entry.dense) and (entry.sparse is None or _says_na(entry.sparse)):
        # `{dense: n/a, source: ..., note: ...}` is the long form of `n/a` for the whole precision
        cited_na = entry.dense if isinstance(entry.dense, fmt.Cited) else None
        na_source = (cited_na.source if cited_na else None) or source
        out.precisions[precision] = CitedValue(
            None, _need_source(here, na_source), entry.note or (cited_na.note if cited_na else None), True
        )
        return
    if entry.dense is None and entry.sparse is None:
        raise SeedError(f"{here}: give dense and/or sparse, or write n/a")
    out.precisions[precision] = CitedValue(None, _need_source(here, source), entry.note)
    for sparsity in ("dense", "sparse"):
        raw = getattr(entry, sparsity)
        if raw is None:
            continue
        cited = _cited(f"{here}.{sparsity}", "tflops", raw, source)
        if cited is None or cited.not_applicable:
            raise SeedError(f"{here}.{sparsity}: write n/a for the whole precision, not for one figure")
        out.throughputs[(precision, sparsity)] = cited
        out.alternatives.extend(_alternatives(f"{here}.{sparsity}", f"{precision}.{sparsity}", "tflops", raw))
    dense = out.throughputs.get((precision, "dense"))
    sparse = out.throughputs.get((precision, "sparse"))
    if dense and sparse and not float(sparse.value) > float(dense.value):  # type: ignore[arg-type]
        raise SeedError(
            f"{here}: sparse {sparse.value} is not above dense {dense.value}; "
            "a structured-sparsity figure is higher than the dense one"
        )


def _unique_aliases(name: str, aliases: list[str | int]) -> tuple[str, ...]:
    """Aliases with spelling variants of one another (or of the name) dropped: they match the same way."""
    seen = {name_key(name)}
    kept: list[str] = []
    for alias in aliases:
        text = str(alias).strip()
        if name_key(text) not in seen:
            seen.add(name_key(text))
            kept.append(text)
    return tuple(kept)


def _says_na(raw: Any) -> bool:
    value = raw.value if isinstance(raw, fmt.Cited) else raw
    return isinstance(value, str) and value.strip().lower() == "n/a"


def _need_source(where: str, source: str | None) -> str:
    if not source:
        raise SeedError(f"{where}: no source (give the chip a `source` or the value its own)")
    return source


def _cited(where: str, name: str, raw: Any, default: str | None) -> CitedValue | None:
    if isinstance(raw, fmt.Cited):
        source, note, raw_value = raw.source or default, raw.note, raw.value
    else:
        source, note, raw_value = default, None, raw
    if isinstance(raw_value, str) and raw_value.strip().lower() == "unknown":
        return None
    source = _need_source(where, source)
    if isinstance(raw_value, str) and raw_value.strip().lower() == "n/a":
        return CitedValue(None, source, note, not_applicable=True)
    return CitedValue(_value(where, name, raw_value), source, note)


def _value(where: str, name: str, raw: Any) -> float | str | None:
    if name == "release_date":
        return _checked("", where, parse_partial, raw).lstrip()
    if name in TEXT_FIELDS:
        if not isinstance(raw, str):
            raw = str(raw)
        if not raw.strip():
            raise SeedError(f"{where}: empty text")
        return raw.strip()
    unit = _UNITS[name]
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise SeedError(f"{where}: expected a number, got {raw!r}")
    if isinstance(raw, str):
        text = raw.strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            if not unit:
                raise SeedError(f"{where}: expected a number, got {raw!r}") from None
            from chipdb.catalog.units import to_canonical

            try:
                number = to_canonical(text, unit)
            except SeedError as exc:
                raise SeedError(f"{where}: {exc}") from None
    else:
        number = float(raw)
    low, high = PLAUSIBLE[name]
    if not math.isfinite(number) or not low <= number <= high:
        raise SeedError(
            f"{where}: {raw!r} is outside the plausible range {low:g} to {high:g} {unit}".rstrip()
        )
    return number


def _check_aliases(seed: SeedSet) -> None:
    owners: dict[str, str] = {name_key(c.name): c.name for c in seed.chips}
    for chip in seed.chips:
        own = name_key(chip.name)
        for alias in chip.aliases:
            key = name_key(alias)
            if not key:
                raise SeedError(f"{chip.origin}: chips ({chip.name}).aliases: an empty alias")
            if key == own:
                continue
            if key in owners and owners[key] != chip.name:
                raise SeedError(
                    f"{chip.origin}: chips ({chip.name}).aliases: {alias!r} already names {owners[key]!r}"
                )
            owners[key] = chip.name
