"""Seed records of policy: events (rules, letters, embargoes, guidance, entity listings) and dated country-group
membership, validated without the database."""

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from chipdb.catalog import seed_format as fmt
from chipdb.catalog.problems import Problems
from chipdb.catalog.seed_data import EventSeed, GroupSeed, SeedSet
from chipdb.domain.countries import ISO_ALPHA2
from chipdb.domain.dates import last_day, parse_partial
from chipdb.errors import SeedError


def event_seed(place: str, origin: str, event: fmt.Event, index: int = -1) -> EventSeed:
    """An event whose day is not public (YYYY-MM) counts from its first public report, `announced`, and never
    later than the month's last day: a restriction is never dated after a source that reported it.

    `place` ("events[3] (id)") starts every message; the caller adds the file and line."""
    effective = _checked(place + ".date", event.date)
    if len(effective) < 7:
        raise SeedError(f"{place}.date: give at least the month (YYYY-MM)")
    announced = _checked(place + ".announced", event.announced) if event.announced is not None else None
    effective_on = last_day(effective)
    if len(effective) == 7:
        if announced is None or len(announced) != 10:
            raise SeedError(
                f"{place}.announced: a date known only to the month needs the day of its first public "
                "report (YYYY-MM-DD), which is when chipdb counts it from"
            )
        effective_on = min(
            effective_on, max(dt.date.fromisoformat(announced), dt.date.fromisoformat(effective + "-01"))
        )
    for destination in event.destinations:
        if len(destination) == 2 and destination not in ISO_ALPHA2:
            raise SeedError(f"{place}.destinations: {destination!r} is not an ISO 3166 country code")
    if event.vendors and event.action != "entity_listing":
        raise SeedError(f"{place}.vendors: only an entity_listing names vendors")
    return EventSeed(
        key=event.id,
        effective_text=effective,
        effective_on=effective_on,
        announced=announced,
        authority=event.authority,
        action=event.action,
        destinations=tuple(dict.fromkeys(event.destinations)),
        rule=event.rule,
        chips=tuple(dict.fromkeys(event.chips)),
        source=event.source,
        summary=event.summary.strip(),
        origin=origin,
        vendors=tuple(dict.fromkeys(event.vendors)),
        index=index,
    )


def group_seed(place: str, origin: str, member: fmt.GroupMember, index: int = -1) -> GroupSeed:
    if member.country not in ISO_ALPHA2:
        raise SeedError(f"{place}.country: {member.country!r} is not an ISO 3166 country code")
    start = _day(place + ".from", member.valid_from)
    end = _day(place + ".to", member.valid_to)
    if start and end and not start < end:
        raise SeedError(f"{place}: `to` ({end}) must come after `from` ({start})")
    return GroupSeed(member.group, member.country, start, end, member.source, member.note, origin, index)


def check_group_periods(seed: SeedSet, problems: Problems) -> None:
    """A country's periods in one group must not overlap: membership on a day has one answer."""
    periods: dict[tuple[str, str], list[GroupSeed]] = {}
    for member in seed.country_groups:
        periods.setdefault((member.group, member.country), []).append(member)
    for (group, country), members in periods.items():
        ordered = sorted(members, key=lambda m: m.valid_from or dt.date.min)
        for before, after in itertools.pairwise(ordered):
            if before.valid_to is None or (after.valid_from or dt.date.min) < before.valid_to:
                problems.add(
                    after.origin,
                    ("country_groups", after.index),
                    f"country_groups[{after.index}]: {country} in {group} has overlapping periods",
                )


def _day(where: str, value: Any) -> dt.date | None:
    if value is None:
        return None
    text = _checked(where, value)
    if len(text) != 10:
        raise SeedError(f"{where}: give a full date (YYYY-MM-DD)")
    return dt.date.fromisoformat(text)


def _checked(where: str, value: Any) -> str:
    try:
        return parse_partial(value)
    except ValueError as exc:
        raise SeedError(f"{where}: {exc}") from None


_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*[a-z0-9]")


def named_sources(texts: Iterable[str], known: Mapping[str, object]) -> set[str]:
    """Source ids named as corroboration in summaries and notes ("Also: id, id"): they count as cited."""
    return {word for text in texts for word in _SOURCE_ID.findall(text) if word in known}
