"""Chips as CSV, one row per chip, that `chipdb seed` reads back: the spreadsheet form of the seed format.

The value columns are plain data (canonical units, `n/a`, empty for unknown). What a spreadsheet has no room for
(a field's own source when it differs from the chip's, its note, the values other sources give) rides in one JSON
column, `detail`, keyed by field (`die_area_mm2`, `performance.fp8`), so that an exported file seeds back to the
same rows. The sources it names must already be in the database (or in another file of the same seed run).
"""

import csv
import io
import json
from pathlib import Path
from typing import Any

from chipdb.domain.vocab import NUMERIC_FIELDS, PRECISIONS, SPEC_FIELDS
from chipdb.errors import SeedError

SPARSITIES = ("dense", "sparse")
COLUMNS: tuple[str, ...] = (
    "name", "vendor", "market", "aliases", "source", *SPEC_FIELDS,
    *(f"{p}_{s}" for p in PRECISIONS for s in SPARSITIES), "notes", "detail",
)  # fmt: skip


def row(chip: dict[str, Any]) -> list[Any]:
    """One CSV row from a chip in the seed format (what `export` writes as YAML)."""
    detail: dict[str, Any] = {}
    cells: dict[str, Any] = {
        "name": chip["name"],
        "vendor": chip["vendor"],
        "market": _split("market", chip.get("market"), detail),
        "aliases": "; ".join(str(a) for a in chip.get("aliases", [])),
        "source": chip.get("source"),
        "notes": chip.get("notes"),
    }
    for name in SPEC_FIELDS:
        cells[name] = _split(name, chip.get(name), detail)
    for precision, entry in chip.get("performance", {}).items():
        if entry == "n/a":
            cells[f"{precision}_dense"] = cells[f"{precision}_sparse"] = "n/a"
            continue
        rest: dict[str, Any] = {k: v for k, v in entry.items() if k not in SPARSITIES}
        for sparsity in SPARSITIES:
            if sparsity in entry:
                own: dict[str, Any] = {}
                cells[f"{precision}_{sparsity}"] = _split(sparsity, entry[sparsity], own)
                if own:
                    rest[sparsity] = own[sparsity]
        if rest:
            detail[f"performance.{precision}"] = rest
    cells["detail"] = json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None
    return [cells.get(c) for c in COLUMNS]


def _split(name: str, raw: Any, detail: dict[str, Any]) -> Any:
    """The plain value of a seed entry; its source, note and alternatives go to `detail[name]`."""
    if isinstance(raw, dict):
        rest = {k: v for k, v in raw.items() if k != "value"}
        if rest:
            detail[name] = rest
        return raw.get("value")
    return raw


def read(path: Path, text: str) -> dict[str, Any]:
    """A seed document (`{"chips": [...]}`) from CSV text; SeedError naming the file and line otherwise."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("name", "vendor", "market") if c not in (reader.fieldnames or [])]
    if missing:
        raise SeedError(
            f"{path}: CSV header lacks {', '.join(missing)} (write it with `chipdb export -f csv`)"
        )
    unknown = [c for c in reader.fieldnames or [] if c not in COLUMNS]
    if unknown:
        raise SeedError(f"{path}: unknown CSV column {unknown[0]!r}; columns: {', '.join(COLUMNS)}")
    chips = []
    for cells in reader:
        line = reader.line_num
        if None in cells:
            raise SeedError(f"{path}: line {line}: more cells than columns")
        chips.append(_chip(path, line, {k: v for k, v in cells.items() if v not in (None, "")}))
    if not chips:
        raise SeedError(f"{path}: no chips in the CSV file")
    return {"chips": chips}


def _chip(path: Path, line: int, cells: dict[str, str]) -> dict[str, Any]:
    try:
        detail = json.loads(cells.get("detail", "{}"))
    except json.JSONDecodeError as exc:
        raise SeedError(f"{path}: line {line}: detail is not JSON ({exc.msg})") from None
    if not isinstance(detail, dict):
        raise SeedError(f"{path}: line {line}: detail must be a JSON object")
    chip: dict[str, Any] = {"name": cells.get("name"), "vendor": cells.get("vendor")}
    if "aliases" in cells:
        chip["aliases"] = [a.strip() for a in cells["aliases"].split(";") if a.strip()]
    if "source" in cells:
        chip["source"] = cells["source"]
    chip["market"] = _join(cells.get("market"), detail.pop("market", None))
    for name in SPEC_FIELDS:
        if name in cells:
            chip[name] = _join(_number(name, cells[name]), detail.pop(name, None))
    performance: dict[str, Any] = {}
    for precision in PRECISIONS:
        values = {s: cells[f"{precision}_{s}"] for s in SPARSITIES if f"{precision}_{s}" in cells}
        rest = detail.pop(f"performance.{precision}", None) or {}
        if not values and not rest:
            continue
        if values.get("dense") == "n/a" and not rest:
            performance[precision] = "n/a"
            continue
        entry = {k: v for k, v in rest.items() if k not in SPARSITIES}
        for sparsity, value in values.items():
            entry[sparsity] = _join(_number("tflops", value), rest.get(sparsity))
        performance[precision] = entry
    if performance:
        chip["performance"] = performance
    if "notes" in cells:
        chip["notes"] = cells["notes"]
    if detail:
        raise SeedError(f"{path}: line {line}: detail names no column: {', '.join(sorted(detail))}")
    return chip


def _number(name: str, text: str) -> Any:
    """A number for the numeric columns when the cell is one (a unit such as "80 GB" is left to the loader)."""
    if name in NUMERIC_FIELDS or name == "tflops":
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _join(value: Any, rest: dict[str, Any] | None) -> Any:
    return {"value": value, **rest} if rest else value
