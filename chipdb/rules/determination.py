"""The licence determination: for a chip, a destination, a date (and the end user's headquarters), is a licence
required to export it from the United States, on which bases, under which review policy. Pure.

Bases are the rule versions in force that classify the chip as 3A090 and reach the destination (through dated
country groups), the headquarters rule, company-specific actions that name the chip, and country-wide embargoes.
Guidance and entity listings are other restrictions, shown beside the answer and never counted as a licence
requirement. Undecided is an answer of its own (None), never "not required".
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from chipdb.domain.countries import as_china
from chipdb.domain.records import EventRecord
from chipdb.domain.vocab import WORLDWIDE
from chipdb.rules import RULES, RuleInput, Verdict, in_force
from chipdb.rules import scope as s

LOW_BIT_PRECISIONS = ("bf16", "fp16", "fp8", "int8", "int4", "fp4")
#: chipdb's policy records (embargoes, entity listings, groups) begin here: an earlier date gets no answer.
RECORDS_BEGIN = dt.date(2019, 1, 1)
AI_DIFFUSION_FROM = dt.date(2025, 1, 13)
AI_DIFFUSION = (
    "The AI Diffusion rule (90 FR 4544, effective 2025-01-13, compliance from 2025-05-15) is not applied: BIS "
    "announced on 2025-05-13 that it would not enforce it and would rescind it."
)
DECEMBER_2024_FROM = dt.date(2024, 12, 2)
DECEMBER_2024 = (
    "The 2024-12-02 rule (89 FR 96790) added controls on high-bandwidth memory and chip-making equipment; it does "
    "not change the destinations of 3A090, so it adds no basis here."
)
FOUNDRY_RULE_FROM = dt.date(2025, 1, 16)
FOUNDRY_RULE = (
    "The foundry due-diligence rule (90 FR 5298, 2025-01-16) presumes some advanced logic ICs are 3A090.a unless "
    "made for an approved IC designer; chipdb classifies by the chip's published figures only."
)


@dataclass(frozen=True)
class Subject:
    """What the determination reads of one chip."""

    name: str
    vendor: str
    vendor_country: str | None
    rule_input: RuleInput
    events: tuple[EventRecord, ...] = ()  # the events that name the chip
    weak_tpp: str = ""  # why TPP may be too low to trust a "not controlled" (see `weak_tpp_reason`)

    @property
    def us_part(self) -> bool:
        return self.vendor_country == "US"


@dataclass(frozen=True)
class Policy:
    """What is the same for every chip: country groups and the events that name no chip (embargoes, entity
    listings by vendor, rules and notices)."""

    groups: s.CountryGroups
    events: tuple[EventRecord, ...] = ()


@dataclass(frozen=True)
class Basis:
    kind: str  # rule | company_action | embargo | headquarters
    key: str
    citation: str
    since: dt.date
    text: str  # the arithmetic, or what the document says
    review_policy: str | None = None

    def label(self) -> str:
        """A few words for a table cell (the key and text are in JSON, `show` and `assess`)."""
        if self.kind == "rule":
            return f"{self.key} rule"
        if self.kind == "headquarters":
            return "HQ rule"
        return f"{self.since.isoformat()} {'letter' if self.kind == 'company_action' else 'embargo'}"


@dataclass(frozen=True)
class OtherRestriction:
    kind: str  # guidance | entity_listing
    key: str
    citation: str
    since: dt.date
    text: str


@dataclass(frozen=True)
class Determination:
    chip: str
    destination: str
    date: dt.date
    end_user_hq: str | None
    licence_required: (
        bool | None
    )  # None: undecided, or a non-US part whose EAR jurisdiction chipdb cannot tell
    bases: tuple[Basis, ...]
    review_policy: str | None
    licence_exception: str | None
    other_restrictions: tuple[OtherRestriction, ...]
    caveats: tuple[str, ...]
    since: dt.date | None  # where the unbroken requirement began
    undecided: tuple[str, ...] = ()  # why the answer is None

    @property
    def restricted(self) -> bool:
        """A licence is required, or a use guidance names the chip (the `--restricted` filter)."""
        return self.licence_required is True or any(o.kind == "guidance" for o in self.other_restrictions)

    @property
    def kind(self) -> str:
        if self.licence_required:
            return "licence required"
        if self.licence_required is None and self.bases:
            return "licence required if subject to the EAR"
        if self.licence_required is None:
            return "undecided"
        if any(o.kind == "guidance" for o in self.other_restrictions):
            return "guidance"
        return "no licence required"

    def text(self) -> str:
        """One line for a Status cell: the answer, its bases, and any use guidance."""
        keys = ", ".join(dict.fromkeys(b.label() for b in self.bases))
        if self.licence_required:
            text = f"licence required since {self.since.isoformat() if self.since else '?'} ({keys})"
        elif self.licence_required is None and self.bases:
            text = f"licence required if subject to the EAR ({keys})"
        elif self.licence_required is None:
            text = "undecided" + (f" ({short_reason(self.undecided[0])})" if self.undecided else "")
        else:
            text = "no licence required"
        guidance = [o for o in self.other_restrictions if o.kind == "guidance"]
        if guidance:
            text += f"; guidance since {min(o.since for o in guidance).isoformat()}"
        return text

    def answer(self) -> str:
        """yes / no / undecided / if subject to the EAR: the short form of `licence_required`."""
        if self.licence_required is None:
            return "if subject to the EAR" if self.bases else "undecided"
        return "yes" if self.licence_required else "no"


def short_reason(reason: str) -> str:
    """What is missing, for a table cell: "2023-10: die area unknown: ..." -> "2023-10: die area unknown"."""
    rule, _, rest = reason.partition(": ")
    if rest.startswith("I/O undecided: "):
        rest = rest.removeprefix("I/O undecided: ")
    return f"{rule}: {rest.split(':')[0].split(';')[0]}" if rest else rule


@dataclass
class _Verdicts:
    """Each rule version's verdict, computed once per chip when first asked for."""

    rule_input: RuleInput
    cache: dict[str, Verdict] = field(default_factory=dict)

    def __call__(self, key: str) -> Verdict:
        if key not in self.cache:
            self.cache[key] = RULES[key].classify(self.rule_input)
        return self.cache[key]


@dataclass
class _Day:
    bases: list[Basis] = field(default_factory=list)
    conditional: list[Basis] = field(
        default_factory=list
    )  # would apply if a non-US part is subject to the EAR
    undecided: list[str] = field(default_factory=list)
    exception: str | None = None

    @property
    def required(self) -> bool | None:
        if self.bases:
            return True
        if self.conditional or self.undecided:
            return None
        return False


def determine(
    subject: Subject, destination: str, on: dt.date, policy: Policy, end_user_hq: str | None = None
) -> Determination:
    verdicts = _Verdicts(subject.rule_input)
    day = _day(subject, destination, on, policy, end_user_hq, verdicts)
    since = None
    if day.required:
        since = min(b.since for b in day.bases)
        for _ in range(16):  # walk back while an earlier basis carried the requirement without a break
            before = _day(subject, destination, since - dt.timedelta(days=1), policy, end_user_hq, verdicts)
            if not before.required:
                break
            since = min(since, *(b.since for b in before.bases))
    bases = tuple(day.bases or day.conditional)
    return Determination(
        chip=subject.name,
        destination=destination,
        date=on,
        end_user_hq=end_user_hq,
        licence_required=day.required,
        bases=bases,
        review_policy=_strictest(b.review_policy for b in bases),
        licence_exception=day.exception if bases else None,
        other_restrictions=tuple(_others(subject, destination, on, policy)),
        caveats=tuple(_caveats(subject, on, day, verdicts)),
        since=since,
        undecided=tuple(day.undecided),
    )


def _day(
    subject: Subject, country: str, on: dt.date, policy: Policy, hq: str | None, verdicts: _Verdicts
) -> _Day:
    day = _Day()
    if on < RECORDS_BEGIN:
        day.undecided.append(f"chipdb's records of export controls begin on {RECORDS_BEGIN.isoformat()}")
        return day
    rules = _rule_bases(subject, country, on, policy, hq, verdicts, day)
    embargoes = [_basis("embargo", e) for e in _in_force(policy.events, "embargo", country, on, policy)]
    (day.bases if subject.us_part else day.conditional).extend([*rules, *embargoes])
    day.bases.extend(
        _basis("company_action", e)
        for e in _in_force(subject.events, "licence_required", country, on, policy)
    )
    if not subject.us_part and day.conditional and not day.bases:
        origin = subject.vendor_country or "an unknown country"
        day.undecided.append(
            f"a part of a vendor in {origin}: whether it is subject to the EAR (US content, the foreign direct "
            "product rules) is outside what chipdb decides"
        )
    return day


def _rule_bases(
    subject: Subject,
    country: str,
    on: dt.date,
    policy: Policy,
    hq: str | None,
    verdicts: _Verdicts,
    day: _Day,
) -> list[Basis]:
    rule = in_force(on)
    if rule is None:
        return []
    groups = policy.groups
    if on < s.R2023_EFFECTIVE:
        verdict, reach, hq_reach = verdicts("2022-10"), s.reach_2022(country, on), s.Reach(False, None, "")
        key, citation, policy_text = "2022-10", s.C2022, f"{s.DENIAL} (15 CFR 742.6(b)(10))"
    else:
        verdict, reach = verdicts(rule.key), s.reach_2023(country, on, groups)
        hq_reach = s.reach_headquarters(hq, on, groups)
        key, citation = "2023-10", s.C2023 + (" as revised by 91 FR 1684" if rule.key == "2026-01" else "")
        policy_text = s.review_policy_2023(country, on, groups)
        if rule.key == "2026-01" and verdict.review_policy and as_china(country, on) in ("CN", "MO"):
            policy_text = f"{verdict.review_policy} (91 FR 1684)"
    if not (reach.reaches or hq_reach.reaches):
        return []
    # "not controlled" on a TPP that may be far too low is no answer: undecided, never "not restricted"
    controlled = None if verdict.controlled is False and subject.weak_tpp else verdict.controlled
    why = "; ".join(verdict.reasons)
    if controlled is None:
        # the deciding reason (what is unknown), not the arithmetic before it
        day.undecided.append(
            f"{key}: {verdict.reasons[-1] if verdict.controlled is None else subject.weak_tpp}"
        )
        return []
    if not controlled:
        return []
    day.exception = s.licence_exception(verdict.licence_exception, country, on, groups)
    found = []
    if reach.reaches and reach.since:
        found.append(
            Basis(
                "rule",
                key,
                citation,
                reach.since,
                f"{verdict.classification}: {why}; {reach.text}",
                policy_text,
            )
        )
    if hq_reach.reaches and hq_reach.since:
        found.append(Basis("headquarters", f"{key}-hq", s.CHQ, hq_reach.since,
                           f"{verdict.classification}: {why}; {hq_reach.text}", f"{s.DENIAL} (Macau and D:5)"))  # fmt: skip
    return found


def weak_tpp_reason(rates: dict[str, float], unknown: tuple[str, ...]) -> str:
    """Why a "not controlled" cannot be trusted: TPP rests on 32- or 64-bit rates while a 16-bit-or-lower
    rate is unknown (neither recorded nor n/a), and a tensor rate nobody recorded could cross the threshold."""
    if not rates or any(p in rates for p in LOW_BIT_PRECISIONS):
        return ""
    missing = [p for p in LOW_BIT_PRECISIONS if p in unknown]
    if not missing:
        return ""
    return f"TPP rests on 32- or 64-bit rates only; {', '.join(missing)} unknown could cross the threshold"


def _in_force(
    events: Iterable[EventRecord], action: str, country: str, on: dt.date, policy: Policy
) -> list[EventRecord]:
    """Events of an action in force on the date for the destination, less those a later removal lifted."""
    relevant = sorted((e for e in events if e.effective_on <= on and _reaches(e, country, on, policy)),
                      key=lambda e: (e.effective_on, e.key))  # fmt: skip
    kept: list[EventRecord] = []
    for event in relevant:
        if event.action == action:
            kept.append(event)
        elif event.action == "licence_requirement_removed":
            kept = []
    return kept


def reaches(event: EventRecord, country: str, on: dt.date, policy: Policy) -> bool:
    """Whether an event's destinations take in the country on the date (groups as they stood that day)."""
    return _reaches(event, country, on, policy)


def _reaches(event: EventRecord, country: str, on: dt.date, policy: Policy) -> bool:
    for destination in event.destinations:
        if destination == WORLDWIDE or destination in (country, as_china(country, on)):
            return True
        if destination == s.SCOPE_2023:
            if s.reach_2023(country, on, policy.groups, in_force=False).reaches:
                return True
        elif ":" in destination and policy.groups.is_member(country, destination, on):
            return True
    return False


def _basis(kind: str, event: EventRecord) -> Basis:
    return Basis(kind, event.key, event.rule or event.authority, event.effective_on, event.summary)


def _others(subject: Subject, country: str, on: dt.date, policy: Policy) -> list[OtherRestriction]:
    found = [
        OtherRestriction("guidance", e.key, e.rule or e.authority, e.effective_on, e.summary)
        for e in _in_force(subject.events, "guidance", country, on, policy)
    ]
    found += [
        OtherRestriction("entity_listing", e.key, e.rule or e.authority, e.effective_on, e.summary)
        for e in policy.events
        if e.action == "entity_listing" and subject.vendor in e.vendors and e.effective_on <= on
    ]
    return found


def _caveats(subject: Subject, on: dt.date, day: _Day, verdicts: _Verdicts) -> list[str]:
    notes: list[str] = []
    controlled = any(v.controlled for v in verdicts.cache.values())
    if controlled and on >= DECEMBER_2024_FROM:
        notes.append(DECEMBER_2024)
    if controlled and on >= AI_DIFFUSION_FROM:
        notes.append(AI_DIFFUSION)
    if controlled and on >= FOUNDRY_RULE_FROM:
        notes.append(FOUNDRY_RULE)
    granted = [e for e in subject.events if e.action == "licences_granted" and e.effective_on <= on]
    notes += [f"Licences were reported granted for some exports from {e.effective_on.isoformat()} ({e.key}); "
              "a licence is still required for each." for e in granted]  # fmt: skip
    for verdict in verdicts.cache.values():
        notes += [r for r in verdict.reasons if r.startswith("TPP counts the precisions known")]
    if day.undecided and not subject.us_part:
        notes.append(day.undecided[0])
    if any(b.kind == "rule" and "91 FR 1684" in (b.review_policy or "") for b in day.bases):
        notes.append("91 FR 1684's case-by-case review covers exports from the United States that meet its "
                     "conditions; reexports and transfers abroad stay under a presumption of denial.")  # fmt: skip
    return list(dict.fromkeys(notes))


def _strictest(policies: Iterable[str | None]) -> str | None:
    order = (s.DENIAL, s.CASE_BY_CASE, s.APPROVAL)
    known = [p for p in policies if p]
    if not known:
        return None
    return min(known, key=lambda p: next((i for i, o in enumerate(order) if p.startswith(o)), len(order)))
