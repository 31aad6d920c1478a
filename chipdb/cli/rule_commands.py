"""Export-control commands: classify, check, timeline, rules."""

from typing import TYPE_CHECKING, Annotated

import typer

from chipdb.cli.common import (
    AsOfOption,
    ChipsArgument,
    DestinationOption,
    FormatOption,
    complete_chip,
    destination_code,
    emit,
    reader,
)
from chipdb.domain.vocab import DEFAULT_DESTINATION
from chipdb.report.formats import TABLE

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from chipdb.db.reader import Reader
    from chipdb.rules.classification import Finding


def classify(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="A chip in the database; omit it to classify a hypothetical chip.",
            show_default=False,
            autocompletion=complete_chip,
        ),
    ] = None,
    rule: Annotated[str, typer.Option("--rule", help="2022-10, 2023-10, 2026-01 or all.")] = "all",
    as_of: AsOfOption = None,
    rate: Annotated[
        list[str] | None, typer.Option("--rate", help="Dense rate as PRECISION=TOPS, e.g. fp8=1979.")
    ] = None,
    tpp: Annotated[float | None, typer.Option("--tpp", help="TPP, instead of rates.")] = None,
    die_area: Annotated[float | None, typer.Option("--die-area", help="Applicable die area, mm2.")] = None,
    io_bandwidth: Annotated[
        float | None, typer.Option("--io-bandwidth", help="Aggregate bidirectional I/O, GB/s.")
    ] = None,
    memory_bandwidth: Annotated[
        float | None, typer.Option("--memory-bandwidth", help="DRAM bandwidth, GB/s.")
    ] = None,
    datacenter: Annotated[
        bool | None,
        typer.Option("--datacenter/--not-datacenter", help="Designed or marketed for datacenters?"),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """Classify a chip under each rule version (ECCN 3A090), showing the arithmetic.

    Examples: chipdb classify H800; chipdb classify --rate int8=588.35 --die-area 608.4 --not-datacenter
    """
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import questions

    question = questions.Classify(
        name=name, rule=rule, as_of=parse_as_of(as_of) if as_of is not None else None, rates=tuple(rate or ()),
        tpp=tpp, die_area=die_area, io_bandwidth=io_bandwidth, memory_bandwidth=memory_bandwidth,
        datacenter=datacenter,
    )  # fmt: skip
    emit(questions.classify(question, lambda: reader(ctx)), fmt)


def check(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    destination: DestinationOption = DEFAULT_DESTINATION,
    fmt: FormatOption = TABLE,
) -> None:
    """List chips whose recorded status and computed classification disagree, and restrictions not based on thresholds.

    \b
    Examples:
      chipdb check
      chipdb check -d SA --as-of 2024-06-01 -f json
    """
    from chipdb.domain.dates import as_of as parse_as_of
    from chipdb.report import rule_tables as rule_report
    from chipdb.report.render import DATA_FORMATS

    date, code = parse_as_of(as_of), destination_code(destination)
    with reader(ctx) as r:  # a chunk of chips at a time; the data formats write each finding as it comes
        found = check_findings(r, code, date)
        if fmt.value in DATA_FORMATS:
            emit(rule_report.findings_data(found, fmt.value), fmt)
            return
        kept = list(found)
    emit(rule_report.findings(kept, code, date), fmt)


def check_findings(r: "Reader", code: str, date: "dt.date") -> "Iterator[Finding]":
    """`check`'s findings, the chips read a chunk at a time (none held while the next chunk is read)."""
    from chipdb.db import queries
    from chipdb.rules import classification

    for chunk in queries.chip_chunks(r, queries.chip_ids(r), details=False):
        found = classification.check(chunk, code, date)
        del chunk
        yield from found


def timeline(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="Only events naming this chip.", autocompletion=complete_chip, show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events in force on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only events in force on or before this date.")
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """Restriction events in date order, with their sources.

    \b
    Examples:
      chipdb timeline H100
      chipdb timeline --since 2023-01-01 --until 2023-12-31 -f csv
    """
    from chipdb.domain.dates import as_of as parse_date
    from chipdb.report import questions

    start = parse_date(since, option="--since") if since else None
    end = parse_date(until, option="--until") if until else None
    with reader(ctx) as r:
        document = questions.timeline(r, name, start, end)
    emit(document, fmt)


def rules(fmt: FormatOption = TABLE) -> None:
    """The rule versions: citation, effective date, destinations and thresholds.

    \b
    Examples:
      chipdb rules
      chipdb rules -f json
    """
    from chipdb.report import rule_tables as rule_report

    emit(rule_report.rules_table(), fmt)


def assess(
    ctx: typer.Context,
    names: ChipsArgument,
    to: Annotated[
        str, typer.Option("--to", "-t", help="Destination country: ISO code (CN, SA, VN) or name.")
    ],
    on: Annotated[
        str | None, typer.Option("--on", help="The date of the export (YYYY-MM-DD); default today.")
    ] = None,
    end_user_hq: Annotated[
        str | None,
        typer.Option(
            "--end-user-hq", help="Country of the end user's headquarters (or its ultimate parent's)."
        ),
    ] = None,
    fmt: FormatOption = TABLE,
) -> None:
    """Is a licence required to export these chips from the US to a country on a date, and on which bases?

    Every basis shows its arithmetic or its document: the rule versions in force applied to the destination's
    country groups on the date, the headquarters rule, company-specific letters and country-wide embargoes.
    Guidance and entity listings are shown beside the answer, as their own kinds.

    Examples: chipdb assess H100 --to SA --on 2024-06-01; chipdb assess H20 MI308X --to CN -f json;
    chipdb assess B200 --to MY --end-user-hq CN
    """
    from chipdb.domain.dates import as_of as parse_date
    from chipdb.report import questions

    date = parse_date(on, option="--on")
    code = destination_code(to, "--to")
    hq = destination_code(end_user_hq, "--end-user-hq") if end_user_hq is not None else None
    with reader(ctx) as r:
        document = questions.assess(r, names, code, date, hq)
    emit(document, fmt)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("classify")(classify)
    app.command("check")(check)
    app.command("timeline")(timeline)
    app.command("rules")(rules)
