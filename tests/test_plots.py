"""Charts render, have a bounded size, name the chips legibly, and fail politely without matplotlib."""

import datetime as dt
import sys
import time
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation
from chipdb.domain.records import ChipRecord
from chipdb.errors import InputError
from tests.helpers import run
from tests.records import POLICY, chip

pytest.importorskip("matplotlib")

README = Path(__file__).resolve().parent.parent / "README.md"


def _lines(figure: object) -> dict[str, str]:
    """The label lines drawn on the map, with their colours."""
    from matplotlib.colors import to_hex

    axes = figure.axes[0]  # type: ignore[attr-defined]
    return {t.get_text(): to_hex(t.get_color()) for t in axes.texts if hasattr(t, "xyann") and t.get_text()}


def test_control_map_png(db: DatabaseLocation, tmp_path: Path) -> None:
    from matplotlib.image import imread

    out = tmp_path / "map.png"
    result = run("plot", "map", "--as-of", "2026-11-29", "--highlight", "H800", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert imread(out).shape[:2] == (800, 1200)  # 12 x 8 inches at 100 dpi
    assert "chips plotted" in result.stderr and "without a die area" in result.stderr
    assert "Warning" not in result.stderr  # the H800 is placed


def test_control_map_svg_names_chips_and_lists_the_unplotted(db: DatabaseLocation, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert run("plot", "map", "--as-of", "2026-11-29", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "H800 SXM5 80GB" in text and "Ascend 910B" in text
    assert "No die area (not plotted)" in text and "Instinct MI300X" in text  # listed, not silently dropped
    assert "3A090.b" in text


def test_chips_at_one_point_are_named_in_one_label_a_colour_per_status() -> None:
    """Same TPP and die area, three answers under the 2022 rule (I/O 600, 400, unknown): one label whose
    lines take each status's colour, and one dot split into three slices."""
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    from chipdb.report import plots

    def a100(name: str, io: float | None) -> ChipRecord:
        return chip(name, dense={"int8": 624.0}, die_area_mm2=826.0, host_interface="PCIe 4.0 x16",
                    interconnect_bandwidth_gbs=io)  # fmt: skip

    chips = [a100("Fast IO", 600.0), a100("Slow IO", 400.0), a100("Unknown IO", None)]
    figure, result = plots.draw_control_map(chips, dt.date(2023, 6, 1), "CN", set(), POLICY)
    try:
        assert _lines(figure) == {
            "Fast IO": plots.TEXT_COLOURS[plots.REQUIRED],
            "Unknown IO": plots.TEXT_COLOURS[plots.UNDECIDED],
            "Slow IO": plots.TEXT_COLOURS[plots.NOT_REQUIRED],
        }
        anchors = {t.xy for t in figure.axes[0].texts if hasattr(t, "xyann") and t.get_text()}
        assert len(anchors) == 1 and result.plotted == 3 and result.named == 1  # one point, one label
        slices = [c for c in figure.axes[0].collections
                  if isinstance(c, PathCollection) and len(np.asarray(c.get_offsets()))]  # fmt: skip
        assert {to_hex(tuple(np.asarray(c.get_facecolor())[0])) for c in slices} == set(
            plots.COLOURS.values()
        )
    finally:
        plots.pyplot().close(figure)


def test_restricted_a100_is_not_drawn_as_the_a800(db: DatabaseLocation, tmp_path: Path) -> None:
    """The bundled case: on 2023-06-01 the A100s needed a licence for China, the A800s (same die, same TPP)
    did not."""
    from chipdb.bootstrap import open_current
    from chipdb.db import queries
    from chipdb.report import plots

    reader = open_current(db, [])
    try:
        chips, policy = queries.chips(reader, details=False), queries.policy(reader)
    finally:
        reader.close()
    figure, _ = plots.draw_control_map(chips, dt.date(2023, 6, 1), "CN", set(), policy)
    try:
        colours = {
            c for text, c in _lines(figure).items() if "A100 SXM4 80GB" in text or "A800 SXM4 80GB" in text
        }
        assert colours == {plots.TEXT_COLOURS[plots.REQUIRED], plots.TEXT_COLOURS[plots.NOT_REQUIRED]}
    finally:
        plots.pyplot().close(figure)


def test_chips_released_after_the_date_are_left_out() -> None:
    from chipdb.report import plots

    common = {"dense": {"int8": 1000.0}, "die_area_mm2": 600.0}
    chips = [
        chip("Old", release_date="2022-03-01", **common),  # type: ignore[arg-type]
        chip("Later", release_date="2023-11-09", dense={"int8": 2000.0}, die_area_mm2=600.0),
        chip("Same month", release_date="2023-06", dense={"int8": 3000.0}, die_area_mm2=600.0),
        chip("Undated", dense={"int8": 500.0}, die_area_mm2=600.0),
    ]
    figure, result = plots.draw_control_map(chips, dt.date(2023, 6, 1), "CN", {"Later"}, POLICY)
    named = set(_lines(figure))
    plots.pyplot().close(figure)
    assert named == {"Old", "Same month", "Undated"}  # an unknown release date stays
    assert result.unreleased == ["Later"] and result.plotted == 3
    assert result.unplaced == {"Later": "released 2023-11-09, after 2023-06-01"}


def test_a_highlighted_chip_that_cannot_be_placed_is_named_on_stderr(
    db: DatabaseLocation, tmp_path: Path
) -> None:
    out = tmp_path / "map.svg"
    result = run("plot", "map", "--as-of", "2026-11-29", "--highlight", "B200", "--highlight", "H800 PCIe",
                 "--highlight", "H800", "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert warnings == [
        "Warning: B200 cannot be placed: no die area recorded",
        "Warning: H800 PCIe 80GB cannot be placed: no dense throughput recorded (no TPP)",
    ]
    result = run("plot", "map", "--as-of", "2023-06-01", "--highlight", "H20", "--out", str(out))
    assert "Warning: H20 cannot be placed: released 2023-11-09, after 2023-06-01" in result.stderr


def _synthetic(count: int) -> list[ChipRecord]:
    """Chips spread over the map; every other one without a die area."""
    return [
        chip(
            f"Synthetic {i:04d}",
            dense={"int8": 80.0 + 3.1 * i},
            die_area_mm2=None if i % 2 else 150.0 + i % 700,
        )
        for i in range(count)
    ]


def test_a_map_of_two_thousand_chips_names_only_the_highlighted_and_keeps_its_caption_short(
    tmp_path: Path,
) -> None:
    from chipdb.report import plots

    chips = _synthetic(2000)
    started = time.perf_counter()
    figure, result = plots.draw_control_map(chips, dt.date(2026, 1, 1), "CN", {"Synthetic 0100"}, POLICY)
    drawn = time.perf_counter() - started
    try:
        assert result.plotted == 1000 and len(result.without_area) == 1000
        assert set(_lines(figure)) == {"Synthetic 0100"} and result.named == 1
        assert len(figure.axes[0].collections) <= 12  # a scatter per kind of marker, not per chip
        caption = figure.texts[0].get_text()
        assert "and 9" in caption and caption.count("\n") <= 8  # "... and 9xx more"
        assert "only highlighted chips are named" in caption
        figure.savefig(tmp_path / "many.png")
    finally:
        plots.pyplot().close(figure)
    assert drawn < 5  # about 0.3 s on one core: linear in the chips


def test_a_map_where_no_chip_has_a_die_area_still_draws(tmp_path: Path) -> None:
    """Once `bottom cannot be >= top`: a caption as tall as the figure."""
    from chipdb.report import plots

    chips = [chip(f"No area with a long name {i}", dense={"int8": 100.0 + i}) for i in range(3000)]
    result = plots.control_map(chips, tmp_path / "m.png", dt.date(2026, 1, 1), "CN", set(), POLICY)
    assert result.plotted == 0 and len(result.without_area) == 3000 and (tmp_path / "m.png").stat().st_size


def test_labels_do_not_overlap_and_stay_inside() -> None:
    import numpy as np

    from chipdb.report.label_layout import place

    anchors = [(100.0, 100.0)] * 4 + [(195.0, 100.0)]
    spots = place(
        anchors, [(60.0, 10.0)] * 5, [3.0] * 5, np.array(anchors), np.full(5, 3.0), [], (0, 0, 200, 200)
    )
    rects = [(s.x0, s.y0, s.x0 + 60, s.y0 + 10) for s in spots]
    for i, a in enumerate(rects):
        assert 0 <= a[0] <= a[2] <= 200 and 0 <= a[1] <= a[3] <= 200
        for b in rects[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    assert rects[4][2] <= 195  # at the right edge: the label goes left of its point


def test_compare_chart(db: DatabaseLocation, tmp_path: Path) -> None:
    from matplotlib.image import imread

    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    assert run("plot", "compare", "H800", "910B", "--out", str(png)).exit_code == 0
    assert imread(png).shape[:2] == (800, 1000)
    # the H800 PCIe has no published memory, bandwidth or throughput: its panels say unknown
    assert run("plot", "compare", "H800", "910B", "H800 PCIe", "--out", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    for name in ("H800 SXM5 80GB", "Ascend 910B", "H800 PCIe 80GB", "15,832", "unknown"):
        assert name in text


TEN = ["H800", "910B", "H20", "MI300X", "H800 PCIe", "A100 SXM4 80GB", "RTX 4090 D", "GH200 144GB",
       "TPU7x Ironwood", "Gaudi 3 HL-328"]  # fmt: skip


def test_compare_of_nine_or_ten_chips_stays_within_1600_by_800(db: DatabaseLocation, tmp_path: Path) -> None:
    from matplotlib.image import imread

    for count in (9, 10):
        png = tmp_path / f"c{count}.png"
        assert run("plot", "compare", *TEN[:count], "--out", str(png)).exit_code == 0
        height, width = imread(png).shape[:2]
        assert width <= 1600 and height <= 800, (count, width, height)


def test_compare_of_more_than_ten_chips_says_so(tmp_path: Path) -> None:
    from chipdb.report.compare_chart import compare_bars

    chips = [chip(f"Chip {i}", dense={"int8": 100.0 * (i + 1)}) for i in range(11)]
    with pytest.raises(InputError) as raised:
        compare_bars(chips, tmp_path / "c.png")
    assert (
        str(raised.value) == "plot compare draws at most 10 chips (11 given): split them over several charts"
    )
    assert not (tmp_path / "c.png").exists()


def test_bad_output_name(db: DatabaseLocation, tmp_path: Path) -> None:
    result = run("plot", "compare", "H800", "910B", "--out", str(tmp_path / "c.jpg"))
    assert result.exit_code == 1 and "give a .png or .svg" in result.stderr


def test_without_matplotlib_one_line_says_how_to_install(
    db: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chipdb.report.plots import INSTALL_HINT

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    result = run("plot", "map", "--out", str(tmp_path / "m.png"))
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: plotting needs matplotlib: pip install '.[plot]'"
    # the same command as the README and the help
    assert INSTALL_HINT in README.read_text(encoding="utf-8")
    assert INSTALL_HINT in " ".join(run("plot", "--help").output.split())
