"""Dates as chipdb uses them: full ISO dates for events and --as-of, partial ones (YYYY, YYYY-MM) for releases."""

import datetime as dt
import re

from chipdb.errors import InputError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial(value: object) -> str:
    """Normalise a YYYY / YYYY-MM / YYYY-MM-DD value (str, int or date) to its ISO text; ValueError if bad."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time of day; give a date")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    match = _PARTIAL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    if not 1900 <= int(year) <= 2200:
        raise ValueError(f"{text!r}: year out of range")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{text!r}: no such month")
    if day is not None:
        dt.date.fromisoformat(text)  # raises on 2023-02-30
    return text


def parse_full(value: object) -> dt.date:
    """A complete date; ValueError if partial or impossible."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time of day; give a date")
    if isinstance(value, dt.date):
        return value
    text = parse_partial(value)
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a full date (YYYY-MM-DD)")
    return dt.date.fromisoformat(text)


def as_of(value: str | None, today: dt.date | None = None, option: str = "--as-of") -> dt.date:
    """The --as-of option (or another date option): an ISO date, or today when absent."""
    if value is None or value == "today":
        return today or dt.date.today()
    try:
        return parse_full(value)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def coerce_date(value: object) -> dt.date:
    """A date from a driver: SQLite gives text, PostgreSQL a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def last_day(partial: str) -> dt.date:
    """The last day a partial date covers ("2024-03" -> 2024-03-31, "2024" -> 2024-12-31)."""
    import calendar

    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def first_day(partial: str) -> dt.date:
    """The first day a partial date covers ("2024-03" -> 2024-03-01): a part released "2024" may be out on
    2024-01-01, so a chart as of that day keeps it rather than hide a part that may be on sale."""
    parts = [int(p) for p in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
