"""The export-control rule versions, as pure functions of a chip's numbers; one module per version."""

import datetime as dt

from chipdb.errors import InputError
from chipdb.rules import r2022_10, r2023_10, r2026_01
from chipdb.rules.base import Rule as Rule
from chipdb.rules.base import RuleInput, Verdict

RULES: dict[str, Rule] = {r.key: r for r in (r2022_10.RULE, r2023_10.RULE, r2026_01.RULE)}


def in_force(on: dt.date) -> Rule | None:
    """The newest rule version effective on the date (None before October 2022)."""
    current = [r for r in RULES.values() if r.effective <= on]
    return max(current, key=lambda r: r.effective) if current else None


def classify_all(chip: RuleInput, keys: list[str] | None = None) -> list[Verdict]:
    return [RULES[k].classify(chip) for k in (keys or list(RULES))]


def select(rule: str = "all", by: dt.date | None = None) -> list[str]:
    """The rule keys asked for (one key or "all"), keeping those in force by the date; InputError if none."""
    if rule != "all" and rule not in RULES:
        raise InputError(f"--rule: {rule!r} is not one of {', '.join(RULES)} or all")
    keys = list(RULES) if rule == "all" else [rule]
    if by is not None:
        keys = [k for k in keys if RULES[k].effective <= by]
        if not keys:
            raise InputError(
                f"--as-of {by.isoformat()}: no rule version was in force yet (the first is 2022-10-07)"
            )
    return keys


def label(key: str, chip: RuleInput) -> tuple[str, str | None, str | None]:
    """Classification, licence exception and review policy under one rule version, without the reasons: what a
    long list needs per chip (tests keep it equal to `classify`)."""
    if key == r2022_10.KEY:
        return r2022_10.label(chip), None, None
    if key == r2023_10.KEY:
        return (*r2023_10.label(chip), None)
    return r2026_01.label(chip)
