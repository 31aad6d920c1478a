"""Every read query, in one place; plain SQL with named parameters, run through a `Reader`.

Set-based: a page of chips costs a fixed number of queries, never one per chip.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from chipdb.db.reader import Reader, in_params
from chipdb.db.schema_version import DATA_VERSION
from chipdb.domain.dates import coerce_date
from chipdb.domain.names import name_key, suggestions
from chipdb.domain.records import (
    AlternativeRecord,
    ChipRecord,
    ChipSummary,
    EventRecord,
    FieldCitation,
    GroupMembership,
    SourceRef,
    ThroughputValue,
)
from chipdb.domain.vocab import SPEC_COLUMNS
from chipdb.errors import AmbiguousNameError, ChipNotFoundError, DatabaseError
from chipdb.rules.determination import Policy
from chipdb.rules.scope import CountryGroups

_CHIP_SELECT = (
    "SELECT c.id, c.name, v.name, v.country, c.market, c.notes, "
    + ", ".join(f"c.{col}" for col in SPEC_COLUMNS)
    + " FROM chips c JOIN vendors v ON v.id = c.vendor_id"
)


def resolve(reader: Reader, query: str) -> int:
    """The id of the chip a user means: exact name, then alias, ignoring case and spacing."""
    key = name_key(query)
    found = reader.rows("SELECT id FROM chips WHERE name_key = :k", {"k": key})
    if not found:
        found = reader.rows("SELECT chip_id FROM aliases WHERE alias_key = :k", {"k": key})
    if not found and key:
        found = reader.rows(
            "SELECT id FROM chips WHERE name_key LIKE :p ESCAPE '!' ORDER BY name",
            {"p": "%" + key.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"},
        )
        if len(found) > 1:
            names = [
                r[0]
                for r in reader.rows(
                    f"SELECT name FROM chips WHERE id IN ({in_params('i', [f[0] for f in found])[0]}) ORDER BY name",
                    in_params("i", [f[0] for f in found])[1],
                )
            ]
            shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
            raise AmbiguousNameError(f"{query!r} matches {len(names)} chips: {shown}", names)
    if found:
        return int(found[0][0])
    candidates = dict(reader.rows("SELECT name, name FROM chips"))
    candidates.update(reader.rows("SELECT a.alias, c.name FROM aliases a JOIN chips c ON c.id = a.chip_id"))
    hints = suggestions(query, candidates)
    hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
    raise ChipNotFoundError(f"no chip named {query!r}{hint} (`chipdb list -q` lists them)", hints)


def completions(reader: Reader, prefix: str) -> list[str]:
    """Names and aliases starting with `prefix` (case-insensitive), for shell completion."""
    rows = reader.rows("SELECT name FROM chips UNION SELECT alias FROM aliases")
    low = prefix.casefold()
    # keep what was typed as typed ("asc" -> "ascend 910B"): the shell only offers words that start with it,
    # and names match case-insensitively anyway
    return sorted({prefix + r[0][len(prefix) :] for r in rows if r[0].casefold().startswith(low)})


def chips(
    reader: Reader,
    ids: Sequence[int] | None = None,
    *,
    vendors: Sequence[str] = (),
    markets: Sequence[str] = (),
    details: bool = True,
    events: bool = True,
) -> list[ChipRecord]:
    """Chips with throughputs, citations and (unless not `events`) events; `details` adds aliases and
    alternatives."""
    where, params = _filters(vendors, markets, vendor_column="v.name", market_column="c.market")
    if ids is not None:
        if not ids:
            return []
        holders, id_params = in_params("i", list(dict.fromkeys(ids)))
        where.append(f"c.id IN ({holders})")
        params.update(id_params)
    sql = _CHIP_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY v.name, c.name"
    records: dict[int, ChipRecord] = {}
    for row in reader.rows(sql, params):
        records[row[0]] = ChipRecord(
            id=row[0],
            name=row[1],
            vendor=row[2],
            vendor_country=row[3],
            market=row[4],
            notes=row[5],
            specs=dict(zip(SPEC_COLUMNS, row[6:], strict=True)),
        )
    if not records:
        return []
    scope, scope_params = _scope(ids is not None or bool(vendors or markets), records)
    for chip_id, precision, sparsity, tflops, source, note in reader.rows(
        "SELECT t.chip_id, t.precision, t.sparsity, t.tflops, s.key, t.note FROM throughputs t "
        f"JOIN sources s ON s.id = t.source_id{scope.format(col='t.chip_id')}",
        scope_params,
    ):
        if chip_id in records:
            records[chip_id].throughputs[(precision, sparsity)] = ThroughputValue(tflops, source, note)
    for chip_id, fld, source, na, note in reader.rows(
        "SELECT ci.chip_id, ci.field, s.key, ci.not_applicable, ci.note FROM citations ci "
        f"JOIN sources s ON s.id = ci.source_id{scope.format(col='ci.chip_id')}",
        scope_params,
    ):
        if chip_id in records:
            records[chip_id].citations[fld] = FieldCitation(source, note, bool(na))
    for event, chip_ids in _events(reader, scope.format(col="ec.chip_id"), scope_params) if events else ():
        for chip_id in chip_ids:
            if chip_id in records:
                records[chip_id].events.append(event)
    if details:
        for chip_id, alias in reader.rows(
            f"SELECT chip_id, alias FROM aliases{scope.format(col='chip_id')} ORDER BY alias", scope_params
        ):
            if chip_id in records:
                records[chip_id].aliases.append(alias)
        # in an order of their own values, not of row ids: ids depend on the order a database was seeded in
        alternatives = reader.rows(
            "SELECT a.chip_id, a.field, a.value_num, a.value_text, s.key, a.note FROM alternatives a "
            f"JOIN sources s ON s.id = a.source_id{scope.format(col='a.chip_id')}",
            scope_params,
        )
        for chip_id, fld, num, text, source, note in sorted(
            alternatives, key=lambda r: (r[1], r[2] is None, r[2] or 0.0, r[3] or "", r[4], r[5] or "")
        ):
            if chip_id in records:
                records[chip_id].alternatives.append(
                    AlternativeRecord(fld, num if num is not None else text, source, note)
                )
    if ids is not None:
        order = {chip_id: i for i, chip_id in enumerate(dict.fromkeys(ids))}
        return sorted(records.values(), key=lambda r: order[r.id])
    return list(records.values())


def _scope(filtered: bool, records: dict[int, ChipRecord]) -> tuple[str, dict[str, Any]]:
    """A WHERE clause template restricting child queries to the chips in hand (all chips: none)."""
    if not filtered:
        return "", {}
    if len(records) <= 500:
        holders, scoped = in_params("c", list(records))
        return " WHERE {col} IN (" + holders + ")", scoped
    return "", {}  # large filtered sets: read all children and drop the others in Python


def _events(reader: Reader, scope: str, params: dict[str, Any]) -> list[tuple[EventRecord, list[int]]]:
    links: dict[int, list[int]] = {}
    for event_id, chip_id in reader.rows(
        f"SELECT ec.event_id, ec.chip_id FROM event_chips ec{scope}", params
    ):
        links.setdefault(event_id, []).append(chip_id)
    return [(event, links.get(event_id, [])) for event_id, event in _event_rows(reader) if event_id in links]


def _event_rows(reader: Reader) -> list[tuple[int, EventRecord]]:
    destinations: dict[int, list[str]] = {}
    for event_id, destination in reader.rows(
        "SELECT event_id, destination FROM event_destinations ORDER BY event_id, destination"
    ):
        destinations.setdefault(event_id, []).append(destination)
    chip_names: dict[int, list[str]] = {}
    for event_id, name in reader.rows(
        "SELECT ec.event_id, c.name FROM event_chips ec JOIN chips c ON c.id = ec.chip_id ORDER BY c.name"
    ):
        chip_names.setdefault(event_id, []).append(name)
    vendor_names: dict[int, list[str]] = {}
    for event_id, name in reader.rows(
        "SELECT ev.event_id, v.name FROM event_vendors ev JOIN vendors v ON v.id = ev.vendor_id ORDER BY v.name"
    ):
        vendor_names.setdefault(event_id, []).append(name)
    rows = reader.rows(
        "SELECT e.id, e.key, e.effective_text, e.effective_on, e.announced, e.authority, e.action, e.rule, "
        "e.summary, s.key "
        "FROM events e JOIN sources s ON s.id = e.source_id ORDER BY e.effective_on, e.key"
    )
    return [
        (
            r[0],
            EventRecord(
                key=r[1],
                effective_text=r[2],
                effective_on=coerce_date(r[3]),
                announced=r[4],
                authority=r[5],
                action=r[6],
                rule=r[7],
                summary=r[8],
                source=r[9],
                destinations=tuple(destinations.get(r[0], ())),
                chips=tuple(chip_names.get(r[0], ())),
                vendors=tuple(vendor_names.get(r[0], ())),
            ),
        )
        for r in rows
    ]


def events(reader: Reader) -> list[EventRecord]:
    """All events in date order."""
    return [event for _, event in _event_rows(reader)]


def group_memberships(reader: Reader) -> list[GroupMembership]:
    rows = reader.rows(
        "SELECT g.group_code, g.country, g.valid_from, g.valid_to, s.key, g.note FROM country_group_members g "
        "JOIN sources s ON s.id = g.source_id ORDER BY g.country, g.group_code, g.valid_from"
    )
    return [
        GroupMembership(group, country, _date(start), _date(end), source, note)
        for group, country, start, end, source, note in rows
    ]


#: Per database, the policy last read and the data version it was read at (a process serving many requests,
#: such as `chipdb serve`, reads it once per change of the data rather than with every answer).
_POLICIES: dict[str, tuple[str, Policy]] = {}


def data_version(reader: Reader) -> str | None:
    """A token every seed writes anew (catalog.writer): equal tokens, equal data. None before any such seed."""
    try:
        found = reader.rows("SELECT value FROM chipdb_meta WHERE key = :key", {"key": DATA_VERSION})
    except DatabaseError:  # a database from before chipdb_meta (revision 0004): never cached
        return None
    return str(found[0][0]) if found else None


def policy(reader: Reader) -> Policy:
    """What the licence determination reads besides the chip: country groups, and the events that name no
    chip (embargoes, entity listings by vendor, rules and notices); cached per database and data version."""
    version = data_version(reader)
    if version is not None:
        hit = _POLICIES.get(reader.where)
        if hit is not None and hit[0] == version:
            return hit[1]
    found = _read_policy(reader)
    if version is not None:
        _POLICIES[reader.where] = (version, found)
    return found


def _read_policy(reader: Reader) -> Policy:
    chip_events = {event_id for (event_id,) in reader.rows("SELECT DISTINCT event_id FROM event_chips")}
    general = tuple(event for event_id, event in _event_rows(reader) if event_id not in chip_events)
    return Policy(CountryGroups(group_memberships(reader)), general)


def _date(value: object) -> dt.date | None:
    return None if value is None else coerce_date(value)


def sources(reader: Reader, keys: Sequence[str] | None = None) -> dict[str, SourceRef]:
    if keys is not None and not keys:
        return {}
    sql = "SELECT key, title, publisher, url, published, tier FROM sources"
    params: dict[str, Any] = {}
    if keys is not None:
        holders, params = in_params("k", sorted(set(keys)))
        sql += f" WHERE key IN ({holders})"
    return {r[0]: SourceRef(*r) for r in reader.rows(sql + " ORDER BY key", params)}


def chip_summaries(
    reader: Reader,
    *,
    vendors: Sequence[str] = (),
    markets: Sequence[str] = (),
    ids: Sequence[int] | None = None,
) -> list[ChipSummary]:
    """Every chip's summary row (or those of `ids`) in list order: one query, whatever the size of the
    catalog."""
    clauses, params = _filters(vendors, markets, vendor_column="s.vendor", market_column="s.market")
    if ids is not None:
        if not ids:
            return []
        holders, id_params = in_params("i", list(ids))
        clauses.append(f"s.chip_id IN ({holders})")
        params.update(id_params)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = reader.rows(
        "SELECT s.chip_id, s.chip, s.vendor, s.vendor_country, s.market, s.release_date, s.die_area_mm2, "
        "s.memory_capacity_gb, s.memory_bandwidth_gbs, s.interconnect_bandwidth_gbs, s.host_interface, s.tdp_w, "
        "s.fp16_dense_tflops, s.fp8_int8_dense_tops, s.int4_fp4_dense_tops, s.tpp "
        f"FROM chip_summary s{where} ORDER BY s.vendor, s.chip",
        params,
    )
    make = ChipSummary._make
    return [make(row) for row in rows]


def _filters(
    vendors: Sequence[str], markets: Sequence[str], *, vendor_column: str, market_column: str
) -> tuple[list[str], dict[str, Any]]:
    """WHERE clauses (to be ANDed) and parameters: any of the vendors, any of the markets, ignoring case."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for column, values, prefix in ((vendor_column, vendors, "v"), (market_column, markets, "m")):
        if values:
            holders, named = in_params(prefix, [v.lower() for v in values])
            clauses.append(f"lower({column}) IN ({holders})")
            params.update(named)
    return clauses, params


def not_applicable_fields(
    reader: Reader, fields: Sequence[str], ids: Sequence[int] | None = None
) -> dict[int, set[str]]:
    """Which of `fields` are recorded as not supported by the hardware, per chip (of `ids`, or every one)."""
    holders, params = in_params("f", list(fields))
    sql = f"SELECT chip_id, field FROM citations WHERE not_applicable = :yes AND field IN ({holders})"
    if ids is not None:
        if not ids:
            return {}
        id_holders, id_params = in_params("i", list(ids))
        sql += f" AND chip_id IN ({id_holders})"
        params.update(id_params)
    out: dict[int, set[str]] = {}
    for chip_id, name in reader.rows(sql, {"yes": True, **params}):
        out.setdefault(chip_id, set()).add(name)
    return out


def events_by_chip(reader: Reader) -> dict[int, list[EventRecord]]:
    out: dict[int, list[EventRecord]] = {}
    for event, chip_ids in _events(reader, "", {}):
        for chip_id in chip_ids:
            out.setdefault(chip_id, []).append(event)
    return out


def chip_ids(reader: Reader, *, vendors: Sequence[str] = (), markets: Sequence[str] = ()) -> list[int]:
    """The chips' ids (of any of `vendors` and `markets`, ignoring case), in the order `chips` and
    `chip_summaries` return them: vendor, then name."""
    where, params = _filters(vendors, markets, vendor_column="v.name", market_column="c.market")
    sql = "SELECT c.id FROM chips c JOIN vendors v ON v.id = c.vendor_id"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY v.name, c.name"
    return [row[0] for row in reader.rows(sql, params)]


def chip_chunks(
    reader: Reader, ids: Sequence[int], size: int = 500, *, details: bool = True, events: bool = True
) -> Iterator[list[ChipRecord]]:
    """The chips of `ids`, in that order, as lists of at most `size` records read as they are needed."""
    for start in range(0, len(ids), size):
        yield chips(reader, ids[start : start + size], details=details, events=events)


def chips_in_chunks(
    reader: Reader, ids: Sequence[int], size: int = 500, *, details: bool = True, events: bool = True
) -> Iterator[ChipRecord]:
    """Full records a chunk at a time, so a large catalog never sits in memory whole."""
    for chunk in chip_chunks(reader, ids, size, details=details, events=events):
        yield from chunk
        del chunk  # not held while the next is read


def value_source_keys(reader: Reader) -> set[str]:
    """The sources that some chip's value cites (its own, a precision's, a figure's or an alternative's)."""
    return {
        row[0]
        for row in reader.rows(
            "SELECT key FROM sources WHERE id IN (SELECT source_id FROM citations UNION "
            "SELECT source_id FROM throughputs UNION SELECT source_id FROM alternatives)"
        )
    }


def vendors(reader: Reader) -> dict[str, str | None]:
    return dict(reader.rows("SELECT name, country FROM vendors ORDER BY name"))
