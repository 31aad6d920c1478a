"""Properties of the licence determination: adding a restricting action never lifts a requirement (hypothesis,
pure), and list, show, compare and assess give the same answer for every chip (bundled data, both backends)."""

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipdb.config import DatabaseLocation
from chipdb.domain.records import EventRecord
from chipdb.rules import RuleInput
from chipdb.rules.determination import Determination, Subject, determine, short_reason
from tests.helpers import run
from tests.records import POLICY, event

COUNTRIES = ["CN", "HK", "MO", "SA", "AE", "VN", "IL", "DE", "RU", "NI", "KH", "US"]
DATES = st.dates(min_value=dt.date(2018, 6, 1), max_value=dt.date(2027, 6, 1))
DESTINATIONS = st.sampled_from([*COUNTRIES, "D:1", "D:4", "D:5", "worldwide", "rule:2023-10"])


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    rates = draw(st.dictionaries(st.sampled_from(["fp32", "fp16", "int8", "fp8"]),
                                 st.floats(1, 5000, allow_nan=False), max_size=3))  # fmt: skip
    facts = RuleInput(
        rates=rates,
        unknown_precisions=tuple(p for p in ("fp16", "int8") if p not in rates),
        die_area_mm2=draw(st.none() | st.floats(50, 900)),
        interconnect_gbs=draw(st.none() | st.floats(0, 1800)),
        host_interface=draw(st.sampled_from([None, "PCIe 4.0 x16", "PCIe 5.0 x16"])),
        memory_bandwidth_gbs=draw(st.none() | st.floats(100, 9000)),
        datacenter=draw(st.booleans()),
    )
    country = draw(st.sampled_from(["US", "US", "CN"]))
    return Subject("X1", "Vendor", country, facts, tuple(draw(st.lists(actions(), max_size=3))))


@st.composite
def actions(draw: st.DrawFn) -> EventRecord:
    day = draw(DATES)
    kind = draw(st.sampled_from(["licence_required", "embargo"]))
    return event(f"e{draw(st.integers(0, 10**6))}", day.isoformat(), tuple(draw(st.lists(DESTINATIONS, min_size=1, max_size=3))),
                 action=kind, chips=("X1",) if kind == "licence_required" else ())  # fmt: skip


def _answer(
    subject: Subject, to: str, on: dt.date, hq: str | None, extra: tuple[EventRecord, ...] = ()
) -> Determination:
    chip_events = tuple(e for e in extra if e.chips)
    policy = POLICY.__class__(POLICY.groups, POLICY.events + tuple(e for e in extra if not e.chips))
    return determine(Subject(subject.name, subject.vendor, subject.vendor_country, subject.rule_input,
                             subject.events + chip_events), to, on, policy, hq)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(subjects(), st.sampled_from(COUNTRIES), DATES, st.none() | st.sampled_from(COUNTRIES), actions())
def test_adding_a_restricting_action_never_lifts_a_requirement(
    subject: Subject, to: str, on: dt.date, hq: str | None, added: EventRecord
) -> None:
    before = _answer(subject, to, on, hq)
    after = _answer(subject, to, on, hq, (added,))
    if before.licence_required is True:
        assert after.licence_required is True
        assert {b.key for b in before.bases} <= {b.key for b in after.bases}
    if before.licence_required is None:
        assert after.licence_required is not False
    if after.licence_required is False:
        assert not after.bases


@settings(max_examples=150, deadline=None)
@given(subjects(), st.sampled_from(COUNTRIES), DATES, st.none() | st.sampled_from(COUNTRIES))
def test_every_answer_is_explained(subject: Subject, to: str, on: dt.date, hq: str | None) -> None:
    """A yes has bases, each dated no later than the question; a no has none; an undecided says why."""
    found = _answer(subject, to, on, hq)
    if found.licence_required:
        assert found.bases and found.since is not None and found.since <= on
        assert all(b.since <= on and b.text for b in found.bases)
    elif found.licence_required is None:
        assert found.bases or found.undecided
    else:
        assert not found.bases and found.since is None


#: Dates on both sides of the 2023 rule, in and out of its D:1/D:4 reach; the table test covers the rest.
SAMPLES = [("CN", "2023-06-01"), ("SA", "2024-06-01"), ("RU", "2026-03-01")]


@pytest.mark.parametrize(("to", "on"), SAMPLES)
def test_list_compare_and_assess_agree_for_every_chip(db: DatabaseLocation, to: str, on: str) -> None:
    listed = list(csv.DictReader(io.StringIO(run("list", "-d", to, "--as-of", on, "-f", "csv").stdout)))
    names = [row["name"] for row in listed]
    compared = json.loads(run("compare", *names, "-d", to, "--as-of", on, "-f", "json").stdout)
    assessed = json.loads(run("assess", *names, "--to", to, "--on", on, "-f", "json").stdout)
    assert len(names) == len(compared) == len(assessed) >= 50
    for row, shown, answer in zip(listed, compared, assessed, strict=True):
        assert shown["name"] == answer["chip"] == row["name"]
        for key in ("licence_required", "kind", "since", "review_policy", "licence_exception"):
            assert shown["status"][key] == answer[key], (row["name"], key)
        assert shown["status"]["bases"] == answer["bases"]
        assert _cell(answer) == row["status"], row["name"]
        assert row["licence_required"] == {True: "true", False: "false", None: ""}[answer["licence_required"]]
        assert row["since"] == (answer["since"] or "")


def test_show_agrees_with_assess_for_every_chip(db: DatabaseLocation) -> None:
    if db.sqlite_path is None:  # the agreement of list, compare and assess runs on both backends above
        pytest.skip("one backend is enough for every chip's show-vs-assess agreement (runs on SQLite)")
    to, on = "CN", "2025-06-01"
    names = run("list", "-q").stdout.splitlines()
    assessed = {
        a["chip"]: a for a in json.loads(run("assess", *names, "--to", to, "--on", on, "-f", "json").stdout)
    }
    for name in names:
        status = json.loads(run("show", name, "-d", to, "--as-of", on, "-f", "json").stdout)["status"]
        assert status["licence_required"] == assessed[name]["licence_required"], name
        assert status["bases"] == assessed[name]["bases"], name


def _cell(answer: dict[str, object]) -> str:
    """What the list's Status cell must say for an assess answer (the same words, built independently)."""
    keys = ", ".join(dict.fromkeys(_label(b) for b in answer["bases"]))  # type: ignore[attr-defined]
    if answer["licence_required"] is True:
        text = f"licence required since {answer['since']} ({keys})"
    elif answer["licence_required"] is None and answer["bases"]:
        text = f"licence required if subject to the EAR ({keys})"
    elif answer["licence_required"] is None:
        text = f"undecided ({short_reason(answer['undecided'][0])})"  # type: ignore[index]
    else:
        text = "no licence required"
    guidance = [o["since"] for o in answer["other_restrictions"] if o["kind"] == "guidance"]  # type: ignore[attr-defined]
    return text + (f"; guidance since {min(guidance)}" if guidance else "")


def _label(basis: dict[str, str]) -> str:
    kind = basis["kind"]
    if kind == "rule":
        return f"{basis['key']} rule"
    if kind == "headquarters":
        return "HQ rule"
    return f"{basis['since']} {'letter' if kind == 'company_action' else 'embargo'}"
