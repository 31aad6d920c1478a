"""Request parameters, checked as the CLI checks its options: a bad one is an InputError (422), never a 500.

Text from a request reaches the database only as a bound parameter, and only after these checks: no control
characters or unpaired surrogates (PostgreSQL refuses both, which would otherwise surface as a database error),
bounded lengths and counts (a name is at most 200 characters in the seed format; a question names few chips).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from chipdb.domain.countries import country_code
from chipdb.domain.dates import as_of as parse_date
from chipdb.domain.vocab import DEFAULT_DESTINATION
from chipdb.errors import InputError

MAX_TEXT = 500
MAX_NAME = 200
MAX_ITEMS = 20


def text(value: str | None, name: str, limit: int = MAX_TEXT) -> str | None:
    """The value, or None when absent or empty (an empty form field means "not given")."""
    if value is None or value.strip() == "":
        return None
    if len(value) > limit:
        raise InputError(f"{name}: at most {limit} characters")
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise InputError(f"{name}: control characters are not allowed")
    return value


def chip_name(value: str | None, name: str) -> str:
    checked = text(value, name, MAX_NAME)
    if checked is None:
        raise InputError(f"{name}: give a chip name")
    return checked


def texts(
    values: Sequence[str] | None, name: str, limit: int = MAX_ITEMS, length: int = MAX_TEXT
) -> tuple[str, ...]:
    """The non-empty values of a repeatable parameter, at most `limit` of them."""
    kept = [v for v in (text(value, name, length) for value in values or ()) if v is not None]
    if len(kept) > limit:
        raise InputError(f"{name}: at most {limit} values")
    return tuple(kept)


def date(value: str | None, name: str) -> dt.date | None:
    given = text(value, name, 40)
    return None if given is None else parse_date(given, option=name)


def on_or_today(value: str | None, name: str) -> dt.date:
    return date(value, name) or dt.date.today()


def country(value: str | None, name: str, default: str | None = DEFAULT_DESTINATION) -> str | None:
    """An ISO 3166 alpha-2 code from a code or a name; `default` when not given."""
    given = text(value, name, 100)
    return default if given is None else country_code(given, name)


@dataclass(frozen=True)
class Scope:
    """The destination and date a page answers for; those given in the request are kept in its links."""

    destination: str
    as_of: dt.date
    keep_destination: bool = False
    keep_as_of: bool = False  # False: today, and links keep following the calendar

    def query(self, **more: object) -> str:
        """A query string carrying the scope and `more` (lists repeat the key; None and False are left out)."""
        pairs: list[tuple[str, str]] = []
        if self.keep_as_of:
            pairs.append(("as_of", self.as_of.isoformat()))
        if self.keep_destination:
            pairs.append(("destination", self.destination))
        for key, value in more.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                if item is None or item is False or item == "":
                    continue
                pairs.append((key, "1" if item is True else str(item)))
        return ("?" + urlencode(pairs)) if pairs else ""


def scope(as_of: str | None, destination: str | None) -> Scope:
    """The scope a request asks for: CN and today unless given."""
    on = date(as_of, "as_of")
    given = text(destination, "destination", 100)
    code = DEFAULT_DESTINATION if given is None else country_code(given, "destination")
    return Scope(code, on or dt.date.today(), given is not None, on is not None)
