"""At a terminal (a pseudo-terminal of 24 x 80): every read command fits 80 columns; piped output is whole."""

import os
import re
import select
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMANDS = [
    ["list"],
    ["list", "--restricted", "--as-of", "2023-06-01"],
    ["compare", "H800", "910B"],
    ["compare", "H800", "910B", "H20", "A800 SXM4"],
    ["compare", "H100", "A100 SXM4 80GB", "H800", "H20", "910B", "MI300X", "Gaudi 3"],
    ["show", "910B"],
    ["check"],
    ["timeline", "H100"],
    ["rules"],
    ["assess", "H100", "--to", "CN"],
    ["crosscheck"],
    ["classify", "H800"],
]
CHIPDB = [sys.executable, "-m", "chipdb"]


@pytest.fixture
def env(sqlite_template: Path, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "chipdb.sqlite3"
    shutil.copy(sqlite_template, path)
    out = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER")}
    out.update(CHIPDB_DATABASE_URL=str(path), TERM="xterm")
    return out


def in_pty(args: list[str], env: dict[str, str], rows: int = 24, cols: int = 80) -> str:
    """What a user sees on a terminal of rows x cols (stdout and stderr share it)."""
    import fcntl
    import pty
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: chipdb on the terminal
        os.execve(sys.executable, [*CHIPDB, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    out = b""
    while select.select([fd], [], [], 30)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode()
    return out.decode().replace("\r\n", "\n")


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_read_command_fits_80_columns(args: list[str], env: dict[str, str]) -> None:
    seen = in_pty(args, {**env, "PAGER": "cat"})
    lines = ANSI.sub("", seen).splitlines()
    assert len(lines) > 3
    wide = [line for line in lines if len(line) > 80]
    assert not wide, wide[:3]


@pytest.mark.slow
@pytest.mark.parametrize("args", [["list"], ["compare", "H800", "910B"], ["show", "910B"]], ids=" ".join)
def test_piped_output_is_whole_whatever_the_width(args: list[str], env: dict[str, str]) -> None:
    piped = subprocess.run([*CHIPDB, *args], env={**env, "COLUMNS": "80"}, capture_output=True, text=True)
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout  # no colour into a pipe
    assert max(map(len, piped.stdout.splitlines())) > 80  # values kept whole, not wrapped
    wider = subprocess.run([*CHIPDB, *args], env={**env, "COLUMNS": "300"}, capture_output=True, text=True)
    assert piped.stdout == wider.stdout


@pytest.mark.slow
def test_colour_pager_and_no_color(env: dict[str, str], tmp_path: Path) -> None:
    coloured = in_pty(["list", "--limit", "3"], {**env, "PAGER": "cat"})
    assert "\x1b[3" in coloured  # status words in colour at a terminal
    plain = in_pty(["list", "--limit", "3"], {**env, "PAGER": "cat", "NO_COLOR": "1"})
    assert "\x1b[" not in plain and ANSI.sub("", coloured) == plain
    # long output goes through $PAGER; --no-pager (before or after the command) and a short one do not
    marker = tmp_path / "paged"
    pager = f"sh -c 'touch {marker}; cat'"
    in_pty(["list"], {**env, "PAGER": pager})
    assert marker.exists()
    marker.unlink()
    in_pty(["list", "--no-pager"], {**env, "PAGER": pager})
    in_pty(["--no-pager", "list"], {**env, "PAGER": pager})
    in_pty(["list", "--limit", "3"], {**env, "PAGER": pager})
    assert not marker.exists()


def test_compare_of_four_chips_stays_one_table_in_80_columns() -> None:
    from chipdb.report.document import Document, Table
    from chipdb.report.render import render

    policy = "case-by-case (CN, MO; exports from the US meeting the rule's conditions) (91 FR 1684)"
    rows = [["identity", "Vendor", "NVIDIA", "Huawei", "NVIDIA", "NVIDIA"]] + [
        ["", f"Spec {i} (TFLOPS)", "1,979", "n/a", "unknown", policy] for i in range(5)
    ]
    names = ["H800 SXM5 80GB", "Ascend 910B", "H20", "A800 SXM4 80GB"]
    table = Table(["Group", "Spec", *names], rows, wrap=[10, 14, 12, 12, 12, 12], split_from=2)
    text = render(Document([table], None), "table", width=80)
    assert max(map(len, text.splitlines())) <= 80
    assert text.count("Spec 4") == 1 and all(n.split()[0] in text for n in names)  # one table, not split
    assert "[identity]" in text  # the group column became a heading


def test_a_table_too_wide_drops_columns_by_priority_and_says_which() -> None:
    from chipdb.report.document import Document, Table
    from chipdb.report.render import render

    table = Table(
        ["Chip", "Status", "Extra wide column"],
        [["H100", "licence required since 2022-10-07 (2023-10 rule)", "x" * 60]],
        priority=[0, 0, 9],
        wrap=[0, 20, 0],
    )
    text = render(Document([table], None), "table", width=80)
    assert "x" * 60 not in text and "Left out to fit 80 columns: Extra wide column" in text
    assert "licence required since 2022-10-07 (2023-10 rule)" in " ".join(text.split())
    assert render(Document([table], None), "table").count("x" * 60) == 1  # not at a terminal: whole


def test_colour_marks_status_words_and_disagreements_only() -> None:
    from chipdb.report.terminal import colour_line

    line = "H100  licence required since 2022  3A090.a (disagrees)  no licence required  2024"
    spans = []
    for word in ("licence required since 2022", "3A090.a (disagrees)", "no licence required", "2024"):
        start = line.index(word)
        spans.append((start, start + len(word), word))
    coloured = colour_line(line, spans)
    assert "\x1b[31mlicence required since 2022\x1b[0m" in coloured
    assert "\x1b[33m3A090.a (disagrees)\x1b[0m" in coloured
    assert "\x1b[32mno licence required\x1b[0m" in coloured
    assert coloured.endswith("\x1b[0m  2024")  # a plain cell stays plain
    assert ANSI.sub("", coloured) == line
