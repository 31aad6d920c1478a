"""Seed files: validate against the format and against each other, and build a SeedSet.

Nothing here touches the database; the writer checks references against it and writes. Every mistake found is
collected (see `problems`), so that one run reports them all.
"""

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from chipdb.catalog import seed_format as fmt
from chipdb.catalog.parse import ParsedFile, parse_document
from chipdb.catalog.policy_seeds import check_group_periods, event_seed, group_seed
from chipdb.catalog.problems import Loc, Problems, did_you_mean
from chipdb.catalog.safe_read import read_yaml
from chipdb.catalog.seed_data import AlternativeValue, ChipSeed, CitedValue, GroupSeed, SeedSet
from chipdb.catalog.units import to_canonical
from chipdb.domain.dates import parse_partial
from chipdb.domain.names import name_key
from chipdb.domain.text import first_unsafe
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


def parse_file(path: Path, problems: Problems) -> ParsedFile | None:
    """The file's records, or None when it cannot be read at all; every mistake goes to `problems`."""
    try:
        if path.suffix.lower() == ".csv":  # the spreadsheet form `chipdb export -f csv` writes
            from chipdb.catalog import csv_seed
            from chipdb.catalog.safe_read import read_text

            document = csv_seed.read(path, read_text(path))
        else:
            document = read_yaml(path)
    except SeedError as exc:
        problems.add_error(path, None, exc)
        return None
    if not isinstance(document, dict):
        problems.add(path, (), "expected a mapping with vendors / sources / chips / events at the top")
        return None
    return parse_document(str(path), document, problems)


class AliasOwner(NamedTuple):
    """A chip's alias, and where it is written (to report it if a later file names a chip so)."""

    chip: str
    origin: str
    chip_index: int  # in its file's `chips`
    alias: str


@dataclass
class Seen:
    """What the files read so far declare, by key: enough to find a record declared twice across files
    without holding the files' records."""

    vendors: set[str] = field(default_factory=set)
    source_origins: dict[str, str] = field(default_factory=dict)
    chip_origin: dict[str, str] = field(default_factory=dict)  # a chip's name key -> its file
    event_origin: dict[str, str] = field(default_factory=dict)
    #: The key of every chip's name (-> the name) and alias (-> where it is): names and aliases stay unique.
    names: dict[str, str | AliasOwner] = field(default_factory=dict)
    country_groups: list[GroupSeed] = field(default_factory=list)


def build(paths: Iterable[Path], problems: Problems | None = None) -> SeedSet:
    """Parse every file and merge them, checking what can be checked without the database.

    With `problems`, every mistake found is added to it and the valid part returned (the writer adds what
    only the database can tell, then reports them all at once); without, they are raised as one SeedError.
    """
    found = problems if problems is not None else Problems()
    seed = SeedSet()
    for batch in batches(paths, found):
        seed.vendors.update(batch.vendors)
        seed.sources.update(batch.sources)
        seed.source_origins.update(batch.source_origins)
        seed.chips += batch.chips
        seed.events += batch.events
        seed.country_groups += batch.country_groups
        for kind, names in batch.unreadable.items():
            seed.unreadable.setdefault(kind, set()).update(names)
    if problems is None:
        found.raise_if_any()
    return seed


def batches(paths: Iterable[Path], problems: Problems, seen: Seen | None = None) -> Iterator[SeedSet]:
    """One SeedSet per readable file, in order, each checked against the files before it (`seen`, which
    ends up describing them all); once every file is read, the country groups' periods are checked.

    Only one file's records are held at a time: a seed set of any size is read file by file."""
    seen = seen if seen is not None else Seen()
    for path in paths:
        batch = _file(path, problems, seen)
        if batch is not None:
            yield batch
            del batch  # not held while the next file is read
    check_group_periods(SeedSet(country_groups=seen.country_groups), problems)


def _file(path: Path, found: Problems, seen: Seen) -> SeedSet | None:
    parsed = parse_file(path, found)
    if parsed is None:
        return None
    file = str(path)
    seed = SeedSet()
    for kind, names in parsed.unreadable.items():
        seed.unreadable.setdefault(kind, set()).update(names)
    for index, vendor in parsed.vendors:
        if vendor.name in seen.vendors:
            found.add(file, ("vendors", index), f"vendors[{index}]: {vendor.name!r} is declared twice")
        seen.vendors.add(vendor.name)
        seed.vendors[vendor.name] = vendor.country
    for index, source in parsed.sources:
        place = f"sources[{index}] ({source.id})"
        if source.id in seen.source_origins:
            found.add(
                file,
                ("sources", index, "id"),
                f"{place}: already declared in {seen.source_origins[source.id]}",
            )
            continue
        seed.sources[source.id] = source
        seed.source_origins[source.id] = seen.source_origins[source.id] = file
    for index, chip in parsed.chips:
        where = f"chips[{index}] ({chip.name})"
        key = name_key(chip.name)
        if key in seen.chip_origin:
            found.add(
                file,
                ("chips", index, "name"),
                f"{where}: the chip is already defined in {seen.chip_origin[key]}",
            )
            continue
        seen.chip_origin[key] = file
        seed.chips.append(_chip(where, file, index, chip, found))
    for index, event in parsed.events:
        where = f"events[{index}] ({event.id})"
        if event.id in seen.event_origin:
            found.add(
                file,
                ("events", index, "id"),
                f"{where}: the event is already defined in {seen.event_origin[event.id]}",
            )
            continue
        seen.event_origin[event.id] = file
        with found.collecting(file, ("events", index)):
            seed.events.append(event_seed(where, file, event, index))
    for index, member in parsed.country_groups:
        where = f"country_groups[{index}] ({member.group} {member.country})"
        with found.collecting(file, ("country_groups", index)):
            seed.country_groups.append(group_seed(where, file, member, index))
    seen.country_groups += seed.country_groups
    _check_aliases(seed.chips, seen.names, found)
    return seed


def _checked(where: str, parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except ValueError as exc:
        raise SeedError(f"{where}: {exc}") from None


def _chip(where: str, origin: str, index: int, chip: fmt.Chip, problems: Problems) -> ChipSeed:
    """The chip's values, each checked on its own: every bad one is a problem, the others are still read."""
    unsourced: list[str] = []

    def attempt(loc: Loc, action: Callable[[], None]) -> None:
        try:
            action()
        except _NoSource as exc:
            unsourced.append(exc.where.removeprefix(where + "."))
        except SeedError as exc:
            problems.add_error(origin, ("chips", index, *loc), exc)

    market = chip.market.value if isinstance(chip.market, fmt.Cited) else chip.market
    if market not in MARKETS:
        problems.add(
            origin,
            ("chips", index, "market"),
            f"{where}.market: {market!r} is not one of {', '.join(MARKETS)}{did_you_mean(market, MARKETS)}",
        )
    out = ChipSeed(
        name=chip.name.strip(),
        vendor=chip.vendor,
        market=str(market),
        origin=origin,
        aliases=_unique_aliases(chip.name, chip.aliases),
        notes=chip.notes,
        index=index,
    )
    default = chip.source
    if isinstance(chip.market, fmt.Cited):
        cited_market = chip.market

        def cite_market() -> None:
            source = _need_source(f"{where}.market", cited_market.source or default)
            out.fields["market"] = CitedValue(str(market), source, cited_market.note)

        attempt(("market",), cite_market)
    for name in (*TEXT_FIELDS, *NUMERIC_FIELDS):
        raw = getattr(chip, name)
        if raw is not None:
            attempt((name,), partial(_field, f"{where}.{name}", name, raw, default, out))
    for precision in PRECISIONS:
        entry = chip.performance.get(precision)
        if entry is not None and entry != "unknown":
            here = f"{where}.performance.{precision}"
            attempt(("performance", precision), partial(_precision, here, precision, entry, default, out))
    if len(unsourced) == 1:
        problems.add(
            origin, ("chips", index, *unsourced[0].split(".")), _NoSource(f"{where}.{unsourced[0]}").args[0]
        )
    elif unsourced:
        problems.add(
            origin,
            ("chips", index),
            f"{where}: no source for {', '.join(unsourced)} (give the chip a `source` or each value its own)",
        )
    return out


def _field(where: str, name: str, raw: Any, default: str | None, out: ChipSeed) -> None:
    cited = _cited(where, name, raw, default)
    if cited is not None:
        out.fields[name] = cited
        out.alternatives.extend(_alternatives(where, name, name, raw))


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


class _NoSource(SeedError):
    """A value without a source: `_chip` gathers them into one problem per chip rather than one per value."""

    def __init__(self, where: str) -> None:
        super().__init__(f"{where}: no source (give the chip a `source` or the value its own)")
        self.where = where


def _need_source(where: str, source: str | None) -> str:
    if not source:
        raise _NoSource(where)
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
        return _checked(where, parse_partial, raw).lstrip()
    if name in TEXT_FIELDS:
        if not isinstance(raw, str):
            raw = str(raw)
        if not raw.strip():
            raise SeedError(f"{where}: empty text")
        problem = first_unsafe(raw.strip())
        if problem is not None:  # a one-line spec value (architecture, memory type) shown in tables
            raise SeedError(
                f"{where}: holds {problem}; a value may not hold control, zero-width or bidi characters"
            )
        return raw.strip()
    unit = _UNITS[name]
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise SeedError(f"{where}: expected a number, got {raw!r}")
    if isinstance(raw, str):
        try:
            number = to_canonical(raw, unit)
        except SeedError as exc:
            raise SeedError(f"{where}: {exc}") from None
    else:
        number = float(raw) if not isinstance(raw, int) or abs(raw) < 10**300 else math.inf
    low, high = PLAUSIBLE[name]
    if not math.isfinite(number) or not low <= number <= high:
        raise SeedError(
            f"{where}: {raw!r} is outside the plausible range {low:g} to {high:g} {unit}".rstrip()
        )
    return number


def _check_aliases(chips: list[ChipSeed], owners: dict[str, str | AliasOwner], problems: Problems) -> None:
    """No name or alias may name two chips. A file's names are taken first, then its aliases; an alias an
    earlier file gave that a name here takes is reported where the alias is, as if all names came first."""
    for chip in chips:
        key = name_key(chip.name)
        earlier = owners.get(key)
        if isinstance(earlier, AliasOwner):
            problems.add(
                earlier.origin,
                ("chips", earlier.chip_index, "aliases"),
                f"chips[{earlier.chip_index}] ({earlier.chip}).aliases: {earlier.alias!r} already names {chip.name!r}",
            )
        owners[key] = chip.name
    for chip in chips:
        own = name_key(chip.name)
        here = (chip.origin, ("chips", chip.index, "aliases"))
        for alias in chip.aliases:
            key = name_key(alias)
            owner = owners.get(key)
            owner_name = owner.chip if isinstance(owner, AliasOwner) else owner
            if not key:
                problems.add(*here, f"chips[{chip.index}] ({chip.name}).aliases: an empty alias")
            elif key != own and owner is not None and owner_name != chip.name:
                problems.add(
                    *here,
                    f"chips[{chip.index}] ({chip.name}).aliases: {alias!r} already names {owner_name!r}",
                )
            elif key != own:
                owners[key] = AliasOwner(chip.name, chip.origin, chip.index, alias)
