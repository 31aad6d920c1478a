"""Export: seed YAML that reproduces the database, JSON, CSV."""

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from chipdb.catalog.loader import build
from chipdb.config import DatabaseLocation
from tests.helpers import dump, run


def row_counts(location: DatabaseLocation) -> dict[str, int]:
    from sqlalchemy import MetaData, create_engine, func, select

    engine = create_engine(location.url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in metadata.tables.items()}  # fmt: skip
    finally:
        engine.dispose()


def test_export_everything_and_seed_it_into_an_empty_database_reproduces_it(
    db: DatabaseLocation, empty_db: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = run("--db", db.url, "export")
    assert exported.exit_code == 0, exported.stderr
    path = tmp_path / "all.yaml"
    path.write_text(exported.stdout, encoding="utf-8")
    build([path])  # valid seed input on its own
    assert run("--db", empty_db.url, "db", "upgrade").exit_code == 0  # schema only, no bundled data
    seeded = run("--db", empty_db.url, "seed", str(path))
    assert seeded.exit_code == 0, seeded.stderr
    counts = row_counts(db)
    assert counts.pop("chipdb_meta") > 0  # which bundled data `db` holds: the export is not that data
    assert row_counts(empty_db) == {**counts, "chipdb_meta": 1}  # its data version only
    again = run("--db", empty_db.url, "export")
    assert again.stdout == exported.stdout  # every column of every row came back the same
    for name in ("H800", "910B", "MI309"):
        a = json.loads(run("--db", db.url, "show", name, "-f", "json").stdout)
        b = json.loads(run("--db", empty_db.url, "show", name, "-f", "json").stdout)
        assert a == b


def test_export_one_chip(db: DatabaseLocation) -> None:
    document = yaml.safe_load(run("export", "910B").stdout)
    assert [c["name"] for c in document["chips"]] == ["Ascend 910B"]
    assert document["vendors"] == [{"name": "Huawei", "country": "CN"}]
    assert "events" not in document
    chip = document["chips"][0]
    assert chip["performance"]["fp64"] == "n/a" or chip["performance"]["fp64"]["dense"]["value"] == "n/a"
    used = {chip["source"]}
    assert used <= {s["id"] for s in document["sources"]}


def test_export_json_and_csv(db: DatabaseLocation) -> None:
    document = json.loads(run("export", "H100", "-f", "json").stdout)
    assert document["chips"][0]["name"] == "H100 SXM5 80GB"
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv").stdout)))
    assert len(rows) >= 50
    h800 = next(r for r in rows if r["name"] == "H800 SXM5 80GB")
    assert (
        float(h800["memory_bandwidth_gbs"]) == 3350 and h800["int8_dense"] == "1979"
    )  # data: no separators, no float noise
    ascend = next(r for r in rows if r["name"] == "Ascend 910B")
    assert ascend["fp64_dense"] == "n/a" and ascend["int4_dense"] == ""  # n/a and unknown stay apart


def test_export_csv_seeds_back(db: DatabaseLocation, tmp_path: Path) -> None:
    """The spreadsheet form of the catalog is seed input: unchanged it changes nothing; an edit is one update."""
    before = dump(db)
    exported = tmp_path / "chips.csv"
    exported.write_text(run("export", "-f", "csv").stdout, encoding="utf-8")
    result = run("seed", str(exported))
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated" in result.stderr and dump(db) == before
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    h20 = next(r for r in rows if r["name"] == "H20")
    assert h20["tdp_w"] == "400" and h20["fp4_dense"] == "n/a" and h20["int4_dense"] == ""
    h20["tdp_w"] = "350"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert "1 updated" in run("seed", str(edited)).stderr
    shown = json.loads(run("show", "H20", "-f", "json").stdout)
    assert shown["specs"]["tdp_w"] == 350 and shown["citations"]["tdp_w"]["source"] == "nvdc-tweaktown-h20"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,vendor,market,colour\nX,NVIDIA,datacenter,red\n", "unknown CSV column 'colour'"),
        ("name,vendor\nX,NVIDIA\n", "CSV header lacks market"),
        ("name,vendor,market,detail\nX,NVIDIA,datacenter,{oops\n", "line 2: detail is not JSON"),
    ],
)
def test_bad_csv_seed_is_one_error_line(
    db: DatabaseLocation, tmp_path: Path, text: str, message: str
) -> None:
    before = dump(db)
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = run("seed", str(path))
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.output
    assert dump(db) == before


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_an_export_larger_than_a_seed_file_may_be_splits_and_seeds_back(
    db: DatabaseLocation,
    empty_db: DatabaseLocation,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    """With the limits scaled down, the bundled catalog is a "large" one: one file is refused, --split
    writes files under the limit, and they seed back into an empty database as the same rows."""
    from chipdb.catalog import safe_read
    from chipdb.cli import export_commands

    limit = 96 * 1024
    monkeypatch.setattr(safe_read, "MAX_FILE_BYTES", limit)
    monkeypatch.setattr(export_commands, "SPLIT_BYTES", limit // 2)
    whole = run("--db", db.url, "export", "-f", fmt)
    assert whole.exit_code == 0 and len(whole.stdout.encode()) > limit
    assert "Warning: this export is" in whole.stderr and "--split DIR" in whole.stderr
    one = tmp_path / f"all.{fmt}"
    one.write_text(whole.stdout, encoding="utf-8")
    assert run("--db", empty_db.url, "db", "upgrade").exit_code == 0
    refused = run("--db", empty_db.url, "seed", str(one))
    assert refused.exit_code == 1 and "seed files may be at most" in refused.stderr

    parts = tmp_path / "parts"
    split = run("--db", db.url, "export", "-f", fmt, "--split", str(parts))
    assert split.exit_code == 0, split.stderr
    files = sorted(parts.iterdir())
    assert len(files) >= 3 and all(f.stat().st_size <= limit for f in files)
    assert f"Wrote {len(files)} files" in split.stderr
    seeded = run("--db", empty_db.url, "seed", *(str(f) for f in files))
    assert seeded.exit_code == 0, seeded.stderr
    counts = row_counts(db)
    counts.pop("chipdb_meta")
    assert row_counts(empty_db) == {**counts, "chipdb_meta": 1}  # its data version only
    assert run("--db", empty_db.url, "export", "-f", fmt).stdout == whole.stdout
    again = run("--db", db.url, "export", "-f", fmt, "--split", str(parts))
    assert again.exit_code == 1 and "give an empty directory" in again.stderr


def test_streamed_documents_are_the_whole_dump_piece_by_piece(tmp_path: Path) -> None:
    """YAML and JSON written item by item are the text of dumping the document at once, and split files
    each hold the keys of their items."""
    from chipdb.report import stream

    document = {
        "vendors": [{"name": "Ünïcode", "country": None}],
        "sources": [],
        "chips": [
            {"name": f"chip {i}", "notes": "x" * (i * 7), "performance": {"fp8": {"dense": 1.5}}}
            for i in range(40)
        ],
        "events": [{"id": "e", "chips": ["chip 1"]}],
        "title": "not a list",
    }
    for fmt, whole in (
        ("yaml", yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)),
        ("json", json.dumps(document, indent=2, ensure_ascii=False) + "\n"),
    ):
        out = io.StringIO()
        streamed = {k: iter(v) if isinstance(v, list) else v for k, v in document.items()}
        assert stream.write_document(streamed, fmt, out) == len(whole.encode())
        assert out.getvalue() == whole
        directory = tmp_path / fmt
        directory.mkdir()
        files = stream.write_split(document, fmt, directory, 600, "part")
        assert [f.name for f in files] == [f"part-{i:04d}.{fmt}" for i in range(1, len(files) + 1)]
        loaded = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]
        assert all(f.stat().st_size <= 600 for f in files[:-1]) and len(files) > 3
        merged: dict[str, object] = {}
        for part in loaded:
            for key, value in part.items():
                merged[key] = [*merged.get(key, []), *value] if isinstance(value, list) else value  # type: ignore[misc]
        assert merged == document
