"""`list` options, each checked against the same question answered from the JSON; the CSV is data."""

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chipdb.config import DatabaseLocation
from chipdb.domain import query
from chipdb.errors import InputError
from chipdb.report.listing import LIST_FIELDS
from tests.helpers import run


def _json(*args: str) -> list[dict[str, Any]]:
    result = run("list", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def _names(*args: str) -> list[str]:
    result = run("list", *args, "-q")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_query_options_agree_with_the_json(db: DatabaseLocation) -> None:
    everything = _json()
    # repeatable vendor and market, any case
    assert _names("--vendor", "amd", "--vendor", "INTEL") == [
        c["name"] for c in everything if c["vendor"] in ("AMD", "Intel")
    ]
    assert _names("--market", "Consumer", "--market", "edge") == [
        c["name"] for c in everything if c["market"] in ("consumer", "edge")
    ]
    # --where on a number: unknown never matches
    big = [c["name"] for c in everything if (c["specs"]["memory_capacity_gb"] or 0) >= 80]
    assert _names("--where", "memory_capacity_gb >= 80") == big and big
    # text contains, any case
    assert _names("--where", "name ~ h100") == [c["name"] for c in everything if "h100" in c["name"].lower()]
    # sort and limit, unknown last
    known = sorted((c for c in everything if c["tpp"] is not None), key=lambda c: c["tpp"], reverse=True)
    assert _names("--sort", "tpp", "--desc", "--limit", "7") == [c["name"] for c in known[:7]]
    ascending = _names("--sort", "TPP")
    assert ascending[: len(known)] == [c["name"] for c in reversed(known)] or [
        c["tpp"] for c in everything if c["name"] in ascending[: len(known)]
    ]
    assert set(ascending[len(known) :]) == {c["name"] for c in everything if c["tpp"] is None}
    # the JSON honours the same options
    assert [c["name"] for c in _json("--sort", "tpp", "--desc", "--limit", "7")] == [
        c["name"] for c in known[:7]
    ]


def test_restricted_since_as_of(db: DatabaseLocation) -> None:
    """ "Which chips became restricted between 2023-06-01 and 2024-01-01", in one command."""
    on = _json("--as-of", "2024-01-01")
    expected = [
        c["name"] for c in on if c["status"]["licence_required"] and c["status"]["since"] >= "2023-06-01"
    ]
    got = _names("--restricted", "--since", "2023-06-01", "--as-of", "2024-01-01")
    assert got == expected and "H800 SXM5 80GB" in got and "A100 SXM4 80GB" not in got


def test_as_of_leaves_out_chips_not_yet_released(db: DatabaseLocation) -> None:
    result = run("list", "--as-of", "2020-01-01", "-f", "csv", "-c", "name,release_date")
    names = {row["name"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert "B200" not in names and "H20" not in names and "Ascend 910" in names
    assert "released after the date left out" in result.stderr  # said, on stderr for data formats
    assert "no release date recorded are kept" in result.stderr
    dates = [row["release_date"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert all(not d or d[:10] <= "2020-01-01" for d in dates) and "" in dates


def test_csv_is_data(db: DatabaseLocation) -> None:
    text = run("list", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(LIST_FIELDS)  # stable: JSON names, no date in a header
    numbers = [f.name for f in LIST_FIELDS.values() if f.kind == "number"]
    h100 = next(r for r in rows if r["name"] == "H100 SXM5 80GB")
    assert float(h100["tpp"]) == 15832 and float(h100["memory_bandwidth_gbs"]) == 3350
    for row in rows:
        for name in numbers:
            assert row[name] in ("", "n/a") or float(row[name]) >= 0, (row["name"], name, row[name])
    assert any(r["memory_capacity_gb"] == "" for r in rows)  # unknown is empty, never "unknown"
    by_tpp = sorted((r for r in rows if r["tpp"]), key=lambda r: float(r["tpp"]), reverse=True)
    assert by_tpp[0]["name"] == _names("--sort", "tpp", "--desc", "--limit", "1")[0]
    tsv = run("list", "-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == list(LIST_FIELDS) and "  " not in tsv[1]  # tabs, no padding


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vendor", "nvdia"], "Error: --vendor: no vendor 'nvdia' (did you mean NVIDIA?)"),
        (["--market", "datacentre"], "Error: --market: no market 'datacentre' (did you mean datacenter?)"),
        (["--sort", "tppp"], "Error: --sort: no field 'tppp' (did you mean tpp?)"),
        (["--where", "memory_gb > 80"], "Error: --where: no field 'memory_gb'"),
        (["--where", "tpp >> 3"], "Error: --where: tpp is a number; '> 3' is not a finite number"),
        (["--where", "tpp"], "Error: --where: 'tpp' is not FIELD OP VALUE"),
        (["--columns", "name,vendr"], "Error: --columns: no field 'vendr' (did you mean vendor?)"),
        (["--since", "2023-13-01"], "Error: --since:"),
    ],
)
def test_unknown_names_are_errors_with_suggestions(
    db: DatabaseLocation, args: list[str], message: str
) -> None:
    result = run("list", *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1


ROW_FIELDS = query.fields(("x", "X", "number"), ("t", "T", "text"), ("i", "I", "number"))  # rows: (x, t, i)
values = st.one_of(st.none(), st.just(query.NA), st.floats(-1e6, 1e6, allow_nan=False))


@given(st.lists(values, max_size=30), st.sampled_from(["=", "!=", "<", "<=", ">", ">="]),
       st.floats(-1e6, 1e6, allow_nan=False))  # fmt: skip
def test_where_and_sort_on_numbers(xs: list[Any], op: str, bound: float) -> None:
    rows = [(x, "", i) for i, x in enumerate(xs)]
    kept = query.select(rows, [query.condition(f"x {op} {bound!r}", ROW_FIELDS)], ROW_FIELDS["x"])
    compare = {"=": float.__eq__, "!=": float.__ne__, "<": float.__lt__, "<=": float.__le__,
               ">": float.__gt__, ">=": float.__ge__}[op]  # fmt: skip
    expected = [r for r in rows if isinstance(r[0], float) and compare(r[0], bound)]
    assert sorted(r[2] for r in kept) == sorted(r[2] for r in expected)  # unknown and n/a never match
    assert [r[0] for r in kept] == sorted(r[0] for r in expected)
    ordered = query.select(rows, [], ROW_FIELDS["x"], descending=True)
    numbers = [r[0] for r in ordered if isinstance(r[0], float)]
    assert numbers == sorted(numbers, reverse=True) and ordered[len(numbers) :] == [
        r for r in rows if not isinstance(r[0], float)
    ]  # unknown and n/a last, in their order


@given(st.text(max_size=40))
def test_any_where_text_parses_or_is_one_input_error(text: str) -> None:
    try:
        found = query.condition(text, ROW_FIELDS)
    except InputError as exc:
        assert str(exc).startswith("--where:") and "\n" not in str(exc).replace(repr(text), "")
    else:
        assert found.field.name in ROW_FIELDS and found.op in query.OPERATORS


def test_where_text_contains_and_unknown() -> None:
    rows: list[tuple[Any, ...]] = [
        (None, "Licence required since 2023", 0),
        (None, None, 1),
        (None, "no licence required", 2),
    ]
    assert query.select(rows, [query.condition("t ~ REQUIRED since", ROW_FIELDS)]) == rows[:1]
    assert query.select(rows, [query.condition("t = unknown", ROW_FIELDS)]) == rows[1:2]
    assert query.select(rows, [query.condition("t != unknown", ROW_FIELDS)]) == [rows[0], rows[2]]
