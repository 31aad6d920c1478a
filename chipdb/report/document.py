"""A table as plain data: what report builders return and the output layer renders."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """Cells are text, or raw values (numbers, None for unknown, NA, booleans) that the output layer formats:
    for people with separators and words, for CSV and TSV as data."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    title: str | None = None
    keys: list[str] | None = None  # machine names: the CSV / TSV header when given
    priority: list[int] | None = None  # to fit a narrow terminal, the highest numbers are dropped first
    wrap: list[int] | None = None  # per column, the narrowest its text may wrap to in a terminal (0: never)
    split_from: int | None = None  # a table too wide for a terminal may be split at the columns from here on
    footer: list[str] = field(default_factory=list)  # lines shown under the table (stderr for data formats)
    empty: str = "none"  # what a table without rows says in place of its header


@dataclass
class Document:
    """What a read command produces: tables for people and CSV, and one JSON value for machines."""

    tables: list[Table]
    json: Any
    notes: list[str] = field(default_factory=list)  # lines for stderr (caveats), never data
    data: Table | None = None  # the CSV / TSV form when it differs from the first table (one row per value)
