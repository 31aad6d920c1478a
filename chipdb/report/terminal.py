"""Tables that fit a terminal: wrapped text, columns left out by priority, wide comparisons split; colour.

Only for people at a terminal: piped output and the data formats keep every value whole (render.py decides).
"""

import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from chipdb.report.document import Table

GAP = 2  # spaces between columns, as tabulate's "simple" layout
_MIN_WRAP = (
    10  # a wrapping column without its own wrap width is never narrower than this (or its longest word)
)


def width_of(text: str) -> int:
    """Columns a line takes on a terminal: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(table: Table, width: int) -> list[Table]:
    """`table` (cells already text) as one or more tables no wider than `width`, with a footer naming what was
    left out. Grouped tables (a first column "Group") become sections; a table with `split_from` columns to spare
    is split into several that repeat the leading columns."""
    if _total(table) <= width:
        return [_wrap_text(table, width)]
    if table.headers and table.headers[0] == "Group":
        table = _sections(table)
    table, dropped = _shrink(table, width)
    parts = [table] if _total(table) <= width else list(_split(table, width))
    if dropped:
        note = f"Left out to fit {width} columns: {', '.join(dropped)} (use --columns, or pipe the output)."
        parts[-1] = replace(parts[-1], footer=[*parts[-1].footer, note])
    return [_wrap_text(p, width) for p in parts]


def _wrap_text(table: Table, width: int) -> Table:
    """The title and footer wrapped to the width."""
    title = "\n".join(textwrap.wrap(table.title, width)) if table.title else table.title
    return replace(
        table, title=title, footer=[line for f in table.footer for line in textwrap.wrap(f, width)]
    )


def _cells(table: Table, i: int) -> int:
    return max((width_of(line) for row in table.rows for line in str(row[i]).split("\n")), default=0)


def _natural(table: Table) -> list[int]:
    """Each column's width unwrapped: its widest cell or header line."""
    return [
        max(_cells(table, i), max((width_of(line) for line in h.split("\n")), default=0))
        for i, h in enumerate(table.headers)
    ]


def _total(table: Table) -> int:
    widths = _natural(table)
    return sum(widths) + GAP * max(len(widths) - 1, 0)


def _minimum(table: Table, i: int) -> int:
    """The narrowest a column may become: headers always wrap at spaces; cells only in wrapping columns, and
    not below the column's wrap width (or its longest word, up to 16)."""
    header = max((width_of(w) for w in table.headers[i].split()), default=0)
    cells = _cells(table, i)
    wrap = table.wrap[i] if table.wrap else _MIN_WRAP
    if not wrap:
        return max(header, cells)
    longest = max((width_of(w) for row in table.rows for w in str(row[i]).split()), default=0)
    return max(header, min(cells, max(wrap, min(longest, 16))))


def _shrink(table: Table, width: int) -> tuple[Table, list[str]]:
    """Drop columns by priority until their minimums fit; then give the room left to the columns that need it,
    most important first, and wrap."""
    dropped: list[str] = []
    while True:
        minimum = [_minimum(table, i) for i in range(len(table.headers))]
        spare = width - sum(minimum) - GAP * (len(minimum) - 1)
        if spare >= 0 or not table.priority or max(table.priority) <= 0:
            break
        victim = table.priority.index(max(table.priority))
        dropped.append(table.headers[victim].replace("\n", " "))
        table = _without(table, victim)
    widths = list(minimum)
    natural = _natural(table)
    need: list[int] = [n - w for n, w in zip(natural, widths, strict=True)]
    if spare > 0 and sum(need) > 0:
        # room shared in proportion to what each column lacks, so no one column keeps its full width while
        # another wraps to ribbons
        share = min(1.0, spare / sum(need))
        widths = [w + int(n * share) for w, n in zip(widths, need, strict=True)]
    return _wrapped(table, widths), dropped


def _without(table: Table, i: int) -> Table:
    def cut(values: list | None) -> list | None:
        return None if values is None else values[:i] + values[i + 1 :]

    return replace(
        table,
        headers=cut(table.headers) or [],
        rows=[cut(row) or [] for row in table.rows],
        keys=cut(table.keys),
        priority=cut(table.priority),
        wrap=cut(table.wrap),
        split_from=None if table.split_from is None else table.split_from - (i < table.split_from),
    )


def _wrapped(table: Table, widths: list[int]) -> Table:
    def wrap(text: str, w: int) -> str:
        if width_of(text) <= w:
            return text
        lines: list[str] = []
        for part in text.split("\n"):
            lines.extend(textwrap.wrap(part, w, break_long_words=True, break_on_hyphens=True) or [""])
        return "\n".join(lines)

    return replace(
        table,
        headers=[wrap(h, w) for h, w in zip(table.headers, widths, strict=True)],
        rows=[[wrap(str(c), w) for c, w in zip(row, widths, strict=True)] for row in table.rows],
    )


def _sections(table: Table) -> Table:
    """A grouped table without its Group column: each group's label on a line of its own, as a heading."""
    rows: list[list[str]] = []
    for row in table.rows:
        if row[0]:
            rows.append([f"[{row[0]}]"] + [""] * (len(row) - 2))
        rows.append(list(row[1:]))
    return replace(
        table,
        headers=table.headers[1:],
        rows=rows,
        keys=table.keys[1:] if table.keys else None,
        priority=table.priority[1:] if table.priority else None,
        wrap=table.wrap[1:] if table.wrap else None,
        split_from=None if table.split_from is None else table.split_from - 1,
    )


def _split(table: Table, width: int) -> Iterator[Table]:
    """Value columns in groups that fit beside the leading (key) columns, each group a table of its own."""
    lead = table.split_from or 1
    widths = _natural(table)
    keys = sum(widths[:lead]) + GAP * lead
    start = lead
    while start < len(widths):
        end, used = start, keys
        while end < len(widths) and (end == start or used + widths[end] + GAP <= width):
            used += widths[end] + GAP
            end += 1
        cols = list(range(lead)) + list(range(start, end))
        yield replace(
            table,
            headers=[table.headers[i] for i in cols],
            rows=[[row[i] for i in cols] for row in table.rows],
            footer=table.footer if end >= len(widths) else [],
            title=table.title if start == lead else None,
        )
        start = end


# Colour for status words: only at a terminal, never with NO_COLOR (the CLI decides).
_RED, _GREEN, _YELLOW, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[0m"
_COLOURS = (
    ("licence required", _RED),
    ("yes (since", _RED),
    ("embargo", _RED),
    ("no licence", _GREEN),
    ("undecided", _YELLOW),
    ("if subject", _YELLOW),
    ("guidance", _YELLOW),
)


_DISAGREEMENTS = (
    "(disagrees)",
    "NOT EXPLAINED",
)  # a recorded status against the rules; an unexplained Epoch gap


def colour_line(line: str, cells: list[tuple[int, int, str]]) -> str:
    """`line` with the status words of the given cells (start, end, text) coloured."""
    out, at = [], 0
    for start, end, text in cells:
        code = _colour(text)
        if code:
            out += [line[at:start], code, line[start:end], _RESET]
            at = end
    return "".join(out) + line[at:]


def _colour(text: str) -> str | None:
    if any(flag in text for flag in _DISAGREEMENTS):
        return _YELLOW
    for prefix, code in _COLOURS:
        if text == prefix or text.startswith(prefix + " ") or text.startswith(prefix + ","):
            return code
    return None
