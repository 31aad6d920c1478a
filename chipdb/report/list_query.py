"""`list` as one question: the options, checked; the rows they keep; the table or JSON. Shared by the CLI and
the web API so both answer the same question the same way."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from chipdb.db import queries
from chipdb.db.reader import Reader
from chipdb.domain import query
from chipdb.domain.query import Field
from chipdb.domain.vocab import MARKETS
from chipdb.errors import InputError
from chipdb.report import listing
from chipdb.report.document import Document


@dataclass(frozen=True)
class ListQuery:
    """The options of `chipdb list` (and the parameters of /api/chips), as given by a user."""

    destination: str
    as_of: dt.date
    vendors: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    sort: str | None = None
    desc: bool = False
    limit: int | None = None
    restricted: bool = False
    since: dt.date | None = None
    columns: str | None = None


@dataclass
class ListAnswer:
    rows: list[tuple[Any, ...]]  # see listing.LIST_FIELDS
    footer: list[str]  # what the date and --since left out


#: Chips read and turned into rows at a time: a large catalog's summaries are never all in memory.
CHUNK = 500


@dataclass
class _Counts:
    unreleased: int = 0
    undated: int = 0  # no release date (kept)
    undated_restricted: int = 0  # no start date (left out by --since)

    def footer(self) -> list[str]:
        footer = []
        if self.undated_restricted:
            footer.append(
                f"{self.undated_restricted} restricted or undecided chips without a start date left out by --since."
            )
        if self.unreleased:
            footer.append(
                f"{self.unreleased} chips released after the date left out; "
                f"{self.undated} with no release date recorded are kept."
            )
        return footer


def answer(reader: Reader, q: ListQuery) -> ListAnswer:
    """The rows `q` keeps, in order; InputError (one line, with suggestions) for a bad field, vendor or market."""
    counts = _Counts()
    rows, order = _rows(reader, q, counts)
    return ListAnswer(query.select(rows, (), order, q.desc, q.limit), counts.footer())


def answer_ids(reader: Reader, q: ListQuery) -> tuple[list[int], list[str]]:
    """The ids of the chips `answer` keeps, in its order, and its footer, holding no row longer than it takes
    to decide it: what `list -f json` needs of a catalog of any size (only the sort value stays with an id)."""
    counts = _Counts()
    rows, order = _rows(reader, q, counts)
    if order is None:
        ids = [row[listing.ID] for row in rows]
        return (ids if q.limit is None else ids[: q.limit]), counts.footer()
    pairs = [(row[order.index], row[listing.ID]) for row in rows]
    kept = query.select(pairs, (), replace(order, index=0), q.desc, q.limit)
    return [chip_id for _, chip_id in kept], counts.footer()


def _rows(reader: Reader, q: ListQuery, counts: _Counts) -> tuple[Iterator[tuple[Any, ...]], Field | None]:
    """The rows that pass `q`'s filters, in list order, made a chunk of chips at a time as they are read (the
    footer's counts add up in `counts`), and the field to sort by; the options are checked before any work."""
    fields = listing.LIST_FIELDS
    conditions = [query.condition(w, fields) for w in q.where]
    order = query.field_named(q.sort, fields, "--sort") if q.sort else None
    if q.columns:
        query.columns(q.columns, fields)  # refused before any work
    markets = [_market(m) for m in q.markets]
    known = queries.vendors(reader)
    vendors = [_vendor(v, known) for v in q.vendors]
    ids = queries.chip_ids(reader, vendors=vendors, markets=markets)
    events, policy = queries.events_by_chip(reader), queries.policy(reader)
    start = q.since.isoformat() if q.since is not None else None
    restricted, since = listing.RESTRICTED, listing.SINCE

    def rows() -> Iterator[tuple[Any, ...]]:
        for first in range(0, len(ids), CHUNK):
            chunk = ids[first : first + CHUNK]
            result = listing.list_rows(
                queries.chip_summaries(reader, ids=chunk),
                queries.not_applicable_fields(reader, listing.NA_FIELDS, chunk),
                events,
                q.destination,
                q.as_of,
                policy,
            )
            counts.unreleased += result.unreleased
            counts.undated += result.undated
            kept: Iterable[tuple[Any, ...]] = result.rows
            if q.restricted or start is not None:
                kept = [row for row in kept if row[restricted]]
            if start is not None:
                counts.undated_restricted += sum(1 for row in kept if row[since] is None)
                kept = [row for row in kept if row[since] is not None and row[since] >= start]
            if conditions:
                kept = [row for row in kept if all(c.holds(row) for c in conditions)]
            yield from kept

    return rows(), order


def table_document(found: ListAnswer, q: ListQuery, data: bool) -> Document:
    """The table (or, `data`, the CSV / TSV form with every field by default) of the rows."""
    fields = listing.LIST_FIELDS
    if q.columns:
        shown = query.columns(q.columns, fields)
    else:
        shown = list(fields.values()) if data else [fields[n] for n in listing.TABLE_COLUMNS]
    table = listing.list_table(found.rows, shown, q.destination, q.as_of)
    table.footer += found.footer
    keys = [(c.name, c.index) for c in shown]
    return Document([table], ({k: row[i] for k, i in keys} for row in found.rows))


def json_objects(reader: Reader, found: ListAnswer, q: ListQuery) -> Iterator[dict[str, Any]]:
    """The JSON chip objects of the rows, streamed: consume them while `reader` is open."""
    return objects(reader, [row[listing.ID] for row in found.rows], q)


def objects(reader: Reader, ids: list[int], q: ListQuery) -> Iterator[dict[str, Any]]:
    """The JSON chip objects of these chips (`answer_ids`), streamed: consume them while `reader` is open."""
    records = queries.chips_in_chunks(reader, ids)
    return listing.chip_objects(records, q.destination, q.as_of, queries.policy(reader))


def _vendor(name: str, known: dict[str, str | None]) -> str:
    for vendor in known:
        if vendor.casefold() == name.strip().casefold():
            return vendor
    raise InputError(f"--vendor: no vendor {name!r}{query.suggest(name, known)}; vendors: {', '.join(known)}")


def _market(name: str) -> str:
    if name.strip().casefold() in MARKETS:
        return name.strip().casefold()
    raise InputError(
        f"--market: no market {name!r}{query.suggest(name, MARKETS)}; markets: {', '.join(MARKETS)}"
    )
