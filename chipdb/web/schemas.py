"""JSON Schemas of the API's answers for the OpenAPI document (the shapes of README: JSON interface).

Declared, not enforced on the way out: the answers are the CLI's JSON as the report functions build it, and
the tests (schemathesis) check every answer against these schemas.
"""

from typing import Any

Schema = dict[str, Any]

STR = {"type": "string"}
STR_OR_NULL = {"type": ["string", "null"]}
NUM_OR_NULL = {"type": ["number", "null"]}
STRINGS = {"type": "array", "items": STR}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> Schema:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


ERROR = _object(
    {"error": {**STR, "description": "The message the CLI prints after `Error: `."}},
    {
        "suggestions": {**STRINGS, "description": "Close chip names (an unknown chip)."},
        "candidates": {**STRINGS, "description": "The chips an ambiguous name matches."},
    },
)
BASIS = _object(
    {"kind": STR, "key": STR, "citation": STR, "since": STR, "text": STR},
    {"review_policy": STR_OR_NULL},
)
_DETERMINATION = {
    "destination": STR,
    "end_user_hq": STR_OR_NULL,
    "licence_required": {
        "type": ["boolean", "null"],
        "description": "null: undecided, or if subject to the EAR",
    },
    "kind": STR,
    "since": STR_OR_NULL,
    "bases": {"type": "array", "items": BASIS},
    "review_policy": STR_OR_NULL,
    "licence_exception": STR_OR_NULL,
    "other_restrictions": {"type": "array", "items": BASIS},
    "undecided": STRINGS,
    "caveats": STRINGS,
}
ASSESS = _object({"chip": STR, "date": STR, **_DETERMINATION})
EVENT = _object(
    {
        "id": STR,
        "date": STR,
        "in_force_by": STR,
        "announced": STR_OR_NULL,
        "authority": STR,
        "action": STR,
        "destinations": STRINGS,
        "rule": STR_OR_NULL,
        "chips": STRINGS,
        "source": {"type": ["string", "object"]},
        "summary": STR,
    }
)
STATUS = _object(
    {
        "restricted": {"type": "boolean"},
        "as_of": STR,
        **_DETERMINATION,
        "events": {"type": "array", "items": EVENT},
    }
)
VERDICT = _object(
    {
        "rule": STR,
        "classification": STR,
        "licence_exception": STR_OR_NULL,
        "review_policy": STR_OR_NULL,
        "reasons": STRINGS,
    }
)
SOURCE = _object(
    {"id": STR, "title": STR, "publisher": STR_OR_NULL, "url": STR_OR_NULL, "date": STR_OR_NULL, "tier": STR}
)
_FIGURE = {
    "anyOf": [
        {"const": "n/a"},
        _object({"dense": NUM_OR_NULL, "sparse": NUM_OR_NULL}),
    ]
}
CHIP = _object(
    {
        "name": STR,
        "vendor": STR,
        "aliases": STRINGS,
        "market": STR,
        "specs": {"type": "object", "additionalProperties": {"type": ["string", "number", "null"]}},
        "performance": {"type": "object", "additionalProperties": _FIGURE},
        "tpp": NUM_OR_NULL,
        "tpp_stated": NUM_OR_NULL,
        "performance_density": NUM_OR_NULL,
        "status": STATUS,
        "computed": {"anyOf": [VERDICT, {"type": "null"}]},
    },
    {"sources": {"type": "array", "items": SOURCE}},
)
DETAIL = {
    **CHIP,
    "required": [*CHIP["required"], "notes", "citations", "alternatives", "sources", "classification"],
    "properties": {
        **CHIP["properties"],
        "notes": STR_OR_NULL,
        "citations": {"type": "object"},
        "alternatives": {"type": "array", "items": {"type": "object"}},
        "classification": {
            "type": "array",
            "items": {**VERDICT, "properties": {**VERDICT["properties"], "citation": STR}},
        },
    },
}
CLASSIFY = _object(
    {
        "chip": STR_OR_NULL,
        "tpp": NUM_OR_NULL,
        "performance_density": NUM_OR_NULL,
        "verdicts": {"type": "array", "items": VERDICT},
    }
)
RULE = _object(
    {"rule": STR, "title": STR, "citation": STR, "effective": STR, "destinations": STR, "thresholds": STRINGS}
)


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def responses(
    ok: Schema, what: str, not_found: bool = False, media: str = "application/json"
) -> dict[int | str, Any]:
    """The documented answers of an API route: 200, 422 (a bad parameter), 503 (the database cannot be read),
    and 404 (an unknown chip) where a chip is named."""

    def error(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": ERROR}}}

    documented: dict[int | str, Any] = {
        200: {"description": what, "content": {media: {"schema": ok}}},
        422: error("A parameter is malformed: the message says which and why."),
        503: error("The database cannot be read."),
    }
    if not_found:
        documented[404] = error("No chip has that name (or several do): the message suggests names.")
    return documented
