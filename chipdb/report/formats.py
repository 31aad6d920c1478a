"""The `--format` choices, declared once; a test checks each is one tabulate knows (no tabulate import here)."""

from enum import Enum

#: The tabulate formats of tabulate 0.9 (newer releases add more; tests check these all exist).
TABULATE_FORMATS: tuple[str, ...] = (
    "asciidoc", "double_grid", "double_outline", "fancy_grid", "fancy_outline", "github", "grid",
    "heavy_grid", "heavy_outline", "html", "jira", "latex", "latex_booktabs", "latex_longtable", "latex_raw",
    "mediawiki", "mixed_grid", "mixed_outline", "moinmoin", "orgtbl", "outline", "pipe", "plain", "presto",
    "pretty", "psql", "rounded_grid", "rounded_outline", "rst", "simple", "simple_grid", "simple_outline",
    "textile", "tsv", "unsafehtml", "youtrack",
)  # fmt: skip

OutputFormat = Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in ("table", "csv", "json", *TABULATE_FORMATS)}, type=str
)

TABLE = OutputFormat("table")
JSON = OutputFormat("json")
