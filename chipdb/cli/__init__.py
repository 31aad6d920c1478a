"""The command-line interface: parse arguments, open the database, call one function, render, map errors.

ChipdbError becomes `Error: ...` and exit code 1 in one place: `ChipdbGroup.invoke` (cli/common.py).
"""

import sys

from chipdb.cli.app import app


def main() -> None:
    tolerant_output()
    app(prog_name="chipdb")


def tolerant_output() -> None:
    """A character the terminal's encoding lacks (PYTHONIOENCODING=ascii, a C locale) prints as `?`.

    Chip names and notes hold non-ASCII text (en dashes, ×, µ): an answer with a `?` is better than a
    traceback part-way through it.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")
