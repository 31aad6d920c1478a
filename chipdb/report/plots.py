"""The 2023 control map: TPP against performance density, each chip coloured by its licence answer.

matplotlib is an optional extra, imported here only, and only when a chart is drawn. The map's cost grows
with the number of chips, not its square: one scatter call per kind of marker, and names only for the
highlighted chips once there are too many points to name them all legibly.
"""

import datetime as dt
import math
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chipdb.domain import metrics
from chipdb.domain.dates import first_day
from chipdb.domain.records import ChipRecord
from chipdb.errors import InputError
from chipdb.report import label_layout
from chipdb.rules import r2023_10
from chipdb.rules.classification import determine_for
from chipdb.rules.determination import Policy

#: What to run when matplotlib is missing; the README gives the same command.
INSTALL_HINT = "pip install '.[plot]'"
FORMATS = (".png", ".svg")
REQUIRED, UNDECIDED, NOT_REQUIRED = (
    "licence required",
    "undecided or if subject to the EAR",
    "no licence required",
)
COLOURS = {REQUIRED: "#c0392b", UNDECIDED: "#e67e22", NOT_REQUIRED: "#2e86c1"}
#: Names are written in a darker shade of their status colour, to stay legible on the region fills.
TEXT_COLOURS = {REQUIRED: "#922b21", UNDECIDED: "#8a4a0b", NOT_REQUIRED: "#1a5276"}
LABEL_ALL_MAX = 60  # beyond this many points, names would cover the chart: only highlighted ones are named
CAPTION_CHARS = 300  # each list of left-out chips is cut here ("and K more"), so the caption stays short
LINE_CHARS = 44  # a label wraps between names after this many characters
SIZE, BIG = 28.0, 90.0  # marker areas (points²): a chip, a highlighted chip
DPI = 100


def pyplot() -> Any:
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise InputError(f"plotting needs matplotlib: {INSTALL_HINT}") from None
    matplotlib.use("Agg")  # files only; no display needed
    import matplotlib.pyplot as plt

    return plt


def check_out(out: Path) -> None:
    if out.suffix.lower() not in FORMATS:
        raise InputError(f"--out {out}: give a .png or .svg file name")
    if not out.parent.exists():
        raise InputError(f"--out {out}: the directory {out.parent} does not exist")


@dataclass(frozen=True)
class MapResult:
    plotted: int  # chips on the map
    without_area: list[str]
    without_tpp: list[str]
    unreleased: list[str]  # released after the date: left out
    named: int  # points with a label
    unplaced: dict[str, str] = field(default_factory=dict)  # a highlighted chip not on the map -> why


@dataclass
class _Point:
    """The chips at one (TPP, performance density): one marker, one label, a line of names per status."""

    tpp: float
    density: float
    names: dict[str, list[str]] = field(default_factory=dict)  # status -> chip names
    datacenter: bool = False
    highlighted: bool = False

    def statuses(self) -> list[str]:
        return [status for status in COLOURS if status in self.names]


def _status(chip: ChipRecord, destination: str, as_of: dt.date, policy: Policy) -> str:
    answer = determine_for(chip, destination, as_of, policy).licence_required
    return UNDECIDED if answer is None else (REQUIRED if answer else NOT_REQUIRED)


def _sort_chips(
    chips: Iterable[ChipRecord], as_of: dt.date, destination: str, highlight: set[str], policy: Policy
) -> tuple[list[_Point], MapResult]:
    """The points to draw, and the chips left out with why (a release date in a partial form counts from its
    first day: a part released "2024" may be on sale on 2024-01-01)."""
    points: dict[tuple[float, float], _Point] = {}
    unreleased: list[str] = []
    without_tpp: list[str] = []
    without_area: list[str] = []
    unplaced: dict[str, str] = {}
    for chip in chips:
        released, tpp, area = chip.specs.get("release_date"), metrics.tpp(chip), chip.die_area()
        if isinstance(released, str) and first_day(released) > as_of:
            unreleased.append(chip.name)
            why = f"released {released}, after {as_of.isoformat()}"
        elif tpp is None:
            without_tpp.append(chip.name)
            why = "no dense throughput recorded (no TPP)"
        elif not area:
            without_area.append(chip.name)
            why = "no die area recorded"
        else:
            point = points.setdefault((round(tpp.value, 3), round(tpp.value / area, 4)),
                                      _Point(tpp.value, tpp.value / area))  # fmt: skip
            point.names.setdefault(_status(chip, destination, as_of, policy), []).append(chip.name)
            point.datacenter |= chip.market == "datacenter"
            point.highlighted |= chip.name in highlight
            continue
        if chip.name in highlight:
            unplaced[chip.name] = why
    plotted = sum(len(names) for p in points.values() for names in p.names.values())
    return list(points.values()), MapResult(plotted, without_area, without_tpp, unreleased, 0, unplaced)


def control_map(
    chips: Iterable[ChipRecord],
    out: Path,
    as_of: dt.date,
    destination: str,
    highlight: set[str],
    policy: Policy,
) -> MapResult:
    """Write the map to `out` (.png or .svg); `chips` are read once, in order (they may be streamed)."""
    check_out(out)
    figure, result = draw_control_map(chips, as_of, destination, highlight, policy)
    try:
        figure.savefig(out)
    finally:
        pyplot().close(figure)
    return result


def draw_control_map(
    chips: Iterable[ChipRecord], as_of: dt.date, destination: str, highlight: set[str], policy: Policy
) -> tuple[Any, MapResult]:
    """TPP (log x) against performance density (log y), with the 2023-10 regions for datacenter parts; the
    figure is returned open (the caller saves and closes it)."""
    plt = pyplot()
    points, result = _sort_chips(chips, as_of, destination, highlight, policy)
    figure, axes = plt.subplots(figsize=(12, 8), dpi=DPI)
    x_min = min([p.tpp for p in points] + [1000]) / 1.5
    x_max = max([p.tpp for p in points] + [50_000]) * 1.5
    y_min = min([p.density for p in points] + [1.0]) / 1.5
    y_max = max([p.density for p in points] + [30]) * 1.5
    _draw_regions(axes, x_min, x_max, y_min, y_max)
    for label, colour in COLOURS.items():
        axes.scatter([], [], c=colour, label=f"{label} ({destination}, {as_of.isoformat()})")
    axes.scatter([], [], c="grey", marker="s", label="not a datacenter part (controlled only if TPP ≥ 4800)")
    legend = axes.legend(loc="lower right", fontsize=8)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(y_min, y_max)
    axes.set_xlabel("Total processing performance (TPP = dense TOPS × bit length)")
    axes.set_ylabel("Performance density (TPP / applicable die area, mm²)")
    axes.set_title(
        f"ECCN 3A090 under the October 2023 rule (88 FR 73458): {result.plotted} chips, as of {as_of.isoformat()}"
    )
    named = points if len(points) <= LABEL_ALL_MAX else [p for p in points if p.highlighted]
    caption = _caption(result, as_of, len(points), len(named))
    figure.text(0.01, 0.005, caption, fontsize=6.5, va="bottom", ha="left")
    figure.subplots_adjust(bottom=0.09 + 0.0125 * caption.count("\n"))  # the axes are final from here on
    _draw_markers(axes, points)
    _draw_labels(figure, axes, named, points, [legend, *axes.texts])
    return figure, MapResult(
        result.plotted,
        result.without_area,
        result.without_tpp,
        result.unreleased,
        len(named),
        result.unplaced,
    )


def _draw_regions(axes: Any, x_min: float, x_max: float, y_min: float, y_max: float) -> None:
    a, b, tpp_min = r2023_10.TPP_A, r2023_10.TPP_B1, r2023_10.TPP_MIN
    regions = [  # (x0, x1, y0, y1, colour): the 3A090 bands for parts designed or marketed for datacenters
        (a, x_max, y_min, y_max, "#f5b7b1"),  # a.1: TPP >= 4800
        (tpp_min, a, r2023_10.PD_A, y_max, "#f5b7b1"),  # a.2: TPP >= 1600 and PD >= 5.92
        (tpp_min, a, r2023_10.PD_B2, r2023_10.PD_A, "#fad7a0"),  # b.2
        (b, a, r2023_10.PD_B1, r2023_10.PD_B2, "#fad7a0"),  # b.1
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


def _wedge(index: int, count: int) -> list[tuple[float, float]]:
    """A pie slice, the index-th of count, from 12 o'clock: a point shared by chips of different statuses is
    one dot split between their colours. Each slice of at most three reaches the unit circle on an axis, so
    matplotlib scales every slice alike."""
    start = 90 + 360 * index / count
    arc = [math.radians(start + 360 / count * k / 24) for k in range(25)]
    return [(0.0, 0.0), *((math.cos(t), math.sin(t)) for t in arc), (0.0, 0.0)]


def _draw_markers(axes: Any, points: list[_Point]) -> None:
    """One scatter per kind of marker (shape, colour, emphasis), so a thousand chips are a few artists."""
    batches: dict[tuple[Any, str, bool], list[tuple[float, float]]] = {}
    for p in points:
        statuses = p.statuses()
        for i, status in enumerate(statuses):
            shape: Any = ("o" if p.datacenter else "s") if len(statuses) == 1 else (i, len(statuses))
            batches.setdefault((shape, status, p.highlighted), []).append((p.tpp, p.density))
    for (shape, status, big), xy in batches.items():
        axes.scatter([x for x, _ in xy], [y for _, y in xy], s=BIG if big else SIZE, c=COLOURS[status],
                     marker=shape if isinstance(shape, str) else _wedge(*shape),
                     edgecolors="black" if big else "none", linewidths=0.8, zorder=3.5 if big else 3)  # fmt: skip


def _wrap(names: list[str]) -> Iterator[str]:
    """Names joined by " / ", broken between names (never inside one) after LINE_CHARS characters."""
    line = ""
    for name in names:
        if line and len(line) + 3 + len(name) > LINE_CHARS:
            yield line
            line = name
        else:
            line = f"{line} / {name}" if line else name
    if line:
        yield line


def _radius(big: bool) -> float:
    """A marker's radius in pixels."""
    return math.sqrt(BIG if big else SIZE) / 2 * DPI / 72


def _draw_labels(
    figure: Any, axes: Any, named: list[_Point], points: list[_Point], keep_clear: list[Any]
) -> None:
    """Each label a block of lines, one colour per status, placed where it covers no other label or point."""
    if not named:
        return
    import numpy as np

    # a pale box rather than a stroke around the letters: path effects turn text into outlines, and an SVG
    # whose names cannot be searched or copied is a worse chart to publish
    veil = {"boxstyle": "square,pad=0.08", "facecolor": "white", "alpha": 0.6, "edgecolor": "none"}
    renderer = figure.canvas.get_renderer()
    to_pixels, to_points = axes.transData.transform, 72 / DPI
    order = sorted(named, key=lambda p: (not p.highlighted, -sum(map(len, p.names.values())), p.tpp))
    blocks = [
        [
            axes.annotate(
                text, (p.tpp, p.density), xytext=(0, 0), textcoords="offset points", va="bottom", ha="left",
                fontsize=8.5 if p.highlighted else 6.5, weight="bold" if p.highlighted else "normal",
                color=TEXT_COLOURS[status], zorder=4, bbox=veil,
            )
            for status in p.statuses()
            for text in _wrap(p.names[status])
        ]
        for p in order
    ]  # fmt: skip
    extents = [[t.get_window_extent(renderer) for t in block] for block in blocks]
    sizes = [(max(e.width for e in ext), sum(e.height for e in ext)) for ext in extents]
    anchors = [(float(x), float(y)) for x, y in to_pixels([(p.tpp, p.density) for p in order]).reshape(-1, 2)]
    markers = to_pixels([(p.tpp, p.density) for p in points]).reshape(-1, 2)
    box = axes.bbox
    placements = label_layout.place(
        anchors,
        sizes,
        [_radius(p.highlighted) for p in order],
        np.asarray(markers, dtype=float),
        np.array([_radius(p.highlighted) for p in points]),
        [tuple(artist.get_window_extent(renderer).extents) for artist in keep_clear],
        (box.x0 + 2, box.y0 + 2, box.x1 - 2, box.y1 - 2),
    )
    for p, (ax, ay), block, ext, (w, h), spot in zip(
        order, anchors, blocks, extents, sizes, placements, strict=True
    ):
        y = spot.y0 + h  # the lines from the top down
        for text, e in zip(block, ext, strict=True):
            y -= e.height
            text.xyann = ((spot.x0 - ax) * to_points, (y - ay) * to_points)
        if spot.leader:  # a thin line from the point to the nearest edge of its label
            ex, ey = min(max(ax, spot.x0), spot.x0 + w), min(max(ay, spot.y0), spot.y0 + h)
            line = {"arrowstyle": "-", "color": "#777", "linewidth": 0.5, "shrinkA": 0,
                    "shrinkB": _radius(p.highlighted) * to_points}  # fmt: skip
            axes.annotate("", (p.tpp, p.density), xytext=((ex - ax) * to_points, (ey - ay) * to_points),
                          textcoords="offset points", arrowprops=line, zorder=2)  # fmt: skip


def _bounded(names: list[str]) -> str:
    """The first names that fit in CAPTION_CHARS, then how many more (`chipdb list` names them all)."""
    shown: list[str] = []
    used = 0
    for name in names:
        if used + len(name) > CAPTION_CHARS:
            break
        shown.append(name)
        used += len(name) + 2
    rest = len(names) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def _caption(result: MapResult, as_of: dt.date, points: int, named: int) -> str:
    """The chips not on the map, named (a bounded list), and how labels were chosen; a few lines at most."""
    lists = [
        ("No die area (not plotted)", result.without_area),
        ("No dense throughput (not plotted)", result.without_tpp),
        (f"Released after {as_of.isoformat()} (left out)", result.unreleased),
    ]
    lines = [textwrap.fill(f"{title}: {_bounded(names)}", 190) for title, names in lists if names]
    if named < points:
        lines.append(f"{points} points: only highlighted chips are named (--highlight NAME names one).")
    return "\n".join([*lines, "Source: chipdb; every figure cited in `chipdb show`."])
