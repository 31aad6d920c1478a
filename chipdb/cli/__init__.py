"""The command-line interface: parse arguments, open the database, call one function, render, map errors."""

import sys

from chipdb.cli.app import app
from chipdb.errors import ChipdbError


def main() -> None:
    """Entry point: ChipdbError becomes one line on stderr and exit code 1, in this one place."""
    try:
        app(standalone_mode=False)
    except ChipdbError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
