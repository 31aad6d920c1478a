"""The web front end: a read-only site and JSON API over the same database, beside the CLI.

Only this package imports FastAPI, Starlette, Jinja2 and uvicorn (the `web` extra); nothing imports it but the
`serve` command, lazily, so the read commands stay as light as they are. The answers come from the same report
functions as the CLI's (report.questions, report.list_query): the API's JSON is the CLI's `--format json`.
"""
