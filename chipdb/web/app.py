"""The application: the API and the pages over one database, opened read-only, with safe headers everywhere.

`create_app(location)` builds it; `chipdb serve` runs it with uvicorn (web/server.py). Errors a user can cause
map as the CLI's do, each once: an unknown chip is 404 and a bad parameter 422, with the CLI's message (and
suggestions) as JSON on /api and as a page elsewhere; a database that cannot be read is 503. Nothing is a 500
but a bug, and even then the answer says only that (the details go to the log, password removed).
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chipdb import __version__
from chipdb.config import DatabaseLocation, redact
from chipdb.errors import (
    AmbiguousNameError,
    ChipdbError,
    ChipNotFoundError,
    DatabaseError,
    SchemaMismatchError,
)
from chipdb.web import api, docs, pages
from chipdb.web.readers import Readers
from chipdb.web.responses import JsonAnswer

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("chipdb.web")

#: Scripts and styles only from chipdb itself, none inline; no frames, plugins or foreign form targets.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds the headers above to every response (plain ASGI: no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS:
                    headers[name.decode()] = value.decode()
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Scrubber:
    """Removes the database password from any text leaving the server (answers and log lines)."""

    def __init__(self, location: DatabaseLocation) -> None:
        password = urlsplit(location.url).password if location.sqlite_path is None else None
        self.secrets = [s for s in {password, unquote(password or "")} if s]

    def __call__(self, text: str) -> str:
        text = redact(text)
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def create_app(location: DatabaseLocation) -> FastAPI:
    """The site and the API over `location` (a database at the current schema: `chipdb serve` checks)."""
    readers = Readers(location)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        readers.close()

    app = FastAPI(
        title="chipdb",
        version=__version__,
        summary="AI accelerators: specifications and US export-control status, every number sourced.",
        description="Read-only. Each route answers as the CLI's command of the same name does with "
        '`--format json`; errors are `{"error": message}` with the CLI\'s message.',
        docs_url=None,  # the Swagger UI page would load its scripts from a CDN: /docs is served here instead
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.readers = readers
    app.state.scrub = Scrubber(location)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(ChipdbError, _chipdb_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path.endswith(".json")


def _answer(request: Request, status: int, message: str, extra: dict[str, Any] | None = None) -> Response:
    message = request.app.state.scrub(message)
    if _wants_json(request):
        return JsonAnswer({"error": message, **(extra or {})}, status_code=status)
    return pages.error_page(request, message, status, extra)


async def _chipdb_error(request: Request, exc: Exception) -> Response:
    extra: dict[str, Any] = {}
    if isinstance(exc, ChipNotFoundError):
        status, extra = 404, {"suggestions": exc.suggestions}
    elif isinstance(exc, AmbiguousNameError):
        status, extra = 404, {"candidates": exc.candidates}
    elif isinstance(exc, DatabaseError | SchemaMismatchError):
        status = 503
        log.warning("database error: %s", request.app.state.scrub(str(exc)))
    else:
        status = 422
    return _answer(request, status, str(exc), extra)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return _answer(request, 422, "; ".join(problems) or "invalid request")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: "no such page", 405: "read-only: only GET is answered"}.get(
        exc.status_code, str(exc.detail)
    )
    response = _answer(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s: %s", request.url.path, request.app.state.scrub(repr(exc)))
    return _answer(request, 500, "internal error (logged on the server)")
