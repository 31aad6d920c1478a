"""The seed file format as pydantic models: strict (unknown keys are errors) and exportable as JSON Schema."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from chipdb.domain.dates import parse_partial
from chipdb.domain.names import name_key
from chipdb.domain.text import first_unsafe
from chipdb.domain.vocab import ACTIONS, COUNTRY_GROUPS, MARKETS, PRECISIONS, TIERS

Number = StrictInt | StrictFloat
# Literal[tuple] is Literal[a, b, ...]: the vocabulary is written once, in chipdb.domain.vocab
Market = Literal[MARKETS]  # type: ignore[valid-type]
Tier = Literal[TIERS]  # type: ignore[valid-type]
Action = Literal[ACTIONS]  # type: ignore[valid-type]
Precision = Literal[PRECISIONS]  # type: ignore[valid-type]
Group = Literal[COUNTRY_GROUPS]  # type: ignore[valid-type]


def _partial_date(value: object) -> object:
    """YYYY, YYYY-MM or YYYY-MM-DD: refused here, with the record, rather than when it is written."""
    parse_partial(value)
    return value


PartialDate = Annotated[StrictInt | dt.date | str, AfterValidator(_partial_date)]


def _plain_name(value: str) -> str:
    """A name is matched, listed one a line and shown in tables: nothing that moves, hides or reorders text.

    ValueError is pydantic's way to say "invalid" from a validator; parse.py shows its message as it is."""
    problem = first_unsafe(value)
    if problem is not None:
        raise ValueError(f"holds {problem}; {_NAME_RULE}")
    if not name_key(value):
        raise ValueError("is empty (or only spaces, hyphens and underscores)")
    return value


def _plain_aliases(values: list[str | int]) -> list[str | int]:
    """Each alias as a name (checked here rather than per item: the item is a union with int)."""
    for number, value in enumerate(values, 1):
        if isinstance(value, str):
            try:
                _plain_name(value)
            except ValueError as exc:
                raise ValueError(f"alias {number} ({value!r}): {exc}") from None
    return values


def _free_text(value: str) -> str:
    """Notes, titles and summaries may span lines, but hold no other control, format or separator character."""
    problem = first_unsafe(value, keep="\t\n")
    if problem is not None:
        raise ValueError(
            f"holds {problem}; text may hold tab and newline but no other control, zero-width or bidi character"
        )
    return value


_NAME_RULE = "a name may not hold control, zero-width, bidi or line-separator characters"
NameRef = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_plain_name)]  # names a record
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_free_text)]

#: The columns' lengths (db/models.py): a name or alias, and the match key stored beside it.
NAME_LENGTH, KEY_LENGTH = 200, 400


def _fits(name: str | int) -> str | int:
    """A name or alias the database can store: its match key is NFKC and case-folded, which can lengthen it
    (one ﷺ becomes 15 letters), and a number alias is stored as its digits."""
    text = name if isinstance(name, str) else str(name)
    if len(text) > NAME_LENGTH:
        raise ValueError(f"at most {NAME_LENGTH} characters (this has {len(text)})")
    if len(name_key(text)) > KEY_LENGTH:
        raise ValueError(f"too long once normalised for matching (at most {KEY_LENGTH})")
    return name


Name = Annotated[
    str, Field(min_length=1, max_length=NAME_LENGTH), AfterValidator(_plain_name), AfterValidator(_fits)
]
Alias = Annotated[
    Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)] | StrictInt, AfterValidator(_fits)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class Alternative(Strict):
    """A value another source gives, kept beside the trusted one."""

    value: Number | str | dt.date
    source: Text
    note: Text | None = None


class Cited(Strict):
    """The long form of a value: with its own source, a note, and alternatives."""

    value: Number | str | dt.date
    source: Text | None = None
    note: Text | None = None
    alternatives: list[Alternative] = []


Scalar = Number | str | dt.date | Cited


class PrecisionEntry(Strict):
    dense: Number | str | Cited | None = None
    sparse: Number | str | Cited | None = None
    source: Text | None = None
    note: Text | None = None


class Vendor(Strict):
    name: Name
    country: Text | None = None


class Source(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
    title: Text
    publisher: Text | None = None
    url: Text | None = None
    date: PartialDate | None = None
    tier: Tier


class Chip(Strict):
    name: Name
    vendor: NameRef
    aliases: Annotated[list[Alias], AfterValidator(_plain_aliases)] = []  # 910 is a number in YAML
    source: Text | None = None
    market: Market | Cited
    family: Scalar | None = None
    release_date: Scalar | None = None
    process_node: Scalar | None = None
    foundry: Scalar | None = None
    transistors_billion: Scalar | None = None
    die_area_mm2: Scalar | None = None
    memory_type: Scalar | None = None
    memory_capacity_gb: Scalar | None = None
    memory_bandwidth_gbs: Scalar | None = None
    interconnect_bandwidth_gbs: Scalar | None = None
    host_interface: Scalar | None = None
    tdp_w: Scalar | None = None
    form_factor: Scalar | None = None
    tpp_stated: Scalar | None = None
    performance: dict[Precision, Literal["n/a", "unknown"] | PrecisionEntry] = {}
    notes: Annotated[str, Field(max_length=20000), AfterValidator(_free_text)] | None = None


class Event(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120)]
    date: PartialDate
    announced: PartialDate | None = None
    authority: Text
    action: Action
    destinations: Annotated[
        list[Annotated[str, Field(pattern=r"^([A-Z]{2}|[A-E]:[0-9]+|worldwide|rule:2023-10)$")]],
        Field(min_length=1),
    ]
    rule: Text | None = None
    chips: list[NameRef] = []
    vendors: list[NameRef] = []  # an entity listing names vendors, not chips
    source: Text
    summary: Text


class GroupMember(Strict):
    """A country in an EAR country group for a period (Supplement No. 1 to part 740)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    group: Group
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    valid_from: PartialDate | None = Field(default=None, alias="from")  # absent: a member before the records
    valid_to: PartialDate | None = Field(default=None, alias="to")  # the first day it is no longer a member
    source: Text
    note: Text | None = None


class SeedFile(Strict):
    """One YAML file of seed data; any of the lists may be absent."""

    vendors: list[Vendor] = []
    sources: list[Source] = []
    chips: list[Chip] = []
    events: list[Event] = []
    country_groups: list[GroupMember] = []


def json_schema() -> dict[str, object]:
    schema = SeedFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "chipdb seed file"
    return schema
