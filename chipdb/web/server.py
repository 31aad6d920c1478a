"""`chipdb serve`: uvicorn over the application, in one process or as several workers on one database.

Workers are separate processes that cannot be handed an application object: each builds its own from
$CHIPDB_DATABASE_URL (set here from --db), with its own readers. Every log line passes through a filter that
removes the database password, whatever logged it.
"""

import copy
import logging
import os
import sys
from typing import Any

from fastapi import FastAPI

from chipdb.config import ENV_VAR, DatabaseLocation, resolve
from chipdb.web.app import Scrubber, create_app


class ScrubFilter(logging.Filter):
    """The log record's message with the database password (and any URL's) replaced by ***."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.scrub = Scrubber(resolve(None))

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:  # a traceback: formatted here, so it is scrubbed too
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging, each handler filtered; chipdb.web's warnings through the same handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["scrub"] = {"()": ScrubFilter}
    for handler in config["handlers"].values():
        handler["filters"] = ["scrub"]
    config["loggers"]["chipdb.web"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def app_from_environment() -> FastAPI:
    """What each worker process runs: the application over $CHIPDB_DATABASE_URL."""
    return create_app(resolve(None))


def serve(location: DatabaseLocation, host: str, port: int, workers: int) -> None:
    """Run until interrupted; the database at `location` is already at the current schema."""
    import uvicorn

    os.environ[ENV_VAR] = location.url  # the workers' database, and what the log filter hides
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    print(f"chipdb: serving {location.display()} read-only at {where} (Ctrl+C stops)", file=sys.stderr)
    options: dict[str, Any] = {"host": host, "port": port, "log_config": log_config(), "server_header": False}
    if workers > 1:
        uvicorn.run("chipdb.web.server:app_from_environment", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(location), **options)
