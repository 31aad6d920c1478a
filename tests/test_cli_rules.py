"""classify, check, timeline and rules as a user runs them."""

import json
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation
from tests.helpers import run


def test_classify_h800_shows_the_arithmetic(db: DatabaseLocation) -> None:
    result = run("classify", "H800", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["chip"] == "H800 SXM5 80GB" and data["tpp"] == 15832
    verdicts = {v["rule"]: v for v in data["verdicts"]}
    assert verdicts["2022-10"]["classification"] == "not controlled"
    assert any("< 600" in r for r in verdicts["2022-10"]["reasons"])
    assert verdicts["2023-10"]["classification"] == "3A090.a"
    assert verdicts["2023-10"]["reasons"][0].startswith("TPP 1,979 x 8")
    table = run("classify", "H800").stdout
    assert "I/O below 600" in table and "3A090.a.1" in table


def test_classify_hypothetical_consumer_card() -> None:
    result = run("classify", "--rate", "int8=588.35", "--die-area", "608.4", "--not-datacenter", "-f", "json")
    assert result.exit_code == 0, result.output
    verdicts = {v["rule"]: v for v in json.loads(result.stdout)["verdicts"]}
    assert verdicts["2023-10"]["classification"] == "not controlled"
    assert "not designed or marketed for datacenters" in verdicts["2023-10"]["reasons"][0]


def test_classify_hypothetical_h100_like() -> None:
    args = ["classify", "--rate", "fp8=1979", "--rate", "fp16=989.5", "--die-area", "814", "--io-bandwidth", "1028",
            "--memory-bandwidth", "3350", "--datacenter", "-f", "json"]  # fmt: skip
    data = json.loads(run(*args).stdout)
    assert data["chip"] is None and data["tpp"] == 15832
    assert [v["classification"] for v in data["verdicts"]] == ["3A090", "3A090.a", "3A090.a"]
    assert data["verdicts"][2]["review_policy"].startswith("case-by-case")
    assert "1,979 x 8 = 15,832" in data["verdicts"][1]["reasons"][0].replace(" (fp8)", "")


def test_classify_tpp_and_rule_option() -> None:
    data = json.loads(
        run(
            "classify",
            "--tpp",
            "2368",
            "--die-area",
            "814",
            "--datacenter",
            "--rule",
            "2023-10",
            "-f",
            "json",
        ).stdout
    )
    assert len(data["verdicts"]) == 1 and data["verdicts"][0]["classification"] == "not controlled"
    assert round(data["performance_density"], 2) == 2.91


def test_classify_bad_input() -> None:
    for args, message in [
        (["classify"], "give a chip name"),
        (["classify", "--rate", "fp7=3"], "precision must be one of"),
        (["classify", "--rate", "fp8=abc"], "expected PRECISION=NUMBER"),
        (["classify", "--rate", "fp8=-1"], "positive"),
        (["classify", "--tpp", "10", "--rule", "2099-01"], "is not one of"),
        (["classify", "--tpp", "10", "--as-of", "2020-01-01"], "no rule version was in force"),
    ]:
        result = run(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)


@pytest.mark.parametrize("value", ["nan", "-1", "0", "inf", "-inf", "1e309"])
@pytest.mark.parametrize("option", ["--tpp", "--die-area", "--io-bandwidth", "--memory-bandwidth", "--rate"])
def test_classify_refuses_nonsense_numbers(option: str, value: str) -> None:
    """NaN, zero, negative and infinite figures got verdicts with exit 0 (NaN I/O: "not controlled" under
    2022-10), and `-f json` wrote NaN / Infinity, which is not JSON."""
    args = ["--rate", f"fp8={value}"] if option == "--rate" else ["--tpp", "5000", option, value]
    if option == "--tpp":
        args = ["--tpp", value, "--io-bandwidth", "700"]
    result = run("classify", *args, "-f", "json")
    assert result.exit_code == 1, (args, result.output)
    assert result.stdout == "" and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and option.lstrip("-").split("-")[0] in lines[0]
    assert "positive finite number" in lines[0], lines


def test_check_lists_disagreements(db: DatabaseLocation) -> None:
    result = run("check", "--as-of", "2026-11-29", "-f", "json")
    assert result.exit_code == 0
    findings = {f["chip"]: f for f in json.loads(result.stdout)}
    assert findings["H20"]["kind"] == "not threshold-based"  # the April 2025 letter, not the thresholds
    assert findings["B200"]["kind"] == "disagreement"  # computed 3A090.a, named in no document
    assert "H100 SXM5 80GB" not in findings  # recorded and computed agree
    assert all(
        f["kind"] in {"disagreement", "not threshold-based", "non-US part", "undecided"}
        for f in findings.values()
    )


def test_compare_shows_recorded_and_computed(db: DatabaseLocation) -> None:
    out = run("compare", "H800", "H20", "--as-of", "2024-01-01").stdout
    computed = next(line for line in out.splitlines() if "Computed (rule in force)" in line)
    assert "3A090.a (2023-10)" in computed and "not controlled (2023-10)" in computed
    data = json.loads(run("show", "H20", "-f", "json", "--as-of", "2025-06-01").stdout)
    assert data["status"]["restricted"] is True and data["status"]["licence_required"] is True
    assert data["computed"]["classification"] == "not controlled"  # the letter, not the thresholds
    assert [b["kind"] for b in data["status"]["bases"]] == ["company_action"]


def test_timeline(db: DatabaseLocation) -> None:
    data = json.loads(run("timeline", "-f", "json").stdout)
    dates = [e["in_force_by"] for e in data]
    assert dates == sorted(dates) and len(data) >= 10
    assert all(isinstance(e["source"], dict) and e["source"]["url"] for e in data)
    h800 = json.loads(run("timeline", "H800", "-f", "json").stdout)
    assert any(e["id"] == "bis-2023-10-23-immediate" for e in h800)


def test_rules_command() -> None:
    data = json.loads(run("rules", "-f", "json").stdout)
    assert [r["rule"] for r in data] == ["2022-10", "2023-10", "2026-01"]
    assert data[1]["citation"] == "88 FR 73458" and data[1]["effective"] == "2023-11-17"


def test_assess_h100_to_saudi_arabia_names_the_group(db: DatabaseLocation) -> None:
    result = run("assess", "H100", "--to", "SA", "--on", "2024-06-01", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (
        answer["chip"] == "H100 SXM5 80GB"
        and answer["destination"] == "SA"
        and answer["date"] == "2024-06-01"
    )
    assert answer["licence_required"] is True and answer["end_user_hq"] is None
    rule = next(b for b in answer["bases"] if b["kind"] == "rule")
    assert rule["key"] == "2023-10" and "88 FR 73458" in rule["citation"]
    assert "SA is in D:4" in rule["text"] and "15,832 >= 4,800" in rule["text"]
    assert answer["review_policy"].startswith("presumption of approval")
    later = json.loads(run("assess", "H100", "--to", "SA", "--on", "2025-06-01", "-f", "json").stdout)
    treated = " ".join(later["caveats"])
    assert "89 FR 96790" in treated and "90 FR 4544" in treated and "not enforce" in treated
    assert set(answer) >= {"bases", "review_policy", "licence_exception", "other_restrictions", "caveats"}


def test_assess_several_chips_gives_a_list_and_a_table(db: DatabaseLocation) -> None:
    answers = json.loads(
        run("assess", "H20", "910B", "--to", "China", "--on", "2025-06-01", "-f", "json").stdout
    )
    assert [a["chip"] for a in answers] == ["H20", "Ascend 910B"]
    assert answers[0]["licence_required"] is True and answers[0]["bases"][0]["kind"] == "company_action"
    assert answers[1]["licence_required"] is None  # a Huawei part: only if subject to the EAR
    assert {o["kind"] for o in answers[1]["other_restrictions"]} == {"guidance", "entity_listing"}
    table = run("assess", "H100", "--to", "DE", "--end-user-hq", "CN", "--on", "2024-06-01").stdout
    assert "headquarters rule" in table and "the end user is headquartered in CN" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "H100", "--to", "XX"], "--to: 'XX' is not a country"),
        (["assess", "H100", "--to", ""], "--to: give a country"),
        (["assess", "H100", "--to", "D:5"], "is a country group"),
        (["assess", "H100", "--to", "CN", "--end-user-hq", "Chna"], "did you mean CN (China)"),
        (["assess", "H100", "--to", "CN", "--on", "2023-02-30"], "--on:"),
        (["list", "-d", "XX"], "--destination: 'XX' is not a country"),
        (["show", "H100", "-d", ""], "--destination: give a country"),
        (["compare", "H100", "H800", "-d", "Atlantis"], "'Atlantis' is not a country"),
    ],
)
def test_unknown_destinations_are_refused(args: list[str], message: str, tmp_path: Path) -> None:
    """Refused before any database is opened: none is created at the (empty) location the fixture sets."""
    result = run(*args)
    assert not (tmp_path / "unset.sqlite3").exists()
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_destinations_resolve_names(db: DatabaseLocation) -> None:
    by_name = json.loads(run("show", "H100", "-d", "Saudi Arabia", "-f", "json").stdout)["status"]
    by_code = json.loads(run("show", "H100", "-d", "sa", "-f", "json").stdout)["status"]
    assert by_name == by_code and by_code["destination"] == "SA"
    hong_kong = json.loads(run("show", "A800", "-d", "HK", "--as-of", "2024-01-01", "-f", "json").stdout)
    assert hong_kong["status"]["licence_required"] is True  # Hong Kong is China under the EAR
