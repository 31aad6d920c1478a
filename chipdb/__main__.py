"""Allows `python -m chipdb`."""

from chipdb.cli import main

main()
