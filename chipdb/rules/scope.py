"""Where each rule version reaches: its destinations on a date, through dated country-group membership.

Facts of the rule texts (dates, citations) live here with their sources; which countries are in which group on
which day is seed data (`seed/country-groups.yaml`), read into `CountryGroups`.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from chipdb.domain.countries import HONG_KONG_AS_CHINA_SINCE, as_china
from chipdb.domain.records import GroupMembership

#: 87 FR 62186: the October 2022 rule, China only (Hong Kong as China since 2020-12-23).
R2022_EFFECTIVE = dt.date(2022, 10, 7)
#: 88 FR 2821: Macau added to the 2022 rule's destinations, effective 2023-01-17.
MACAU_ADDED = dt.date(2023, 1, 17)
#: 88 FR 73458: the October 2023 rule replaced the 2022 text, effective 2023-11-17 (its headquarters rule too).
R2023_EFFECTIVE = dt.date(2023, 11, 17)
#: 89 FR 23876 (2024-04-04): License Exception NAC split into NAC (Macau, D:5, D:5/Macau-headquartered
#: entities; notification to BIS) and ACA (other D:1/D:4 destinations; no notification).
ACA_SPLIT = dt.date(2024, 4, 4)

C2022 = "87 FR 62186 (15 CFR 742.6(a)(6))"
C2023 = "88 FR 73458 (15 CFR 742.6(a)(6)(iii))"
CHQ = "88 FR 73458 (15 CFR 744.23(a)(3))"
DENIAL = "presumption of denial"
APPROVAL = "presumption of approval"
CASE_BY_CASE = "case-by-case"


@dataclass(frozen=True)
class Reach:
    """Whether a rule reaches a destination on a date, since when without a break, and the words why."""

    reaches: bool
    since: dt.date | None
    text: str


class CountryGroups:
    """Dated membership of the EAR country groups; Hong Kong answers as China."""

    def __init__(self, memberships: Iterable[GroupMembership]) -> None:
        self._by_country: dict[str, list[GroupMembership]] = {}
        for membership in memberships:
            self._by_country.setdefault(membership.country, []).append(membership)

    def groups(self, country: str, on: dt.date) -> tuple[str, ...]:
        code = as_china(country, on)
        return tuple(sorted({m.group for m in self._by_country.get(code, ()) if m.covers(on)}))

    def member_since(self, country: str, group: str, on: dt.date) -> dt.date | None:
        """The first day of the membership that covers the date (date.min: before chipdb's records begin);
        None when the country is not a member on the date."""
        code = as_china(country, on)
        for m in self._by_country.get(code, ()):
            if m.group == group and m.covers(on):
                start = m.valid_from or dt.date.min
                return max(start, HONG_KONG_AS_CHINA_SINCE) if country == "HK" else start
        return None

    def is_member(self, country: str, group: str, on: dt.date) -> bool:
        code = as_china(country, on)
        return any(m.group == group and m.covers(on) for m in self._by_country.get(code, ()))


def reach_2022(country: str, on: dt.date) -> Reach:
    """The October 2022 rule: China (Hong Kong as China), Macau from 2023-01-17; replaced on 2023-11-17."""
    code = as_china(country, on)
    if not R2022_EFFECTIVE <= on < R2023_EFFECTIVE:
        return Reach(False, None, "the 2022 rule is not in force on this date")
    if code == "CN":
        hk = " (Hong Kong as China, 85 FR 83765)" if country == "HK" else ""
        return Reach(True, R2022_EFFECTIVE, f"{country} is China{hk}, the 2022 rule's destination")
    if code == "MO" and on >= MACAU_ADDED:
        return Reach(True, MACAU_ADDED, "Macau, added by 88 FR 2821 from 2023-01-17")
    return Reach(
        False, None, f"{country} is outside the 2022 rule's destinations (China, and Macau from 2023-01-17)"
    )


#: An event may name a rule's own destinations instead of a list (the 2023-10-23 acceleration used the 2023 rule's).
SCOPE_2023 = "rule:2023-10"


def reach_2023(country: str, on: dt.date, groups: CountryGroups, *, in_force: bool = True) -> Reach:
    """The October 2023 rule: D:1, D:4 or D:5 but not also A:5 or A:6, plus Macau. `in_force=False` asks only
    whether the country is among its destinations on the date (for actions that applied them early)."""
    if in_force and on < R2023_EFFECTIVE:
        return Reach(False, None, "the 2023 rule is not in force on this date")
    code = as_china(country, on)
    if code == "MO":
        return Reach(True, R2023_EFFECTIVE, "Macau is named in 15 CFR 742.6(a)(6)(iii)")
    held = groups.groups(country, on)
    listed = [g for g in ("D:1", "D:4", "D:5") if g in held]
    excluded = [g for g in ("A:5", "A:6") if g in held]
    named = (
        f"{country} is in {', '.join(held)}" if held else f"{country} is in none of A:5, A:6, D:1, D:4, D:5"
    )
    if not listed:
        return Reach(False, None, f"{named}: outside the 2023 rule's destinations (D:1, D:4, D:5 and Macau)")
    if excluded:
        return Reach(
            False,
            None,
            f"{named}: in {', '.join(listed)} but also {', '.join(excluded)}, which the rule excludes",
        )
    # any one listed group suffices, so the earliest of the memberships that cover the date counts
    since = max(R2023_EFFECTIVE, min(groups.member_since(country, g, on) or R2023_EFFECTIVE for g in listed))
    return Reach(True, since, f"{named} and not in A:5/A:6: a destination of the 2023 rule")


def reach_headquarters(hq: str | None, on: dt.date, groups: CountryGroups) -> Reach:
    """The 2023 rule's end-user control: an entity headquartered in (or whose ultimate parent is in) Macau or a
    D:5 country, wherever the item goes."""
    if hq is None:
        return Reach(False, None, "no end-user headquarters given")
    if on < R2023_EFFECTIVE:
        return Reach(False, None, "the headquarters rule applies from 2023-11-17")
    code = as_china(hq, on)
    if code == "MO":
        return Reach(True, R2023_EFFECTIVE, "the end user is headquartered in Macau")
    if groups.is_member(hq, "D:5", on):
        since = max(R2023_EFFECTIVE, groups.member_since(hq, "D:5", on) or R2023_EFFECTIVE)
        return Reach(True, since, f"the end user is headquartered in {hq}, a D:5 country")
    return Reach(False, None, f"the end user's headquarters ({hq}) is neither Macau nor in D:5")


def macau_or_d5(country: str, on: dt.date, groups: CountryGroups) -> bool:
    """Where the 2023 rule is strictest: Macau and the D:5 countries (Hong Kong as China)."""
    return as_china(country, on) == "MO" or groups.is_member(country, "D:5", on)


def review_policy_2023(country: str, on: dt.date, groups: CountryGroups) -> str:
    """15 CFR 742.6(b)(10) as of the 2023 rule: denial for Macau and D:5, approval for the other destinations."""
    if macau_or_d5(country, on, groups):
        return f"{DENIAL} (Macau and D:5)"
    return f"{APPROVAL} (D:1/D:4 destinations outside D:5 and Macau)"


def licence_exception(
    verdict_exception: str | None, country: str, on: dt.date, groups: CountryGroups
) -> str | None:
    """NAC, or since 89 FR 23876 ACA for D:1/D:4 destinations outside D:5 and Macau."""
    if verdict_exception is None:
        return None
    if on >= ACA_SPLIT and not macau_or_d5(country, on, groups):
        return "ACA (no notification; 89 FR 23876)"
    return "NAC (prior notification to BIS)"
