"""The output layer: a Document to text in the chosen format. The only module that imports tabulate."""

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from chipdb.report.document import Document, Table


def write(document: Document, fmt: str, out: TextIO) -> None:
    """Write to `out` in `fmt` (an OutputFormat value: table, csv, json, or a tabulate format)."""
    if fmt == "json":
        _json(document.json, out)
    elif fmt == "csv":
        _csv(document.tables[0], out)
    else:
        out.write("\n".join(_table(t, "simple" if fmt == "table" else fmt) for t in document.tables))


def render(document: Document, fmt: str) -> str:
    import io

    buffer = io.StringIO()
    write(document, fmt, buffer)
    return buffer.getvalue()


def _json(value: Any, out: TextIO) -> None:
    if not isinstance(value, Iterator):
        out.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    # a stream of objects: one JSON array, written as it comes
    out.write("[")
    for i, item in enumerate(value):
        text = json.dumps(item, indent=2, ensure_ascii=False, default=str)
        out.write(("," if i else "") + "\n  " + text.replace("\n", "\n  "))
    out.write("\n]\n")


def _csv(table: Table, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    grouped = bool(table.headers) and table.headers[0] == "Group"
    last_group: Any = None
    for row in table.rows:
        # grouped tables leave repeated group labels blank for people; CSV repeats them for machines
        if grouped:
            row = [row[0] or last_group, *row[1:]]
            last_group = row[0]
        writer.writerow(row)


def _table(table: Table, fmt: str) -> str:
    title = f"{table.title}\n" if table.title else ""
    if fmt == "simple" and _plain(table):
        return title + _simple(table) + "\n"
    from tabulate import tabulate

    return title + tabulate(table.rows, headers=table.headers, tablefmt=fmt, disable_numparse=True) + "\n"


def _plain(table: Table) -> bool:
    """ASCII, one-line cells: where tabulate's "simple" layout is plain column padding."""
    for row in (table.headers, *table.rows):
        text = "".join(row)
        if not text.isascii() or "\n" in text:
            return False
    return True


def _simple(table: Table) -> str:
    """tabulate's "simple" format for plain tables, without its per-cell type inference (the cost of a long
    list); tests check the two give the same text."""
    headers, rows = table.headers, table.rows
    widths = [len(h) + 2 for h in headers]
    if rows:
        widths = [
            max(w, max(map(len, column))) for w, column in zip(widths, zip(*rows, strict=True), strict=True)
        ]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers).rstrip(), "  ".join("-" * w for w in widths)]
    out.extend(line.format(*row).rstrip() for row in rows)
    return "\n".join(out)


def write_yaml(value: Any, out: TextIO) -> None:
    """YAML that `chipdb seed` reads back (block style, keys in the order given, Unicode kept)."""
    import yaml

    yaml.safe_dump(value, out, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
