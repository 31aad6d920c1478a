"""One seed file's records, validated so that every mistake in it is reported, not only the first.

A valid file is validated in one call. In an invalid one, each of pydantic's errors becomes a problem at its
place (the noise of union members dropped, "did you mean" for a misspelt key or value), and a broken record is
read without its wrong keys where it can be, so that the loader's own checks still look at the rest of it.
"""

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from chipdb.catalog import seed_format as fmt
from chipdb.catalog.problems import Loc, Problems, did_you_mean
from chipdb.domain.text import escape

#: The lists a seed file may hold, and the model of one record in each.
RECORDS: dict[str, type[BaseModel]] = {
    "vendors": fmt.Vendor,
    "sources": fmt.Source,
    "chips": fmt.Chip,
    "events": fmt.Event,
    "country_groups": fmt.GroupMember,
}
_NESTED: dict[str, type[BaseModel]] = {"Cited": fmt.Cited, "PrecisionEntry": fmt.PrecisionEntry}
#: Union members as pydantic names them in an error's location: not keys of the document.
_KINDS = {
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "date": "a date",
    "bool": "true or false",
    "Cited": "{value: ..., source: ...}",
    "PrecisionEntry": "{dense: ..., sparse: ...}",
}
_TAG_PREFIXES = ("literal[", "function-", "lax-", "json-")


@dataclass
class ParsedFile:
    """The records read from one file, each with its index in its list (for messages and line numbers)."""

    vendors: list[tuple[int, fmt.Vendor]] = field(default_factory=list)
    sources: list[tuple[int, fmt.Source]] = field(default_factory=list)
    chips: list[tuple[int, fmt.Chip]] = field(default_factory=list)
    events: list[tuple[int, fmt.Event]] = field(default_factory=list)
    country_groups: list[tuple[int, fmt.GroupMember]] = field(default_factory=list)
    #: Names or ids of records too broken to read, by list: references to them are not reported again.
    unreadable: dict[str, set[str]] = field(default_factory=dict)


def parse_document(file: str, document: dict[Any, Any], problems: Problems) -> ParsedFile:
    """The file's records; its mistakes go to `problems`, and the records they break are left out."""
    try:
        whole = fmt.SeedFile.model_validate(document)
    except ValidationError as exc:
        return _salvage(file, document, exc, problems)
    return ParsedFile(
        vendors=list(enumerate(whole.vendors)),
        sources=list(enumerate(whole.sources)),
        chips=list(enumerate(whole.chips)),
        events=list(enumerate(whole.events)),
        country_groups=list(enumerate(whole.country_groups)),
    )


def _salvage(file: str, document: dict[Any, Any], exc: ValidationError, problems: Problems) -> ParsedFile:
    broken: dict[tuple[str, int], list[Loc]] = {}
    for real, message in describe(document, exc):
        problems.add(file, real, message)
        if len(real) >= 2 and real[0] in RECORDS and isinstance(real[1], int):
            broken.setdefault((str(real[0]), real[1]), []).append(real[2:])
    out = ParsedFile()
    for key, model in RECORDS.items():
        items = document.get(key)
        if not isinstance(items, list):
            continue  # reported above
        kept: list[tuple[int, Any]] = getattr(out, key)
        for index, item in enumerate(items):
            record = _record(model, item, broken.get((key, index)))
            if record is not None:
                kept.append((index, record))
            elif isinstance(item, dict) and isinstance(name := item.get("name", item.get("id")), str):
                out.unreadable.setdefault(key, set()).add(name)
    return out


def _record(model: type[BaseModel], item: Any, wrong: list[Loc] | None) -> BaseModel | None:
    """The record, or the record without its wrong keys; None when it cannot be read without them.

    A record that loses its default `source` is not read on: every value of it would be reported unsourced.
    """
    if wrong is not None:
        if not isinstance(item, dict) or any(not loc or loc[0] == "source" for loc in wrong):
            return None
        item = copy.deepcopy(item)
        for loc in wrong:
            _drop(item, loc)
    try:
        return model.model_validate(item)
    except (ValidationError, RecursionError):
        return None


def _drop(node: Any, loc: Loc) -> None:
    """Remove the deepest mapping key on `loc` (a wrong list element goes with the key holding its list)."""
    owner: tuple[dict[Any, Any], Any] | None = None
    for item in loc:
        if isinstance(node, dict) and item in node:
            owner, node = (node, item), node[item]
        elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            node = node[item]
        else:
            break
    if owner is not None:
        owner[0].pop(owner[1], None)


def describe(document: Any, exc: ValidationError) -> list[tuple[Loc, str]]:
    """Each mistake once, as (where in the document, "chips[3] (H100 SXM5 80GB).tdp_w: message").

    pydantic reports one error per member of a union; only the deepest place the value reached is a mistake
    of the user's (a misspelt key inside `{value: ..., source: ...}`), and several members failing at the same
    place are one mistake ("expected a number or {value: ..., source: ...}").
    """
    spots: dict[Loc, list[tuple[list[str], dict[str, Any]]]] = {}
    unions: dict[Loc, int] = {}  # the place a union was tried -> the depth of its deepest error
    for details in exc.errors(include_url=False):
        real, tags, site = _walk(document, details["loc"])
        spots.setdefault(real, []).append((tags, dict(details)))
        if site is not None:
            unions[real[:site]] = max(unions.get(real[:site], 0), len(real))
    out = []
    for real, members in spots.items():
        in_union = any(tags for tags, _ in members)
        sites = [real[:i] for i in range(len(real) + 1) if real[:i] in unions]
        if in_union and any(len(real) < unions[site] for site in sites):
            continue  # a union member that failed earlier than another one
        first_tags, first = members[0]
        message = _message(real, first_tags, first) if len(members) == 1 else _expected(members)
        out.append((real, f"{_label(document, real)}: {message}"))
    return out


def _walk(document: Any, loc: tuple[Any, ...]) -> tuple[Loc, list[str], int | None]:
    """The error's place in the document, the union members on the way, and where the first union was."""
    node, real, tags, site = document, [], [], None
    for item in loc:
        if item == "[key]":
            continue
        if _inside(node, item):
            real.append(item)
            node = node[item]
        elif isinstance(item, str) and (item in _KINDS or item.startswith(_TAG_PREFIXES)):
            tags.append(item)
            site = len(real) if site is None else site
        else:
            real.append(item)
            node = None
    return tuple(real), tags, site


def _has(node: dict[Any, Any], item: Any) -> bool:
    try:
        return item in node
    except TypeError:
        return False


def _inside(node: Any, item: Any) -> bool:
    """Whether `item` is a key of the mapping `node`, or an index of the list `node`."""
    if isinstance(node, dict):
        return _has(node, item)
    return isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node)


def _message(real: Loc, tags: list[str], error: dict[str, Any]) -> str:
    kind, key = error["type"], real[-1] if real else ""
    if kind == "extra_forbidden":
        return "unknown field" + (did_you_mean(key, _fields_at(real, tags)) or " (a typo?)")
    if kind == "missing":
        return "required, but missing"
    if kind == "value_error":  # a validator of ours: its message, without pydantic's "Value error, "
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "literal_error":
        choices = _choices(error)
        if "[key]" in error["loc"]:
            return f"not one of {', '.join(choices)}{did_you_mean(key, choices)}"
        return error["msg"] + did_you_mean(error.get("input"), choices)
    return str(error["msg"])


def _expected(members: list[tuple[list[str], dict[str, Any]]]) -> str:
    """One message for a value no member of its union accepts."""
    kinds: list[str] = []
    hint = ""
    for tags, error in members:
        tag = tags[-1] if tags else ""
        if error["type"] == "literal_error":
            choices = _choices(error)
            kind = f"one of {', '.join(repr(c) for c in choices)}" if len(choices) > 1 else repr(choices[0])
            hint = hint or did_you_mean(error.get("input"), choices)
        else:
            kind = _KINDS.get(tag, str(error["msg"]))
        if kind not in kinds:
            kinds.append(kind)
    listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])}, or {kinds[-1]}"
    shown = repr(members[0][1].get("input"))
    return f"expected {listed}; got {shown[:40] + '...' if len(shown) > 43 else shown}{hint}"


def _choices(error: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _fields_at(real: Loc, tags: list[str]) -> list[str]:
    """The keys allowed where an unknown one was found."""
    parent = real[:-1]
    if not parent:
        model: type[BaseModel] | None = fmt.SeedFile
    elif "alternatives" in parent:
        model = fmt.Alternative
    elif tags and tags[-1] in _NESTED:
        model = _NESTED[tags[-1]]
    elif len(parent) == 2:
        model = RECORDS.get(str(parent[0]))
    else:
        model = None
    return [] if model is None else [f.alias or name for name, f in model.model_fields.items()]


def _label(document: Any, real: Loc) -> str:
    """The place as a user reads it, list items named by their name or id: chips[3] (H100 SXM5 80GB).tdp_w."""
    parts, node = [], document
    for item in real:
        if isinstance(item, int):
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
            label = f"[{item}]"
            name = (node.get("name") or node.get("id")) if isinstance(node, dict) else None
            if isinstance(name, str):  # escaped: the name may be the very mistake reported
                label += f" ({escape(name if len(name) <= 60 else name[:57] + '...')})"
            parts.append(label)
        else:
            parts.append(f".{item}" if str(item).isprintable() else f".{item!r}")
            node = node.get(item) if isinstance(node, dict) and _has(node, item) else None
    return "".join(parts).lstrip(".") or "(top level)"
