"""A property-based fuzzer (schemathesis) over the OpenAPI document: whatever the parameters, no route answers
500, every status is a documented one, and every answer matches its declared schema. Bounded: a few examples
per route, on SQLite (the API tests cover both backends)."""

import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from chipdb.config import resolve
from chipdb.web.app import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def web_schema(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("fuzz") / "chipdb.sqlite3"
    shutil.copy(sqlite_template, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's test client and httpx
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(resolve(str(path))))


#: Every route of the API, read from the application's own document.
PATHS = sorted(create_app(resolve("never-opened.sqlite3")).openapi()["paths"])


@pytest.mark.parametrize("path", PATHS)
def test_no_route_fails_or_breaks_its_schema(web_schema: Any, path: str) -> None:
    operation = web_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.call_and_validate(checks=CHECKS)

    check()


def test_every_route_is_fuzzed() -> None:
    assert {"/api/chips", "/api/chips/{name}", "/api/compare", "/api/assess", "/api/classify"} <= set(PATHS)
