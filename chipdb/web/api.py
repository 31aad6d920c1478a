"""The JSON API: each route is a CLI read command's `--format json` for the same question.

Routes are plain functions (run on the server's thread pool), each reading through one reader opened for the
request; the answers come from report.list_query and report.questions, as the CLI's do. Read-only: GET only.
"""

import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from chipdb.errors import InputError
from chipdb.report import list_query, questions
from chipdb.report.render import write
from chipdb.report.rule_tables import rules_table
from chipdb.web import params, schemas
from chipdb.web.readers import Readers
from chipdb.web.responses import JsonAnswer

router = APIRouter(prefix="/api", tags=["api"], default_response_class=JsonAnswer)

AsOf = Annotated[str | None, Query(description="Answer as of this date (YYYY-MM-DD); default today.")]
Destination = Annotated[
    str | None, Query(description="Destination country: ISO code (CN, SA, VN) or name; default CN.")
]
ChipName = Annotated[str, Query(description="Chip name or alias (any case and spacing).")]


def readers(request: Request) -> Readers:
    found: Readers = request.app.state.readers
    return found


def list_question(
    vendor: list[str] | None,
    market: list[str] | None,
    where: list[str] | None,
    sort: str | None,
    desc: bool,
    limit: int | None,
    restricted: bool,
    since: str | None,
    columns: str | None,
    as_of: str | None,
    destination: str | None,
) -> list_query.ListQuery:
    """`chipdb list`'s options from request parameters (the catalog page asks the same question)."""
    scope = params.scope(as_of, destination)
    return list_query.ListQuery(
        destination=scope.destination,
        as_of=scope.as_of,
        vendors=params.texts(vendor, "vendor", 50, 100),
        markets=params.texts(market, "market", 10, 100),
        where=params.texts(where, "where"),
        sort=params.text(sort, "sort", 100),
        desc=desc,
        limit=limit,
        restricted=restricted,
        since=params.date(since, "since"),
        columns=params.text(columns, "columns"),
    )


Vendors = Annotated[list[str] | None, Query(description="Only these vendors (repeatable, any case).")]
Markets = Annotated[
    list[str] | None, Query(description="Only these markets (repeatable): datacenter, workstation, ...")
]
Where = Annotated[
    list[str] | None,
    Query(description='Keep rows that match, e.g. "tpp >= 4800" (repeatable; = != < <= > >=, ~ contains).'),
]
Sort = Annotated[str | None, Query(description="Sort by this field (a field of the JSON, e.g. tpp).")]
Desc = Annotated[bool, Query(description="Sort in descending order.")]
Limit = Annotated[int | None, Query(ge=0, description="At most this many chips.")]
Restricted = Annotated[
    bool, Query(description="Only chips that need a licence (or guidance names, or undecided).")
]
Since = Annotated[str | None, Query(description="Only restrictions that began on or after this date.")]
Columns = Annotated[str | None, Query(description="The fields of the CSV, in order (a,b,c).")]


@router.get(
    "/chips",
    summary="The catalog: `chipdb list --format json`",
    responses=schemas.responses(schemas.array(schemas.CHIP), "The chips kept, in order."),
)
def chips(
    request: Request,
    vendor: Vendors = None,
    market: Markets = None,
    where: Where = None,
    sort: Sort = None,
    desc: Desc = False,
    limit: Limit = None,
    restricted: Restricted = False,
    since: Since = None,
    as_of: AsOf = None,
    destination: Destination = None,
) -> Response:
    q = list_question(vendor, market, where, sort, desc, limit, restricted, since, None, as_of, destination)
    with readers(request).reading() as reader:
        found = list_query.answer(reader, q)
        objects = list(list_query.json_objects(reader, found, q))
    return JsonAnswer(objects)


@router.get(
    "/chips.csv",
    summary="The catalog as CSV: `chipdb list --format csv`",
    response_class=Response,
    responses=schemas.responses(
        {"type": "string"}, "One row per chip; the header is the field names.", media="text/csv"
    ),
)
def chips_csv(
    request: Request,
    vendor: Vendors = None,
    market: Markets = None,
    where: Where = None,
    sort: Sort = None,
    desc: Desc = False,
    limit: Limit = None,
    restricted: Restricted = False,
    since: Since = None,
    columns: Columns = None,
    as_of: AsOf = None,
    destination: Destination = None,
) -> Response:
    q = list_question(
        vendor, market, where, sort, desc, limit, restricted, since, columns, as_of, destination
    )
    with readers(request).reading() as reader:
        found = list_query.answer(reader, q)
    out = io.StringIO()
    write(list_query.table_document(found, q, data=True), "csv", out)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="chipdb-chips.csv"'},
    )


@router.get(
    "/chips/{name:path}",
    summary="One chip: `chipdb show NAME --format json`",
    responses=schemas.responses(schemas.DETAIL, "Every field with its source; the determination.", True),
)
async def chip(request: Request, name: str, as_of: AsOf = None, destination: Destination = None) -> Response:
    # One chip's answer is bounded (about a millisecond of reading): it runs on the event loop, which saves the
    # hand-off to the thread pool that costs as much again. Answers of unbounded size (the list) use the pool.
    chip_name = params.chip_name(name, "name")
    scope = params.scope(as_of, destination)
    with readers(request).reading() as reader:
        answer = questions.show_json(reader, chip_name, scope.destination, scope.as_of)
    return JsonAnswer(answer)


@router.get(
    "/compare",
    summary="Chips side by side: `chipdb compare A B ... --format json`",
    responses=schemas.responses(schemas.array(schemas.CHIP), "The chips in the order given.", True),
)
def compare(
    request: Request,
    chips: Annotated[
        list[str] | None, Query(description="Chip names or aliases (repeatable, at most 20).")
    ] = None,
    as_of: AsOf = None,
    destination: Destination = None,
) -> Response:
    names = params.texts(chips, "chips", params.MAX_ITEMS, params.MAX_NAME)
    scope = params.scope(as_of, destination)
    with readers(request).reading() as reader:
        document = questions.compare(reader, names, scope.destination, scope.as_of)
    return JsonAnswer(document.json)


@router.get(
    "/assess",
    summary="Is a licence required? `chipdb assess CHIP --to TO --on ON --format json`",
    responses=schemas.responses(
        {"anyOf": [schemas.ASSESS, schemas.array(schemas.ASSESS)]},
        "An object for one chip, a list for several.",
        True,
    ),
)
def assess(
    request: Request,
    to: Annotated[str, Query(description="Destination country: ISO code or name.")],
    chip: Annotated[
        list[str] | None, Query(description="Chip names or aliases (repeatable, at most 20).")
    ] = None,
    on: Annotated[
        str | None, Query(description="The date of the export (YYYY-MM-DD); default today.")
    ] = None,
    end_user_hq: Annotated[
        str | None, Query(description="Country of the end user's headquarters (or its ultimate parent's).")
    ] = None,
) -> Response:
    names = params.texts(chip, "chip", params.MAX_ITEMS, params.MAX_NAME)
    code = params.country(to, "to", default=None)
    if code is None:
        raise InputError("to: give a destination country")
    date = params.on_or_today(on, "on")
    hq = params.country(end_user_hq, "end_user_hq", default=None)
    with readers(request).reading() as reader:
        document = questions.assess(reader, names, code, date, hq)
    return JsonAnswer(document.json)


@router.get(
    "/classify",
    summary="A chip's classification under each rule: `chipdb classify --format json`",
    description="Name a stored chip, or give a hypothetical chip's numbers (not both).",
    responses=schemas.responses(
        schemas.CLASSIFY, "The verdict of each rule version, with its reasons.", True
    ),
)
def classify(
    request: Request,
    chip: Annotated[
        str | None, Query(description="A chip in the database (or omit it and give numbers).")
    ] = None,
    rule: Annotated[str, Query(description="2022-10, 2023-10, 2026-01 or all.")] = "all",
    as_of: Annotated[str | None, Query(description="Only the rule versions in force by this date.")] = None,
    rate: Annotated[
        list[str] | None, Query(description="Dense rate as PRECISION=TOPS, e.g. fp8=1979 (repeatable).")
    ] = None,
    tpp: Annotated[float | None, Query(description="TPP, instead of rates.")] = None,
    die_area: Annotated[float | None, Query(description="Applicable die area, mm2.")] = None,
    io_bandwidth: Annotated[float | None, Query(description="Aggregate bidirectional I/O, GB/s.")] = None,
    memory_bandwidth: Annotated[float | None, Query(description="DRAM bandwidth, GB/s.")] = None,
    datacenter: Annotated[bool | None, Query(description="Designed or marketed for datacenters?")] = None,
) -> Response:
    question = questions.Classify(
        name=params.text(chip, "chip", params.MAX_NAME),
        rule=params.text(rule, "rule", 20) or "all",
        as_of=params.date(as_of, "as_of"),
        rates=params.texts(rate, "rate", 10, 100),
        tpp=tpp,
        die_area=die_area,
        io_bandwidth=io_bandwidth,
        memory_bandwidth=memory_bandwidth,
        datacenter=datacenter,
    )
    return JsonAnswer(questions.classify(question, readers(request).reading).json)


@router.get(
    "/events",
    summary="Restriction events in date order: `chipdb timeline --format json`",
    responses=schemas.responses(schemas.array(schemas.EVENT), "Events with their sources.", True),
)
def events(
    request: Request,
    chip: Annotated[str | None, Query(description="Only events naming this chip.")] = None,
    since: Annotated[str | None, Query(description="Only events in force on or after this date.")] = None,
    until: Annotated[str | None, Query(description="Only events in force on or before this date.")] = None,
) -> Response:
    name = params.text(chip, "chip", params.MAX_NAME)
    start, end = params.date(since, "since"), params.date(until, "until")
    with readers(request).reading() as reader:
        document = questions.timeline(reader, name, start, end)
    return JsonAnswer(document.json)


@router.get(
    "/rules",
    summary="The rule versions: `chipdb rules --format json`",
    responses=schemas.responses(schemas.array(schemas.RULE), "Citations, dates, destinations, thresholds."),
)
def rules() -> Response:
    return JsonAnswer(rules_table().json)
