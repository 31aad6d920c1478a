"""The command-line interface: parse arguments, open the database, call one function, render, map errors.

ChipdbError becomes `Error: ...` and exit code 1 in one place: `ChipdbGroup.invoke` (cli/common.py).
"""

from chipdb.cli.app import app


def main() -> None:
    app(prog_name="chipdb")
