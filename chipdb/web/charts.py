"""The control map and the comparison bars as geometry for SVG templates: no matplotlib, nothing to fetch.

Pure functions of the answers the report layer gives (list rows, compare's chip objects); the templates
draw them with presentation attributes only (no style attributes: the Content-Security-Policy forbids inline
styles), and escape every name.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chipdb.domain.metrics import fmt_number
from chipdb.report.fields import METRICS, ratio
from chipdb.rules import r2023_10

REQUIRED, UNDECIDED, NOT_REQUIRED = (
    "licence required",
    "undecided or if subject to the EAR",
    "no licence required",
)
COLOURS = {REQUIRED: "#c0392b", UNDECIDED: "#e67e22", NOT_REQUIRED: "#2e86c1"}
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
WIDTH, HEIGHT = 960, 600
LEFT, RIGHT, TOP, BOTTOM = 70, 40, 20, 50
FONT = 11.0  # label font size (px); a character is about 0.6 of it wide


def status_of(licence_required: bool | None) -> str:
    return UNDECIDED if licence_required is None else REQUIRED if licence_required else NOT_REQUIRED


@dataclass
class Point:
    x: float
    y: float
    tpp: float
    density: float
    names: dict[str, list[str]] = field(default_factory=dict)  # status -> names
    datacenter: bool = False
    highlighted: bool = False
    slices: list[tuple[str, str]] = field(default_factory=list)  # (SVG path, colour) when statuses differ

    @property
    def first(self) -> str:
        return next(iter(self.names.values()))[0]

    def title(self) -> str:
        lines = [f"{', '.join(n)}: {s}" for s, n in self.names.items()]
        return (
            "\n".join(lines) + f"\nTPP {fmt_number(self.tpp)}, performance density {fmt_number(self.density)}"
        )

    def colour(self) -> str:
        return COLOURS[next(iter(self.names))]


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    colour: str
    anchor: str  # start / end
    line: tuple[float, float, float, float] | None  # a leader from the point to the label


@dataclass
class ControlMap:
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    regions: list[tuple[float, float, float, float, str, str]]  # x, y, w, h, fill, name
    region_labels: list[tuple[float, float, str, str]]
    ticks_x: list[tuple[float, str]]
    ticks_y: list[tuple[float, str]]
    thresholds_x: list[float]
    thresholds_y: list[float]
    points: list[Point]
    labels: list[Label]
    legend: list[tuple[str, str]]
    unplaced: dict[str, list[str]]  # why -> names


class _Scale:
    def __init__(self, low: float, high: float, start: float, end: float) -> None:
        self.low, self.high, self.start, self.end = math.log10(low), math.log10(high), start, end

    def __call__(self, value: float) -> float:
        share = (math.log10(value) - self.low) / (self.high - self.low)
        return round(self.start + share * (self.end - self.start), 2)

    def ticks(self) -> list[tuple[float, float]]:
        return [(10.0**e, self(10.0**e)) for e in range(math.ceil(self.low), math.floor(self.high) + 1)]


def _bounds(values: Iterable[float], must: Sequence[float]) -> tuple[float, float]:
    every = [v for v in values if v > 0] + list(must)
    return 10.0 ** math.floor(math.log10(min(every) / 1.3)), 10.0 ** math.ceil(math.log10(max(every) * 1.3))


def control_map(rows: list[dict[str, Any]], highlight: set[str]) -> ControlMap:
    """The 2023 rule's regions for datacenter parts; each chip of `rows` (list rows) placed by TPP and
    performance density and coloured by its licence answer; chips at one point share a marker."""
    placed = [r for r in rows if r["tpp"] and r["performance_density"]]
    x_low, x_high = _bounds((r["tpp"] for r in placed), (r2023_10.TPP_MIN, r2023_10.TPP_A))
    y_low, y_high = _bounds((r["performance_density"] for r in placed), (r2023_10.PD_B1, r2023_10.PD_A))
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    sx, sy = _Scale(x_low, x_high, left, right), _Scale(y_low, y_high, bottom, top)
    points: dict[tuple[float, float], Point] = {}
    for row in placed:
        key = (round(row["tpp"], 3), round(row["performance_density"], 4))
        point = points.setdefault(key, Point(sx(row["tpp"]), sy(row["performance_density"]), row["tpp"],
                                             row["performance_density"]))  # fmt: skip
        point.names.setdefault(status_of(row["licence_required"]), []).append(row["name"])
        point.datacenter |= row["market"] == "datacenter"
        point.highlighted |= row["name"] in highlight
    for point in points.values():
        if len(point.names) > 1:
            point.slices = _slices(point)
    a, b1, floor = sx(r2023_10.TPP_A), sx(r2023_10.TPP_B1), sx(r2023_10.TPP_MIN)
    pd_a, pd_b2, pd_b1 = sy(r2023_10.PD_A), sy(r2023_10.PD_B2), sy(r2023_10.PD_B1)
    red, orange = "#f5b7b1", "#fad7a0"
    regions = [
        (a, top, right - a, bottom - top, red, "3A090.a: TPP ≥ 4800"),
        (floor, top, a - floor, pd_a - top, red, "3A090.a: TPP ≥ 1600 and PD ≥ 5.92"),
        (floor, pd_a, a - floor, pd_b2 - pd_a, orange, "3A090.b: TPP ≥ 1600 and 3.2 ≤ PD < 5.92"),
        (b1, pd_b2, a - b1, pd_b1 - pd_b2, orange, "3A090.b: TPP ≥ 2400 and 1.6 ≤ PD < 3.2"),
    ]
    region_labels = [
        (a + 8, top + 18, "3A090.a (TPP ≥ 4800)", "#922b21"),
        (floor + 4, top + 18, "3A090.a", "#922b21"),
        (floor + 4, pd_a + 16, "3A090.b", "#9c640c"),
        (left + 8, bottom - 8, "not controlled (datacenter parts)", "#555555"),
    ]
    ordered = sorted(points.values(), key=lambda p: (p.highlighted, p.tpp))  # highlighted drawn last (on top)
    unplaced: dict[str, list[str]] = {}
    for row in rows:
        if not row["tpp"]:
            unplaced.setdefault("no dense throughput recorded (no TPP)", []).append(row["name"])
        elif not row["performance_density"]:
            unplaced.setdefault("no die area recorded", []).append(row["name"])
    return ControlMap(
        WIDTH, HEIGHT, (left, top, right, bottom), regions, region_labels,
        [(x, _tick(v)) for v, x in sx.ticks()], [(y, _tick(v)) for v, y in sy.ticks()],
        [floor, b1, a], [pd_b1, pd_b2, pd_a], ordered, _labels(ordered, (left, top, right, bottom), highlight),
        [(s, c) for s, c in COLOURS.items()], unplaced,
    )  # fmt: skip


def _tick(value: float) -> str:
    return fmt_number(value) if value >= 1 else f"{value:g}"


def _slices(point: Point, radius: float = 6.0) -> list[tuple[str, str]]:
    """A dot split between the colours of the statuses that share the point."""
    out = []
    count = len(point.names)
    for i, status in enumerate(point.names):
        a0, a1 = -math.pi / 2 + 2 * math.pi * i / count, -math.pi / 2 + 2 * math.pi * (i + 1) / count
        x0, y0 = point.x + radius * math.cos(a0), point.y + radius * math.sin(a0)
        x1, y1 = point.x + radius * math.cos(a1), point.y + radius * math.sin(a1)
        large = 1 if a1 - a0 > math.pi else 0
        path = f"M{point.x:.2f},{point.y:.2f} L{x0:.2f},{y0:.2f} A{radius},{radius} 0 {large} 1 {x1:.2f},{y1:.2f} Z"
        out.append((path, COLOURS[status]))
    return out


def _labels(
    points: list[Point], frame: tuple[float, float, float, float], highlight: set[str]
) -> list[Label]:
    """Names of the highlighted points, each where it covers no placed label and no marker (else beside it)."""
    left, top, right, bottom = frame
    taken: list[tuple[float, float, float, float]] = [(p.x - 6, p.y - 6, p.x + 6, p.y + 6) for p in points]
    labels: list[Label] = []
    for p in [p for p in points if p.highlighted]:
        every = [n for names in p.names.values() for n in names]
        named = [n for n in every if n in highlight] or every[:1]
        text = " / ".join(named) + (
            f" (+{len(every) - len(named)} at this point)" if len(every) > len(named) else ""
        )
        width, height = len(text) * FONT * 0.6, FONT + 2
        spots = [(dx, dy) for dy in (-14, 14, -28, 28, 0, -42, 42) for dx in (10, -10 - width)]
        chosen = None
        for dx, dy in spots:
            box = (p.x + dx, p.y + dy - height / 2, p.x + dx + width, p.y + dy + height / 2)
            inside = box[0] >= left and box[2] <= right and box[1] >= top and box[3] <= bottom
            if inside and not any(_overlap(box, other) for other in taken):
                chosen = box
                break
        if chosen is None:
            chosen = (p.x + 10, p.y - height / 2, p.x + 10 + width, p.y + height / 2)
        taken.append(chosen)
        far = abs((chosen[1] + chosen[3]) / 2 - p.y) > 16
        near_x = chosen[0] if chosen[0] > p.x else chosen[2]
        line = (p.x, p.y, near_x, (chosen[1] + chosen[3]) / 2) if far else None
        labels.append(Label(round(chosen[0], 2), round(chosen[3] - 3, 2), text, p.colour(), "start", line))
    return labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class Bar:
    name: str
    short: str  # the name cut to NAME_CHARS
    colour: str
    width: float  # pixels
    text: str  # the value, or unknown / n/a
    ratio: str  # "1st / this" for every chip after the first


@dataclass(frozen=True)
class Panel:
    title: str
    bars: list[Bar]


BAR_WIDTH = 240.0
NAME_CHARS = 24  # longer names are cut on the bar (the bar's tooltip has the whole name)


def compare_bars(objects: list[dict[str, Any]]) -> list[Panel]:
    """A panel per spec, a bar per chip (in the order given), scaled to the panel's largest value."""
    values = [_values(o) for o in objects]
    panels = []
    for j, (title, unit) in enumerate(METRICS):
        column = [v[j] for v in values]
        top = max((v for v in column if isinstance(v, int | float)), default=0.0) or 1.0
        bars = []
        for i, (obj, value) in enumerate(zip(objects, column, strict=True)):
            name = obj["name"]
            short = name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"
            if isinstance(value, int | float):
                width, shown = round(BAR_WIDTH * value / top, 2), fmt_number(float(value))
            else:
                width, shown = 0.0, "unknown" if value is None else "n/a"
            ratio_text = "" if i == 0 else _ratio(column[0], value)
            bars.append(Bar(name, short, PALETTE[i % len(PALETTE)], width, shown, ratio_text))
        panels.append(Panel(f"{title} ({unit})", bars))
    return panels


def _ratio(first: float | str | None, other: float | str | None) -> str:
    shown = ratio(first, other)
    return f"1st / this: {shown}" if shown and shown not in ("unknown", "n/a") else ""


def _values(obj: dict[str, Any]) -> list[float | str | None]:
    def best(*precisions: str) -> float | str | None:
        figures = [obj["performance"].get(p) for p in precisions]
        numbers = [f["dense"] for f in figures if isinstance(f, dict) and f.get("dense") is not None]
        if numbers:
            return float(max(numbers))
        return "n/a" if all(f == "n/a" for f in figures) else None

    specs = obj["specs"]
    return [best("fp16", "bf16"), best("fp8", "int8"), obj["tpp"], specs.get("memory_capacity_gb"),
            specs.get("memory_bandwidth_gbs"), specs.get("interconnect_bandwidth_gbs"), specs.get("tdp_w")]  # fmt: skip
