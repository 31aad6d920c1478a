"""The output layer: a Document to text in the chosen format. The only module that imports tabulate."""

import csv
import io
import json
from typing import Any

from chipdb.table import Document, Table


def render(document: Document, fmt: str) -> str:
    """Text for stdout; `fmt` is an OutputFormat value (table, csv, json, or a tabulate format)."""
    if fmt == "json":
        return json.dumps(document.json, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "csv":
        return "".join(_csv(t) for t in document.tables[:1])
    return "\n".join(_tabulate(t, "simple" if fmt == "table" else fmt) for t in document.tables)


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    last_group: Any = None
    for row in table.rows:
        # grouped tables leave repeated group labels blank for people; CSV repeats them for machines
        if table.headers and table.headers[0] == "Group":
            row = [row[0] or last_group, *row[1:]]
            last_group = row[0]
        writer.writerow(row)
    return out.getvalue()


def _tabulate(table: Table, fmt: str) -> str:
    from tabulate import tabulate

    text = tabulate(table.rows, headers=table.headers, tablefmt=fmt, disable_numparse=True)
    return (f"{table.title}\n" if table.title else "") + text + "\n"
