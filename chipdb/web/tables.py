"""A report Table as the pages show it: the same cells the CLI prints, split into text and links.

Pages render the report layer's Documents rather than build their own tables, so a page says what the CLI
says. A cell is a list of parts, each text with an optional link; templates escape every part (autoescape),
and only http(s) addresses, or links the pages build themselves, ever become an href.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from chipdb.domain.query import NA
from chipdb.report.document import Table
from chipdb.report.render import human

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Part:
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Cell:
    parts: list[Part]
    sort: str  # what the sorting script compares; "" is unknown or n/a (last either way)
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    text: str
    key: str | None = None
    href: str | None = None  # the server-side sort (works without JavaScript)
    sorted: str | None = None  # "ascending" / "descending" (aria-sort) when the rows are sorted by it
    numeric: bool = False


@dataclass
class TableView:
    title: str | None
    headers: list[Header]
    rows: list[list[Cell]]
    footer: list[str] = field(default_factory=list)
    row_ids: list[str | None] = field(default_factory=list)
    sortable: bool = False
    css: str = ""
    column_css: list[str] = field(default_factory=list)  # a class per column ("key": identifiers, kept whole)


#: (column index, header, raw value, row) -> the cell's link, or None
Linker = Callable[[int, str, Any, Sequence[Any]], str | None]


def chip_href(name: str, query: str = "") -> str:
    return "/chips/" + quote(name, safe="") + query


def safe_href(url: str) -> str | None:
    """An address from the data as a link: http(s) only, never javascript: or data:."""
    return url if _URL.fullmatch(url.strip()) else None


def parts(text: str, href: str | None = None) -> list[Part]:
    """The text with every http(s) address in it made a link (trailing punctuation left outside)."""
    if href is not None:
        return [Part(text, href)]
    out: list[Part] = []
    at = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        start = match.start()
        if start > at:
            out.append(Part(text[at:start]))
        out.append(Part(url, url))
        at = start + len(url)
    if at < len(text):
        out.append(Part(text[at:]))
    return out or [Part("")]


def cell(value: Any, href: str | None = None) -> Cell:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if value is None or value is NA:
        sort = ""
    elif numeric:
        sort = repr(float(value))
    else:
        sort = human(value).casefold()
    return Cell(parts(human(value), href), sort, numeric)


def view(
    table: Table, link: Linker | None = None, row_id: Callable[[Sequence[Any]], str | None] | None = None
) -> TableView:
    """Every cell of the table for people (numbers with separators, unknown, n/a, yes / no), linked."""
    rows = []
    for row in table.rows:
        rows.append(
            [
                cell(value, link(i, table.headers[i], value, row) if link else None)
                for i, value in enumerate(row)
            ]
        )
    ids = [row_id(row) for row in table.rows] if row_id else []
    numeric = [
        bool(rows) and all(r[i].numeric or r[i].sort == "" for r in rows) for i in range(len(table.headers))
    ]
    headers = [Header(h, numeric=numeric[i]) for i, h in enumerate(table.headers)]
    return TableView(table.title, headers, rows, list(table.footer), ids)


def split_names(text: str, href: Callable[[str], str]) -> list[Part]:
    """A cell listing chip names ("A100, H100"), each linked to its page."""
    names = [n for n in text.split(", ") if n]
    out: list[Part] = []
    for i, name in enumerate(names):
        if i:
            out.append(Part(", "))
        out.append(Part(name, href(name)))
    return out or [Part(text)]
