"""Charts: the 2023 control map (TPP against performance density) and grouped comparison bars.

matplotlib is an optional extra, imported here only, and only when a chart is drawn.
"""

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.metrics import fmt_number
from chipdb.domain.records import ChipRecord
from chipdb.errors import InputError
from chipdb.rules import r2023_10
from chipdb.rules.classification import determine_for
from chipdb.rules.determination import Policy

#: What to run when matplotlib is missing; the README gives the same command.
INSTALL_HINT = "pip install '.[plot]'"
FORMATS = (".png", ".svg")
COLOURS = {
    "licence required": "#c0392b",
    "undecided or if subject to the EAR": "#e67e22",
    "no licence required": "#2e86c1",
}


def _pyplot() -> Any:
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise InputError(f"plotting needs matplotlib: {INSTALL_HINT}") from None
    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as plt

    return plt


def _check_out(out: Path) -> None:
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"--out {out}: give a .png or .svg file name")
    if not out.parent.exists():
        raise InputError(f"--out {out}: the directory {out.parent} does not exist")


@dataclass(frozen=True)
class MapResult:
    plotted: int
    without_area: list[str]
    without_tpp: list[str]


def control_map(
    chips: list[ChipRecord], out: Path, as_of: dt.date, destination: str, highlight: set[str], policy: Policy
) -> MapResult:
    """TPP (log x) against performance density (log y), with the 2023-10 regions for datacenter parts."""
    _check_out(out)
    plt = _pyplot()
    points, without_area, without_tpp = [], [], []
    for chip in chips:
        tpp = metrics.tpp(chip)
        area = chip.die_area()
        if tpp is None:
            without_tpp.append(chip.name)
        elif not area:
            without_area.append(chip.name)
        else:
            answer = determine_for(chip, destination, as_of, policy).licence_required
            label = (
                "undecided or if subject to the EAR" if answer is None else list(COLOURS)[0 if answer else 2]
            )
            points.append((chip, tpp.value, tpp.value / area, label))
    figure, axes = plt.subplots(figsize=(12, 8), dpi=100)
    x_min = min([p[1] for p in points] + [1000]) / 1.5
    x_max = max([p[1] for p in points] + [50_000]) * 1.5
    y_min = min([p[2] for p in points] + [1.0]) / 1.5
    y_max = max([p[2] for p in points] + [30]) * 1.5
    a, b, tpp_min, tpp_b1 = r2023_10.TPP_A, r2023_10.TPP_B1, r2023_10.TPP_MIN, r2023_10.TPP_B1
    regions = [  # (x0, x1, y0, y1, colour): the 3A090 bands for parts designed or marketed for datacenters
        (a, x_max, y_min, y_max, "#f5b7b1"),  # a.1: TPP >= 4800
        (tpp_min, a, r2023_10.PD_A, y_max, "#f5b7b1"),  # a.2: TPP >= 1600 and PD >= 5.92
        (tpp_min, a, r2023_10.PD_B2, r2023_10.PD_A, "#fad7a0"),  # b.2
        (tpp_b1, a, r2023_10.PD_B1, r2023_10.PD_B2, "#fad7a0"),  # b.1
    ]
    for x0, x1, y0, y1, colour in regions:
        axes.fill_between([x0, x1], y0, y1, color=colour, alpha=0.55, linewidth=0, zorder=0)
    axes.text(a * 1.08, y_max / 1.6, "3A090.a\nTPP ≥ 4800", fontsize=11, weight="bold", color="#922b21")
    axes.text(tpp_min * 1.05, y_max / 1.6, "3A090.a\nTPP ≥ 1600,\nPD ≥ 5.92", fontsize=9, color="#922b21")
    axes.text(
        tpp_min * 1.05, r2023_10.PD_A / 1.12, "3A090.b", fontsize=10, weight="bold", color="#9c640c", va="top"
    )
    axes.text(x_min * 1.1, y_min * 1.15, "not controlled (datacenter parts)", fontsize=9, color="#555")
    for value in (tpp_min, b, a):
        axes.axvline(value, color="#888", linewidth=0.6, linestyle="--", zorder=1)
    for value in (r2023_10.PD_B1, r2023_10.PD_B2, r2023_10.PD_A):
        axes.axhline(value, color="#888", linewidth=0.6, linestyle=":", zorder=1)
    labels: dict[tuple[float, float], list[str]] = {}  # chips at the same point share one label
    for chip, tpp_value, pd, recorded in points:
        big = chip.name in highlight
        marker = "o" if chip.market == "datacenter" else "s"
        axes.scatter(tpp_value, pd, s=90 if big else 28, c=COLOURS[recorded], marker=marker,
                     edgecolors="black" if big else "none", zorder=3)  # fmt: skip
        labels.setdefault((round(tpp_value, 3), round(pd, 4)), []).append(chip.name)
    for (tpp_value, pd), names in labels.items():
        big = any(name in highlight for name in names)
        axes.annotate(" / ".join(names), (tpp_value, pd), xytext=(5, 3), textcoords="offset points",
                      fontsize=8.5 if big else 6.5, weight="bold" if big else "normal", zorder=4)  # fmt: skip
    for label, colour in COLOURS.items():
        axes.scatter([], [], c=colour, label=f"{label} ({destination}, {as_of.isoformat()})")
    axes.scatter([], [], c="grey", marker="s", label="not a datacenter part (controlled only if TPP ≥ 4800)")
    axes.legend(loc="lower right", fontsize=8)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(y_min, y_max)
    axes.set_xlabel("Total processing performance (TPP = dense TOPS × bit length)")
    axes.set_ylabel("Performance density (TPP / applicable die area, mm²)")
    axes.set_title(f"ECCN 3A090 under the October 2023 rule (88 FR 73458): {len(points)} chips")
    missing = []
    if without_area:
        missing.append("No die area (not plotted): " + ", ".join(without_area))
    if without_tpp:
        missing.append("No dense throughput (not plotted): " + ", ".join(without_tpp))
    caption = (
        "\n".join(textwrap.fill(line, 190) for line in missing)
        + "\nSource: chipdb; every figure cited in `chipdb show`."
    )
    figure.text(0.01, 0.005, caption, fontsize=6.5, va="bottom", ha="left")
    figure.subplots_adjust(bottom=0.1 + 0.012 * caption.count("\n"))
    figure.savefig(out)
    plt.close(figure)
    return MapResult(len(points), without_area, without_tpp)


METRICS: list[tuple[str, str]] = [
    ("FP16/BF16 dense", "TFLOPS"),
    ("FP8/INT8 dense", "TOPS"),
    ("Memory", "GB"),
    ("Memory bandwidth", "GB/s"),
    ("Interconnect", "GB/s"),
    ("TDP", "W"),
    ("TPP", ""),
]


def _metric_values(chip: ChipRecord) -> list[float | str | None]:
    def best(precisions: tuple[str, ...]) -> float | str | None:
        values = [chip.dense(p) for p in precisions]
        numbers = [v for v in values if v is not None]
        if numbers:
            return max(numbers)
        return "n/a" if all(chip.is_na(p) for p in precisions) else None

    def spec(name: str) -> float | str | None:
        value = chip.specs.get(name)
        return "n/a" if value is None and chip.is_na(name) else value

    tpp = metrics.tpp(chip)
    return [best(("fp16", "bf16")), best(("fp8", "int8")), spec("memory_capacity_gb"), spec("memory_bandwidth_gbs"),
            spec("interconnect_bandwidth_gbs"), spec("tdp_w"), tpp.value if tpp else None]  # fmt: skip


def compare_bars(chips: list[ChipRecord], out: Path) -> None:
    """Grouped bars of key specs, each normalised to the first chip, with the values printed on the bars."""
    _check_out(out)
    plt = _pyplot()
    values = [_metric_values(chip) for chip in chips]
    figure, axes = plt.subplots(figsize=(max(10, 1.6 * len(METRICS) * len(chips) / 2), 6), dpi=100)
    width = 0.8 / len(chips)
    for i, (chip, row) in enumerate(zip(chips, values, strict=True)):
        for j, value in enumerate(row):
            base = values[0][j]
            x = j + (i - (len(chips) - 1) / 2) * width
            if isinstance(value, float | int) and isinstance(base, float | int) and base:
                height = value / base
                axes.bar(x, height, width * 0.95, color=f"C{i}", label=chip.name if j == 0 else None)
                axes.text(
                    x, height, fmt_number(float(value)), ha="center", va="bottom", fontsize=7, rotation=90
                )
            else:
                shown = "unknown" if value is None else ("n/a" if isinstance(value, str) else "base unknown")
                axes.bar(x, 0, width * 0.95, color=f"C{i}", label=chip.name if j == 0 else None)
                axes.text(x, 0.02, shown, ha="center", va="bottom", fontsize=7, rotation=90, color="#555")
    axes.set_xticks(range(len(METRICS)))
    axes.set_xticklabels([f"{name}\n({unit})" if unit else name for name, unit in METRICS], fontsize=9)
    axes.axhline(1.0, color="#444", linewidth=0.7, linestyle="--")
    axes.set_ylabel(f"relative to {chips[0].name}")
    axes.set_title("Key specifications, " + " vs ".join(c.name for c in chips) + " (dense throughput)")
    axes.legend(fontsize=9)
    axes.margins(y=0.25)
    figure.tight_layout()
    figure.savefig(out)
    plt.close(figure)
