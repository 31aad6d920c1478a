"""The read commands run as a user runs them, on the bundled data."""

import json
from typing import Any

import pytest

from chipdb.cli.app import app
from chipdb.config import DatabaseLocation
from tests.helpers import run

#: Where the unbroken licence requirement for China began: the August 2022 letters, the 2023 acceleration.
BRIEF_RESTRICTED = {
    "A100 SXM4 80GB": "2022-08-26",
    "H100 SXM5 80GB": "2022-08-26",
    "A800 SXM4 80GB": "2023-10-23",
    "H800 SXM5 80GB": "2023-10-23",
}


def test_compare_h800_910b(db: DatabaseLocation) -> None:
    result = run("compare", "H800", "910B", "--as-of", "2026-01-01")
    assert result.exit_code == 0, result.output
    lines = {line.split("  ")[0].strip() or line.split()[0]: line for line in result.stdout.splitlines()}
    assert "Ratio (1st / 2nd)" in result.stdout
    tpp_line = next(line for line in result.stdout.splitlines() if "TPP (dense TOPS x bits)" in line)
    assert "15,832" in tpp_line and "5,120" in tpp_line and "3.09x" in tpp_line  # 910B: 640 x 8 (int8)
    fp64_line = next(line for line in result.stdout.splitlines() if "FP64 (TFLOPS)" in line)
    assert "n/a" in fp64_line  # the 910B has no FP64: n/a, not 0 and not unknown
    assert " 0 " not in fp64_line
    status_line = next(line for line in result.stdout.splitlines() if "Licence required" in line)
    assert "yes (since 2023-10-23)" in status_line and "if subject to the EAR" in status_line
    others = next(line for line in result.stdout.splitlines() if "Other restrictions" in line)
    assert "guidance bis-2025-05-13-ascend-guidance" in others and "entity_listing" in others
    assert lines  # the table has rows


def test_compare_json_in_given_order(db: DatabaseLocation) -> None:
    result = run("compare", "910b", "h800", "-f", "json")
    data = json.loads(result.stdout)
    assert [c["name"] for c in data] == ["Ascend 910B", "H800 SXM5 80GB"]
    assert data[0]["performance"]["fp64"] == "n/a"
    assert data[0]["performance"]["fp16"]["dense"] == 320  # the family row; 376 (910B2) is an alternative
    assert data[1]["specs"]["memory_bandwidth_gbs"] == 3350


def test_show_json_shape(db: DatabaseLocation) -> None:
    result = run("show", "H100", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"name", "vendor", "aliases", "market", "specs", "performance", "tpp", "performance_density", "sources",
            "status"} <= set(data)  # fmt: skip
    assert list(data["specs"]) == [
        "architecture", "release_date", "process_node", "foundry", "transistors_billion", "die_area_mm2",
        "memory_type", "memory_capacity_gb", "memory_bandwidth_gbs", "interconnect_bandwidth_gbs",
        "host_interface", "tdp_w", "form_factor",
    ]  # fmt: skip
    assert set(data["performance"]) == {
        "fp64",
        "fp64_tensor",
        "fp32",
        "fp32_matrix",
        "tf32",
        "bf16",
        "fp16",
        "fp8",
        "int8",
        "int4",
        "fp4",
    }
    for value in data["performance"].values():
        assert value == "n/a" or set(value) == {"dense", "sparse"}
    assert data["performance"]["fp8"]["dense"] < data["performance"]["fp8"]["sparse"]
    assert data["tpp"] == pytest.approx(15832)
    assert data["status"]["restricted"] is True and data["status"]["destination"] == "CN"
    cited = {s["id"] for s in data["sources"]}
    assert all(c["source"] in cited for c in data["citations"].values())


def test_every_number_in_show_has_a_source(db: DatabaseLocation) -> None:
    names = run("list", "-q").stdout.split("\n")
    for name in [n for n in names if n][:80]:
        data = json.loads(run("show", name, "-f", "json").stdout)
        for key, value in data["specs"].items():
            field = "family" if key == "architecture" else key
            if value is not None:
                assert field in data["citations"], (name, key)
        for precision, value in data["performance"].items():
            if value == "n/a":
                assert data["citations"][precision]["not_applicable"], (name, precision)


@pytest.mark.parametrize(("date", "restricted"), [("2023-06-01", False), ("2024-01-01", True)])
def test_dated_status_of_china_parts(db: DatabaseLocation, date: str, restricted: bool) -> None:
    data = json.loads(run("list", "--as-of", date, "-f", "json").stdout)
    by_name = {c["name"]: c["status"] for c in data}
    for name in ("A800 SXM4 80GB", "H800 SXM5 80GB"):
        assert by_name[name]["restricted"] is restricted
        assert by_name[name]["as_of"] == date


def test_list_restricted_shows_the_brief_chips_with_dates(db: DatabaseLocation) -> None:
    result = run("list", "--restricted", "--as-of", "2026-11-29")
    assert result.exit_code == 0
    rows = {line.split("  ")[0]: line for line in result.stdout.splitlines()[2:]}
    for name, since in BRIEF_RESTRICTED.items():
        assert f"licence required since {since}" in rows[name]
    assert "licence required since 2024-03-04 (2024-03-04 letter)" in rows["Instinct MI309"]
    assert (
        "if subject to the EAR" in rows["Ascend 910B"] and "guidance since 2025-05-13" in rows["Ascend 910B"]
    )
    assert "RTX 4090 D" not in rows


def test_list_filters(db: DatabaseLocation) -> None:
    names = run("list", "-q", "--vendor", "huawei").stdout.split()
    assert "910B" in " ".join(names)
    assert all("Ascend" in n for n in run("list", "-q", "--vendor", "Huawei").stdout.splitlines())
    consumer = json.loads(run("list", "--market", "consumer", "-f", "json").stdout)
    assert consumer and all(c["market"] == "consumer" for c in consumer)


@pytest.mark.parametrize(
    "query", ["h800", "H 800", "h800 sxm5 80gb", "910b", "Ascend910B", "ASCEND-910B", "昇腾910B"]
)
def test_name_lookup_ignores_case_and_spacing(db: DatabaseLocation, query: str) -> None:
    result = run("show", query, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] in ("H800 SXM5 80GB", "Ascend 910B")


def test_unknown_chip_suggests(db: DatabaseLocation) -> None:
    result = run("compare", "H810", "910B")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no chip named 'H810'; did you mean")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_ambiguous_name_lists_candidates(db: DatabaseLocation) -> None:
    result = run("show", "A800 PCIe")
    assert result.exit_code == 1
    assert "A800 PCIe 40GB" in result.stderr and "A800 PCIe 80GB" in result.stderr


def test_bad_as_of(db: DatabaseLocation) -> None:
    result = run("list", "--as-of", "2023-02-30")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --as-of:")


def test_read_commands_render_through_the_cli(db: DatabaseLocation) -> None:
    """One smoke test per backend; every format is covered on fixed documents in test_render.py."""
    for args in (["compare", "H100", "A100"], ["list"], ["show", "H20"]):
        for fmt in ("table", "github", "csv", "json"):
            result = run(*args, "--format", fmt)
            assert result.exit_code == 0, (args, fmt, result.output)
            assert "H1" in result.stdout or "H20" in result.stdout or "A100" in result.stdout


def test_tabulate_knows_every_format() -> None:
    import tabulate

    from chipdb.report.formats import TABULATE_FORMATS

    assert set(TABULATE_FORMATS) <= set(tabulate.tabulate_formats)


def test_csv_repeats_groups(db: DatabaseLocation) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(run("compare", "H800", "910B", "-f", "csv").stdout)))
    assert rows[0][:2] == ["Group", "Spec"]
    assert all(row[0] for row in rows[1:])


def test_destination_changes_status(db: DatabaseLocation) -> None:
    data = json.loads(run("show", "910B", "-f", "json", "--destination", "DE").stdout)
    assert data["status"]["restricted"] is True  # the 2025 guidance applies worldwide
    data = json.loads(run("show", "H800", "-f", "json", "--destination", "DE").stdout)
    assert data["status"]["restricted"] is False


def test_help_on_every_command() -> None:
    """Walks the command tree, so a new command is covered without editing this test."""
    import typer.main

    def paths(command: Any, prefix: list[str]) -> list[list[str]]:
        found = [prefix]
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            found.extend(paths(sub, [*prefix, name]))
        return found

    every = paths(typer.main.get_command(app), [])
    assert len(every) > 15 and ["db", "upgrade"] in every and ["plot", "map"] in every
    for args in every:
        result = run(*args, "--help")
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.startswith("Usage: "), args
        assert run(*args, "-h").stdout == result.stdout, args  # -h everywhere
        leaf = not any(other[: len(args)] == args and len(other) > len(args) for other in every)
        if leaf and args:
            assert "Example" in result.stdout, f"no example in `chipdb {' '.join(args)} --help`"
        if "--format" in result.stdout:  # a metavar and a short list, not 39 formats on one line
            assert "latex_booktabs" not in result.stdout, args


def test_version() -> None:
    from chipdb import __version__

    assert run("--version").stdout.strip() == f"chipdb {__version__}"


def test_list_restricted_today_holds_the_threshold_parts_with_their_bases(db: DatabaseLocation) -> None:
    rows = {
        r[0]: r[1]
        for r in _csv(
            run("list", "--restricted", "--as-of", "2026-11-29", "-f", "csv", "-c", "name,status").stdout
        )
    }
    for name in ("H200 SXM 141GB", "B200", "L40", "Instinct MI325X", "Gaudi 3"):
        assert rows[name].startswith("licence required since") and "2023-10 rule" in rows[name], name
    earlier = {r[0] for r in _csv(run("list", "--restricted", "--as-of", "2023-11-20", "-f", "csv").stdout)}
    assert "H200 SXM 141GB" in earlier
    unrestricted = {r[0] for r in _csv(run("list", "--as-of", "2026-11-29", "-f", "csv").stdout)} - set(rows)
    assert "RTX 4090 D" in unrestricted and "L20" in unrestricted


def _csv(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))[1:]
