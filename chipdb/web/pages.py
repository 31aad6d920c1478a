"""The pages: the catalog, a chip, a comparison, the assess form, the timeline, the rules and the control map.

Each page asks the question its CLI command asks (report.list_query, report.questions) and renders the same
Document, with links between pages that keep the chosen destination and date. Plain HTML forms and links do
everything; the one script (static/sort.js) only sorts tables in place.
"""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from chipdb.db import queries
from chipdb.domain.vocab import DEFAULT_DESTINATION, MARKETS
from chipdb.errors import AmbiguousNameError, ChipNotFoundError
from chipdb.report import list_query, listing, questions
from chipdb.report.listing import LIST_FIELDS
from chipdb.report.rule_tables import rules_table
from chipdb.web import charts, params
from chipdb.web.api import list_question, readers
from chipdb.web.render import render
from chipdb.web.tables import Cell, Header, Part, TableView, chip_href, safe_href, split_names, view

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

AsOf = Annotated[str | None, Query()]
Destination = Annotated[str | None, Query()]
Many = Annotated[list[str] | None, Query()]


@router.get("/")
def catalog(
    request: Request,
    vendor: Many = None,
    market: Many = None,
    restricted: bool = False,
    q: Annotated[str | None, Query()] = None,
    sort: str | None = None,
    desc: bool = False,
    as_of: AsOf = None,
    destination: Destination = None,
) -> HTMLResponse:
    """Every chip with key specs, TPP, PD and status; filters, sorting, and downloads of what is shown."""
    search = params.text(q, "q", 100)
    where = [f"name ~ {search}"] if search else []
    question = list_question(
        vendor, market, where, sort, desc, None, restricted, None, None, as_of, destination
    )
    scope = params.scope(as_of, destination)
    with readers(request).reading() as reader:
        found = list_query.answer(reader, question)
        vendors = list(queries.vendors(reader))
    table = list_query.table_document(found, question, data=False).tables[0]
    chosen = {
        "vendor": list(question.vendors),
        "market": list(question.markets),
        "restricted": restricted,
        "q": search,
    }
    keys = table.keys or []
    shown = view(
        table, lambda i, _h, value, _r: chip_href(value, scope.query()) if keys[i] == "name" else None
    )
    sorted_by = LIST_FIELDS[question.sort.strip().casefold()].name if question.sort else None
    shown.headers = [
        Header(
            h.text, key, scope.query(**chosen, sort=key, desc=(not desc) if key == sorted_by else h.numeric),
            ("descending" if desc else "ascending") if key == sorted_by else None, h.numeric,
        )
        for h, key in zip(shown.headers, keys, strict=True)
    ]  # fmt: skip
    shown.sortable, shown.css = True, "catalog"
    shown.footer = []
    api_query = scope.query(vendor=chosen["vendor"], market=chosen["market"], restricted=restricted, where=where,
                            sort=sorted_by, desc=desc and sorted_by is not None)  # fmt: skip
    return render(
        request, "catalog.html", scope, table=shown, notes=found.footer, count=len(found.rows), vendors=vendors,
        markets=MARKETS, chosen=chosen, csv_href="/api/chips.csv" + api_query, json_href="/api/chips" + api_query,
    )  # fmt: skip


@router.get("/chips/{name:path}")
def chip(request: Request, name: str, as_of: AsOf = None, destination: Destination = None) -> HTMLResponse:
    """Every field with unit, source and note; alternatives; the classification under each rule; the
    determination for the destination and date; the chip's events."""
    scope = params.scope(as_of, destination)
    with readers(request).reading() as reader:
        document = questions.show(reader, params.chip_name(name, "name"), scope.destination, scope.as_of)
    obj = document.json
    sources = {s["id"]: s for s in obj["sources"]}
    tables = [_chip_table(t.title or "", t, sources) for t in document.tables]
    canonical = obj["name"]
    links = {
        "json": "/api" + chip_href(canonical, scope.query()),
        "compare": "/compare" + scope.query(chips=[canonical]),
        "assess": "/assess" + scope.query(chip=canonical, to=scope.destination, on=scope.as_of.isoformat()),
        "timeline": "/timeline" + scope.query(chip=canonical),
        "map": "/map" + scope.query(highlight=[canonical]),
    }
    headline = next((t.title for t in tables if t.title and t.title.startswith("Licence to export")), "")
    return render(request, "chip.html", scope, chip=obj, tables=tables, links=links, headline=headline)


def _chip_table(title: str, table: Any, sources: dict[str, dict[str, Any]]) -> TableView:
    def link(_i: int, header: str, value: Any, _row: Any) -> str | None:
        if header == "Source" and title != "Sources" and isinstance(value, str) and value in sources:
            return "#source-" + value
        if header == "URL" and isinstance(value, str):
            return safe_href(value)
        return None

    def row_id(row: Any) -> str | None:
        return "source-" + row[0] if title == "Sources" else None

    shown = view(table, link, row_id)
    shown.column_css = ["key" if h in ("Source", "Key") else "" for h in table.headers]
    return shown


@router.get("/compare")
def compare(
    request: Request,
    chips: Many = None,
    as_of: AsOf = None,
    destination: Destination = None,
) -> HTMLResponse:
    """The comparison with ratios and bars, and a picker to add a chip."""
    scope = params.scope(as_of, destination)
    names = params.texts(chips, "chips", params.MAX_ITEMS, params.MAX_NAME)
    with readers(request).reading() as reader:
        everything = [s.name for s in queries.chip_summaries(reader)]
        document = questions.compare(reader, names, scope.destination, scope.as_of) if names else None
    table, panels, chosen = None, [], []
    if document is not None:
        chosen = [o["name"] for o in document.json]
        table = view(document.tables[0])
        table.headers = [
            Header(h.text, href=chip_href(h.text, scope.query()) if 2 <= i < 2 + len(chosen) else None)
            for i, h in enumerate(table.headers)
        ]
        panels = charts.compare_bars(document.json)
    removals = [(n, "/compare" + scope.query(chips=[c for c in chosen if c != n])) for n in chosen]
    return render(
        request, "compare.html", scope, table=table, panels=panels, chosen=chosen, removals=removals,
        everything=[n for n in everything if n not in chosen], bar_width=charts.BAR_WIDTH,
        json_href="/api/compare" + scope.query(chips=chosen),
    )  # fmt: skip


@router.get("/assess")
def assess(
    request: Request,
    chip: Many = None,
    to: str | None = None,
    on: str | None = None,
    end_user_hq: str | None = None,
) -> HTMLResponse:
    """The form (chip, destination, date, end-user headquarters) and, when asked, the answer and its bases."""
    # the form's one field may name several chips, separated by commas, as the address may repeat `chip`
    typed = [name.strip() for value in chip or () for name in value.split(",")]
    names = params.texts(typed, "chip", params.MAX_ITEMS, params.MAX_NAME)
    form = {"chip": ", ".join(names), "to": to or "", "on": on or "", "end_user_hq": end_user_hq or ""}
    scope = params.scope(on, to)
    tables: list[TableView] = []
    error, suggestions, status, json_href = None, [], 200, None
    with readers(request).reading() as reader:
        everything = [s.name for s in queries.chip_summaries(reader)]
        if names:
            code = params.country(to, "to")
            hq = params.country(end_user_hq, "end_user_hq", default=None)
            assert code is not None
            try:
                document = questions.assess(reader, names, code, scope.as_of, hq)
            except (ChipNotFoundError, AmbiguousNameError) as exc:
                error, status = str(exc), 404
                others = exc.suggestions if isinstance(exc, ChipNotFoundError) else exc.candidates
                suggestions = [(s, "/assess" + params.Scope(code, scope.as_of).query(
                    chip=s, to=code, on=on, end_user_hq=hq)) for s in others]  # fmt: skip
            else:
                tables = [view(t) for t in document.tables]
                json_href = "/api/assess" + params.Scope(code, scope.as_of).query(
                    chip=list(names), to=code, on=on, end_user_hq=hq
                )
    return render(
        request, "assess.html", scope, status=status, form=form, tables=tables, error=error,
        suggestions=suggestions, everything=everything, json_href=json_href,
    )  # fmt: skip


@router.get("/timeline")
def timeline(
    request: Request,
    chip: str | None = None,
    since: str | None = None,
    until: str | None = None,
    destination: Destination = None,
    as_of: AsOf = None,
) -> HTMLResponse:
    """Events in date order, with their sources; filters by date range, chip and destination."""
    scope = params.scope(as_of, destination)
    name = params.text(chip, "chip", params.MAX_NAME)
    start, end = params.date(since, "since"), params.date(until, "until")
    only = params.country(destination, "destination", default=None)
    with readers(request).reading() as reader:
        document = questions.timeline(reader, name, start, end, only)
        everything = [s.name for s in queries.chip_summaries(reader)]
    table = view(document.tables[0])
    chips_at = document.tables[0].headers.index("Chips")
    for row in table.rows:
        text = "".join(p.text for p in row[chips_at].parts)
        if text != "(none named)":
            row[chips_at] = Cell(split_names(text, lambda n: chip_href(n, scope.query())), text.casefold())
    form = {"chip": name or "", "since": since or "", "until": until or "", "destination": destination or ""}
    return render(
        request, "timeline.html", scope, table=table, form=form, everything=everything,
        json_href="/api/events" + params.Scope(scope.destination, scope.as_of).query(
            chip=name, since=start, until=end),
    )  # fmt: skip


@router.get("/rules")
def rules(request: Request, as_of: AsOf = None, destination: Destination = None) -> HTMLResponse:
    """The rule versions: citations, dates, destinations and thresholds."""
    scope = params.scope(as_of, destination)
    return render(request, "rules.html", scope, table=view(rules_table().tables[0]))


@router.get("/map")
def control_map(
    request: Request,
    highlight: Many = None,
    as_of: AsOf = None,
    destination: Destination = None,
) -> HTMLResponse:
    """The 2023 rule's control map with every chip placed by TPP and performance density, as of a date."""
    scope = params.scope(as_of, destination)
    wanted = params.texts(highlight, "highlight", params.MAX_ITEMS, params.MAX_NAME)
    question = list_query.ListQuery(destination=scope.destination, as_of=scope.as_of)
    with readers(request).reading() as reader:
        found = list_query.answer(reader, question)
        names = {queries.chips(reader, [queries.resolve(reader, n)], details=False)[0].name for n in wanted}
    rows = listing.as_dicts(found.rows)
    drawn = charts.control_map(rows, names)
    placed = [r for r in rows if r["tpp"] and r["performance_density"]]
    return render(
        request, "map.html", scope, map=drawn, rows=placed, notes=found.footer, highlighted=sorted(names),
        everything=[r["name"] for r in rows], chip_query=scope.query(),
    )  # fmt: skip


def error_page(
    request: Request, message: str, status: int, extra: dict[str, list[str]] | None = None
) -> HTMLResponse:
    """The page for an unknown chip (with its suggestions as links) or a bad parameter: the CLI's message."""
    names = [n for values in (extra or {}).values() for n in values]
    scope = params.Scope(DEFAULT_DESTINATION, dt.date.today())
    links = [Part(n, chip_href(n)) for n in names]
    return render(request, "error.html", scope, status=status, message=message, links=links)
