"""Filters, sorting and column choice over rows of named fields: what `list --where/--sort/--columns` mean.

Pure: a row is a tuple of raw values (numbers, ISO date text, text, booleans) at its fields' indexes (a tuple per
chip keeps 100,000 rows small), with None for unknown and `NA` where the hardware has no such feature. Unknown and n/a never satisfy a comparison (a chip whose
memory is unknown is neither above nor below 80 GB) and sort last in either direction.
"""

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from chipdb.errors import InputError

Kind = Literal["text", "number", "date", "bool"]


class _NotApplicable:
    """The value of a field the hardware does not have (shown n/a); a singleton, distinct from None."""

    _instance: "_NotApplicable | None" = None

    def __new__(cls) -> "_NotApplicable":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NA"


NA: Final = _NotApplicable()

OPERATORS: Final[tuple[str, ...]] = ("<=", ">=", "!=", "=", "<", ">", "~")
_CONDITION = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|!=|==|=|<|>|~)\s*(.*?)\s*$", re.DOTALL)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # the table header, with the unit
    kind: Kind
    index: int  # where its value sits in a row
    help: str = ""


def fields(*specs: tuple[str, str, Kind] | tuple[str, str, Kind, str]) -> dict[str, Field]:
    """Fields by name, indexed in the order given: (name, title, kind[, help])."""
    return {s[0]: Field(s[0], s[1], s[2], i, s[3] if len(s) > 3 else "") for i, s in enumerate(specs)}


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for a close choice, else ''."""
    close = difflib.get_close_matches(word.casefold(), [c.casefold() for c in choices], n=3, cutoff=0.6)
    by_fold = {c.casefold(): c for c in choices}
    return f" (did you mean {' or '.join(by_fold[c] for c in close)}?)" if close else ""


def field_named(name: str, fields: Mapping[str, Field], option: str) -> Field:
    """A field by its JSON name, ignoring case; `specs.tdp_w` and `status.since` name their last part."""
    key = name.strip().casefold()
    if key not in fields and "." in key:
        key = key.rsplit(".", 1)[1]
    if key in fields:
        return fields[key]
    raise InputError(f"{option}: no field {name!r}{suggest(name, fields)}; fields: {', '.join(fields)}")


def columns(text: str, fields: Mapping[str, Field]) -> list[Field]:
    """`--columns a,b,c`: the fields in the order given."""
    names = [n for n in (part.strip() for part in text.split(",")) if n]
    if not names:
        raise InputError("--columns: name at least one field")
    return [field_named(n, fields, "--columns") for n in names]


@dataclass(frozen=True)
class Condition:
    """One `--where "FIELD OP VALUE"`: a field, an operator and a value of the field's kind."""

    field: Field
    op: str
    value: Any  # float, str (casefolded for text), bool, or None / NA for `= unknown` / `= n/a`

    def holds(self, row: Sequence[Any]) -> bool:
        actual = row[self.field.index]
        if self.value is None or self.value is NA:
            same = actual is self.value
            return same if self.op == "=" else not same
        if actual is None or actual is NA:
            return False
        if self.field.kind == "text":
            actual = str(actual).casefold()
            if self.op == "~":
                return self.value in actual
        if self.field.kind == "date":
            actual = str(actual)[: len(self.value)] if self.op in ("=", "!=") else str(actual)
        return _COMPARE[self.op](actual, self.value)


_COMPARE: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def condition(text: str, fields: Mapping[str, Field]) -> Condition:
    """Parse `FIELD OP VALUE` (`= != < <= > >=`, `~` for "contains, any case"); InputError when it cannot."""
    match = _CONDITION.match(text)
    if not match:
        raise InputError(
            f'--where: {text!r} is not FIELD OP VALUE (OP one of {" ".join(OPERATORS)}), e.g. "tpp >= 4800"'
        )
    name, op, raw = match.groups()
    op = "=" if op == "==" else op
    fld = field_named(name, fields, "--where")
    raw = raw.strip("\"'") if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'" else raw
    if raw.casefold() in ("unknown", "n/a", "na") and op in ("=", "!="):
        return Condition(fld, op, None if raw.casefold() == "unknown" else NA)
    if op == "~" and fld.kind != "text":
        raise InputError(f"--where: ~ (contains) applies to text fields; {fld.name} is a {fld.kind}")
    return Condition(fld, op, _value(raw, fld, op))


def _value(raw: str, fld: Field, op: str) -> Any:
    if fld.kind == "number":
        try:
            number = float(raw.replace(",", "").replace("_", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InputError(f"--where: {fld.name} is a number; {raw!r} is not a finite number")
        return number
    if fld.kind == "date":
        if not _DATE.match(raw):
            raise InputError(
                f"--where: {fld.name} is a date; write YYYY-MM-DD (or YYYY-MM, YYYY), not {raw!r}"
            )
        return raw
    if fld.kind == "bool":
        folded = raw.casefold()
        if folded not in _TRUE + _FALSE or op not in ("=", "!="):
            raise InputError(
                f"--where: {fld.name} is yes/no (or unknown); use = or != with yes, no or unknown"
            )
        return folded in _TRUE
    return raw.casefold()


Row = Sequence[Any]


def select(
    rows: Iterable[Row],
    conditions: Sequence[Condition] = (),
    sort: Field | None = None,
    descending: bool = False,
    limit: int | None = None,
) -> list[Any]:
    """Rows that meet every condition, sorted (unknown and n/a last, ties in the given order), at most `limit`."""
    kept = [row for row in rows if all(c.holds(row) for c in conditions)] if conditions else list(rows)
    if sort is not None:
        i = sort.index
        known = [r for r in kept if r[i] is not None and r[i] is not NA]
        rest = [r for r in kept if r[i] is None or r[i] is NA]
        kept = sorted(known, key=_sort_key(sort), reverse=descending) + rest
    return kept if limit is None else kept[:limit]


def _sort_key(fld: Field) -> Callable[[Row], Any]:
    i = fld.index
    if fld.kind == "text":
        return lambda row: str(row[i]).casefold()
    if fld.kind == "date":
        return lambda row: str(row[i])
    return lambda row: row[i]
