"""Charts render, have the expected size, name the chips, and fail politely without matplotlib."""

import sys
from pathlib import Path

import pytest

from chipdb.config import DatabaseLocation
from tests.helpers import run

README = Path(__file__).resolve().parent.parent / "README.md"

pytest.importorskip("matplotlib")


def test_control_map_png(db: DatabaseLocation, tmp_path: Path) -> None:
    from matplotlib.image import imread

    out = tmp_path / "map.png"
    result = run("plot", "map", "--as-of", "2026-11-29", "--highlight", "H800", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert imread(out).shape[:2] == (800, 1200)  # 12 x 8 inches at 100 dpi
    assert "chips plotted" in result.stderr and "without a die area" in result.stderr


def test_control_map_svg_names_chips_and_lists_the_unplotted(db: DatabaseLocation, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    assert run("plot", "map", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "H800 SXM5 80GB" in text and "Ascend 910B" in text
    assert "No die area (not plotted)" in text and "Instinct MI300X" in text  # listed, not silently dropped
    assert "3A090.b" in text


def test_compare_chart(db: DatabaseLocation, tmp_path: Path) -> None:
    from matplotlib.image import imread

    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    assert run("plot", "compare", "H800", "910B", "--out", str(png)).exit_code == 0
    height, width = imread(png).shape[:2]
    assert (height, width) == (600, 1120)
    # the H800 PCIe has no published memory, bandwidth or throughput: its bars say unknown
    assert run("plot", "compare", "H800", "910B", "H800 PCIe", "--out", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    for name in ("H800 SXM5 80GB", "Ascend 910B", "H800 PCIe 80GB", "15,832", "unknown"):
        assert name in text


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
