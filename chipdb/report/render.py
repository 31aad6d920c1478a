"""The output layer: a Document to text in the chosen format. The only module that imports tabulate.

Cells may be raw values: people get numbers with separators, `unknown`, `n/a`, yes / no; CSV and TSV get data
(plain numbers, empty for unknown, `n/a` only where the hardware lacks the feature, true / false).

Text from the database is untrusted (it came from seed files): every control, format (zero-width, bidi) and
separator character is written as an escape (\\x1b, \\u202e) in tables, CSV, TSV and the lines around them;
JSON escapes them as \\u sequences and is strict (no NaN or Infinity).
"""

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, TextIO, cast

from chipdb.domain.metrics import fmt_number
from chipdb.domain.query import NA
from chipdb.domain.text import UNSAFE_BEYOND_C0, escape
from chipdb.domain.vocab import NOT_APPLICABLE, UNKNOWN
from chipdb.errors import ChipdbError
from chipdb.report.document import Document, Table

DATA_FORMATS = ("csv", "tsv", "json")


def write(
    document: Document, fmt: str, out: TextIO, *, width: int | None = None, colour: bool = False
) -> list[str]:
    """Write to `out` in `fmt` (an OutputFormat value: table, csv, tsv, json, or a tabulate format); return the
    lines meant for stderr (table footers, which are not data in the data formats).

    `width`, for the table format at a terminal: fit tables to it. `colour`: colour status words (a terminal)."""
    if fmt == "json":
        _json(document.json, out)
        return [line for t in document.tables for line in t.footer]
    if fmt in ("csv", "tsv"):
        table = document.data or document.tables[0]
        _delimited(table, out, "," if fmt == "csv" else "\t")
        return list(table.footer)
    texts = [_safe(_human(t)) for t in document.tables]
    fitted = bool(width) and fmt == "table"
    if fitted:
        from chipdb.report.terminal import fit

        texts = [part for t in texts for part in fit(t, width or 0)]
    out.write("\n".join(_table(t, "simple" if fmt == "table" else fmt, colour, fitted) for t in texts))
    return []


def render(document: Document, fmt: str, width: int | None = None) -> str:
    import io

    buffer = io.StringIO()
    write(document, fmt, buffer, width=width)
    return buffer.getvalue()


def printable(text: str) -> str:
    """A line for a terminal (an error, a warning, a name in `list -q`): unsafe characters escaped, newlines
    too, so that it stays one line."""
    return escape(text)


def human(value: Any) -> str:
    """A cell for people."""
    return _HUMAN.get(type(value), str)(value)


_HUMAN: dict[type, Any] = {
    str: escape,  # a data cell is one line: a newline in it would forge a row
    type(None): lambda _: UNKNOWN,
    type(NA): lambda _: NOT_APPLICABLE,
    bool: lambda v: "yes" if v else "no",
    int: fmt_number,
    float: fmt_number,
}


def datum(value: Any) -> str:
    """A cell for CSV / TSV: plain numbers (no separators), empty for unknown."""
    if isinstance(value, str):
        return escape(value, "\t\n")  # the csv module quotes tabs and newlines
    if value is None:
        return ""
    if value is NA:
        return NOT_APPLICABLE
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _human(table: Table) -> Table:
    """Raw values formatted for people, a column at a time: text columns pass through, numbers are formatted
    once per distinct value (a 100,000-chip list repeats most of its figures)."""
    if not table.keys or not table.rows:  # only data tables (list, show's data) hold raw values
        return table
    columns: list[Any] = []
    for column in zip(*table.rows, strict=True):
        kinds = set(map(type, column))
        if kinds == {str}:  # one check for the whole column: almost always nothing to escape
            columns.append(column if "".join(column).isprintable() else [human(c) for c in column])
        elif bool in kinds:  # True == 1: no shared cache with numbers
            columns.append([human(c) for c in column])
        else:
            seen: dict[Any, str] = {}
            columns.append([seen[c] if c in seen else seen.setdefault(c, human(c)) for c in column])
    rows = list(zip(*columns, strict=True))  # tuples: rows are only read from here on
    return replace(table, rows=cast(list[list[Any]], rows))


def _safe(table: Table) -> Table:
    """Headers, title, footer and text cells with unsafe characters escaped (a cell may still span lines); the
    data cells of a data table were escaped as they were formatted."""
    rows = table.rows
    if not table.keys:
        rows = [[escape(c, "\n") if isinstance(c, str) else c for c in row] for row in rows]
    return replace(
        table,
        headers=[escape(h, "\n") for h in table.headers],
        rows=rows,
        title=escape(table.title) if table.title else table.title,
        footer=[escape(line) for line in table.footer],
    )


def _json(value: Any, out: TextIO) -> None:
    if not isinstance(value, Iterator):
        out.write(_dumps(value) + "\n")
        return
    # a stream of objects: one JSON array, written as it comes (the text json.dumps gives the list)
    out.write("[")
    empty = True
    for item in value:
        text = _dumps(item)
        out.write(("\n  " if empty else ",\n  ") + text.replace("\n", "\n  "))
        empty = False
    out.write("]\n" if empty else "\n]\n")


def _dumps(value: Any) -> str:
    """Strict JSON (NaN and Infinity are not JSON), with the unsafe characters json.dumps leaves as they are
    (C1 controls, DEL, bidi and zero-width characters, separators) written as \\u escapes."""
    try:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError as exc:
        raise ChipdbError(f"cannot write JSON: {exc} (a value is NaN or infinite)") from None
    return text if text.isascii() and "\x7f" not in text else UNSAFE_BEYOND_C0.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    """A \\u escape; a character beyond the BMP as its UTF-16 surrogate pair, as JSON spells it."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _delimited(table: Table, out: TextIO, delimiter: str) -> None:
    """CSV, or TSV (tabs, no padding; a tab or newline inside a cell is quoted as in CSV)."""
    writer = csv.writer(out, lineterminator="\n", delimiter=delimiter)
    writer.writerow([datum(h) for h in table.keys or table.headers])
    grouped = bool(table.headers) and table.headers[0] == "Group"
    last_group: Any = None
    for row in table.rows:
        # grouped tables leave repeated group labels blank for people; CSV repeats them for machines
        if grouped:
            row = [row[0] or last_group, *row[1:]]
            last_group = row[0]
        writer.writerow([datum(c) for c in row])


def _table(table: Table, fmt: str, colour: bool = False, fitted: bool = False) -> str:
    title = f"{table.title}\n" if table.title else ""
    footer = "".join(f"{line}\n" for line in table.footer)
    if not table.rows and table.empty:
        return title + table.empty + "\n" + footer
    if fmt == "simple" and (fitted or _plain(table)):
        return title + _simple(table, colour, multiline=fitted) + "\n" + footer
    from tabulate import tabulate

    body = tabulate(table.rows, headers=table.headers, tablefmt=fmt, disable_numparse=True)
    return title + body + "\n" + footer


def _plain(table: Table) -> bool:
    """ASCII, one-line cells: where tabulate's "simple" layout is plain column padding."""
    for row in (table.headers, *table.rows):
        text = "".join(row)
        if not text.isascii() or "\n" in text:
            return False
    return True


def _simple(table: Table, colour: bool = False, multiline: bool = False) -> str:
    """tabulate's "simple" format for plain tables, without its per-cell type inference (the cost of a long
    list); tests check the two give the same text. A table fitted to a terminal (`multiline`) may hold wrapped
    cells and wide characters: each takes its lines and its display width."""
    from chipdb.report.terminal import width_of

    headers, rows = table.headers, table.rows
    if not multiline and not colour:
        return _padded(headers, rows)
    size = width_of if multiline else len
    widths = [max(size(line) for line in h.split("\n")) + (0 if multiline else 2) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], max(size(line) for line in cell.split("\n")))

    def line(parts: list[str]) -> str:
        return "  ".join(p + " " * (w - size(p)) for p, w in zip(parts, widths, strict=True)).rstrip()

    out = [*(line(parts) for parts in _lines(headers)), "  ".join("-" * w for w in widths)]
    for row in rows:
        for parts in _lines(row):
            text = line(parts)
            if colour:
                from chipdb.report.terminal import colour_line

                text = colour_line(text, _spans(parts, widths, size))
            out.append(text)
    return "\n".join(out)


def _padded(headers: list[str], rows: list[list[str]]) -> str:
    """The plain case (one-line ASCII cells, no colour): one format string for every row, as fast as it gets."""
    widths = [len(h) + 2 for h in headers]
    if rows:
        widths = [
            max(w, max(map(len, column))) for w, column in zip(widths, zip(*rows, strict=True), strict=True)
        ]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers).rstrip(), "  ".join("-" * w for w in widths)]
    out.extend(line.format(*row).rstrip() for row in rows)
    return "\n".join(out)


def _lines(row: list[str]) -> list[list[str]]:
    split = [cell.split("\n") for cell in row]
    height = max((len(s) for s in split), default=1)
    return [[s[i] if i < len(s) else "" for s in split] for i in range(height)]


def _spans(parts: list[str], widths: list[int], size: Any) -> list[tuple[int, int, str]]:
    """Where each cell's text sits in its line, in characters (a wide character is one character, two columns)."""
    spans, at = [], 0
    for text, w in zip(parts, widths, strict=True):
        if text:
            spans.append((at, at + len(text), text))
        at += len(text) + (w - size(text)) + 2
    return spans


def write_yaml(value: Any, out: TextIO) -> None:
    """YAML that `chipdb seed` reads back (block style, keys in the order given, Unicode kept)."""
    import yaml

    yaml.safe_dump(value, out, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
