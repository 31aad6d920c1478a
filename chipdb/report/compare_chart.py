"""Key specifications of up to ten chips as small multiples: a panel per spec, a bar per chip.

One panel per spec gives each its own unit and scale, so the figure grows with the number of chips only
inside each panel and stays within 1600 x 800 pixels; ten chips is what ten distinct colours allow.
"""

import textwrap
from pathlib import Path

from chipdb.domain import metrics
from chipdb.domain.metrics import fmt_number
from chipdb.domain.records import ChipRecord
from chipdb.errors import InputError
from chipdb.report.fields import METRICS  # in the order _values gives them
from chipdb.report.plots import DPI, check_out, pyplot

MAX_CHIPS = 10  # the tab10 palette's distinct colours
COLUMNS = 4

Value = float | str | None  # a number, "n/a" (not supported) or None (unknown)


def _values(chip: ChipRecord) -> list[Value]:
    def best(precisions: tuple[str, ...]) -> Value:
        numbers = [v for v in (chip.dense(p) for p in precisions) if v is not None]
        if numbers:
            return max(numbers)
        return "n/a" if all(chip.is_na(p) for p in precisions) else None

    def spec(name: str) -> Value:
        value = chip.specs.get(name)
        return "n/a" if value is None and chip.is_na(name) else value

    tpp = metrics.tpp(chip)
    return [best(("fp16", "bf16")), best(("fp8", "int8")), tpp.value if tpp else None, spec("memory_capacity_gb"),
            spec("memory_bandwidth_gbs"), spec("interconnect_bandwidth_gbs"), spec("tdp_w")]  # fmt: skip


def figure_size(count: int) -> tuple[float, float]:
    """Inches: wider with more chips per panel, never beyond 16 x 8 (1600 x 800 pixels at 100 dpi)."""
    return min(16.0, max(10.0, COLUMNS * (1.0 + 0.32 * count))), 8.0


def compare_bars(chips: list[ChipRecord], out: Path) -> None:
    """A panel per spec with each chip's value on its bar; a dashed line marks the first chip's value."""
    if len(chips) > MAX_CHIPS:
        raise InputError(
            f"plot compare draws at most {MAX_CHIPS} chips ({len(chips)} given): split them over several charts"
        )
    check_out(out)
    plt = pyplot()
    from matplotlib.ticker import FuncFormatter

    thousands = FuncFormatter(lambda value, _: fmt_number(float(value)))
    rows = [_values(chip) for chip in chips]
    panels = len(METRICS) + 1  # the last cell holds the legend
    figure, grid = plt.subplots(
        -(-panels // COLUMNS), COLUMNS, figsize=figure_size(len(chips)), dpi=DPI, layout="constrained"
    )
    cells = list(grid.flat)
    names = [chip.name for chip in chips]
    for j, (axes, (title, unit)) in enumerate(zip(cells, METRICS, strict=False)):
        column = [row[j] for row in rows]
        numbers = [v for v in column if isinstance(v, int | float)]
        top = max(numbers, default=0) or 1.0
        for i, value in enumerate(column):
            if isinstance(value, int | float):
                axes.bar(i, value, 0.75, color=f"C{i}")
                axes.text(i, value + top * 0.02, fmt_number(float(value)), ha="center", va="bottom", fontsize=7,
                          rotation=90 if len(chips) > 4 else 0)  # fmt: skip
            else:
                shown = "unknown" if value is None else "n/a"
                axes.text(i, 0.02, shown, ha="center", va="bottom", fontsize=7, rotation=90, color="#555",
                          transform=axes.get_xaxis_transform())  # fmt: skip
        if isinstance(column[0], int | float):
            axes.axhline(column[0], color="#444", linewidth=0.7, linestyle="--")
        axes.set_ylim(0, top * (1.45 if len(chips) > 4 else 1.2))
        axes.set_title(f"{title} ({unit})", fontsize=9)
        axes.set_xticks(range(len(chips)))
        axes.set_xticklabels(names, rotation=45, ha="right", rotation_mode="anchor", fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        axes.yaxis.set_major_formatter(thousands)
        axes.spines[["top", "right"]].set_visible(False)
    legend = cells[len(METRICS)]
    legend.axis("off")
    for i, name in enumerate(names):
        legend.bar(0, 0, color=f"C{i}", label=name)
    legend.legend(loc="center", fontsize=8, frameon=False, title=f"dashed: {names[0]}", title_fontsize=8)
    for axes in cells[panels:]:
        axes.axis("off")
    title = "Key specifications (dense throughput): " + ", ".join(names)
    figure.suptitle(textwrap.fill(title, 160), fontsize=10)
    figure.savefig(out)
    plt.close(figure)
