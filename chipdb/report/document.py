"""A table as plain data: what report builders return and the output layer renders."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    title: str | None = None


@dataclass
class Document:
    """What a read command produces: tables for people and CSV, and one JSON value for machines."""

    tables: list[Table]
    json: Any
    notes: list[str] = field(default_factory=list)  # lines for stderr (caveats), never data
