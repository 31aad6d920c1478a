"""`list` as one question: the options, checked; the rows they keep; the table or JSON. Shared by the CLI and
the web API so both answer the same question the same way."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chipdb.db import queries
from chipdb.db.reader import Reader
from chipdb.domain import query
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


def answer(reader: Reader, q: ListQuery) -> ListAnswer:
    """The rows `q` keeps, in order; InputError (one line, with suggestions) for a bad field, vendor or market."""
    fields = listing.LIST_FIELDS
    conditions = [query.condition(w, fields) for w in q.where]
    order = query.field_named(q.sort, fields, "--sort") if q.sort else None
    if q.columns:
        query.columns(q.columns, fields)  # refused before any work
    markets = [_market(m) for m in q.markets]
    known = queries.vendors(reader)
    vendors = [_vendor(v, known) for v in q.vendors]
    result = listing.list_rows(
        queries.chip_summaries(reader, vendors=vendors, markets=markets),
        queries.not_applicable_fields(reader, listing.NA_FIELDS),
        queries.events_by_chip(reader),
        q.destination,
        q.as_of,
        queries.policy(reader),
    )
    rows, footer = result.rows, []
    if q.restricted or q.since is not None:
        rows = [row for row in rows if row[listing.RESTRICTED]]
    if q.since is not None:
        start = q.since.isoformat()
        since = listing.SINCE
        undated = sum(1 for row in rows if row[since] is None)
        rows = [row for row in rows if row[since] is not None and row[since] >= start]
        if undated:
            footer.append(
                f"{undated} restricted or undecided chips without a start date left out by --since."
            )
    rows = query.select(rows, conditions, order, q.desc, q.limit)
    if result.unreleased:
        footer.append(
            f"{result.unreleased} chips released after the date left out; "
            f"{result.undated} with no release date recorded are kept."
        )
    return ListAnswer(rows, footer)


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
    records = queries.chips_in_chunks(reader, [row[listing.ID] for row in found.rows])
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
