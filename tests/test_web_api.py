"""The JSON API on both backends: every route equals the CLI's --format json for the same question; errors
carry the CLI's message with the right status (404 unknown chip, 422 bad parameter), never a 500."""

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette's note that its test client will move from httpx to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from chipdb.config import DatabaseLocation
from chipdb.web.app import CSP, create_app
from tests.helpers import run


@pytest.fixture
def client(db: DatabaseLocation) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def cli_json(*args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


#: (API request, the same question asked of the CLI)
SAME_QUESTION: list[tuple[str, list[str]]] = [
    ("/api/chips?as_of=2024-01-01", ["list", "--as-of", "2024-01-01"]),
    ("/api/chips", ["list"]),  # both default to today and CN
    (
        "/api/chips?vendor=nvidia&vendor=AMD&market=datacenter&sort=tpp&desc=true&limit=7&destination=SA&as_of=2024-06-01",
        [
            "list",
            "--vendor",
            "nvidia",
            "--vendor",
            "AMD",
            "--market",
            "datacenter",
            "--sort",
            "tpp",
            "--desc",
            "--limit",
            "7",
            "-d",
            "SA",
            "--as-of",
            "2024-06-01",
        ],
    ),
    (
        "/api/chips?restricted=true&since=2023-06-01&as_of=2024-01-01&where=memory_capacity_gb%20%3E%3D%2080",
        [
            "list",
            "--restricted",
            "--since",
            "2023-06-01",
            "--as-of",
            "2024-01-01",
            "--where",
            "memory_capacity_gb >= 80",
        ],
    ),
    ("/api/chips/H800?as_of=2025-01-01", ["show", "H800", "--as-of", "2025-01-01"]),
    (
        "/api/chips/ascend%20910b?destination=Saudi%20Arabia&as_of=2024-06-01",
        ["show", "ascend 910b", "-d", "Saudi Arabia", "--as-of", "2024-06-01"],
    ),
    (
        "/api/compare?chips=H800&chips=910B&as_of=2025-01-01",
        ["compare", "H800", "910B", "--as-of", "2025-01-01"],
    ),
    ("/api/assess?chip=H100&to=SA&on=2024-06-01", ["assess", "H100", "--to", "SA", "--on", "2024-06-01"]),
    (
        "/api/assess?chip=H20&chip=MI308X&to=China&on=2025-06-01",
        ["assess", "H20", "MI308X", "--to", "China", "--on", "2025-06-01"],
    ),
    (
        "/api/assess?chip=B200&to=MY&end_user_hq=CN&on=2025-03-01",
        ["assess", "B200", "--to", "MY", "--end-user-hq", "CN", "--on", "2025-03-01"],
    ),
    (
        "/api/classify?rate=int8%3D588.35&die_area=608.4&datacenter=false",
        ["classify", "--rate", "int8=588.35", "--die-area", "608.4", "--not-datacenter"],
    ),
    (
        "/api/classify?tpp=2368&die_area=814&memory_bandwidth=4000&datacenter=true&rule=2023-10",
        [
            "classify",
            "--tpp",
            "2368",
            "--die-area",
            "814",
            "--memory-bandwidth",
            "4000",
            "--datacenter",
            "--rule",
            "2023-10",
        ],
    ),
    ("/api/classify?chip=H800&as_of=2024-01-01", ["classify", "H800", "--as-of", "2024-01-01"]),
    ("/api/events", ["timeline"]),
    (
        "/api/events?chip=H20&since=2023-01-01&until=2025-12-31",
        ["timeline", "H20", "--since", "2023-01-01", "--until", "2025-12-31"],
    ),
    ("/api/rules", ["rules"]),
]


def test_every_route_answers_as_the_cli(client: TestClient) -> None:
    for url, args in SAME_QUESTION:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text)
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json() == cli_json(*args), url
    csv_args = [
        "list",
        "--vendor",
        "huawei",
        "--sort",
        "tpp",
        "--as-of",
        "2025-01-01",
        "-c",
        "name,tpp,status",
    ]
    csv = client.get("/api/chips.csv?vendor=huawei&sort=tpp&as_of=2025-01-01&columns=name,tpp,status")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text == run(*csv_args, "-f", "csv").stdout
    document = client.get("/openapi.json").json()
    assert {"/api/chips", "/api/chips/{name}", "/api/compare", "/api/assess", "/api/classify", "/api/events",
            "/api/rules"} <= set(document["paths"])  # fmt: skip
    assert all(set(methods) == {"get"} for methods in document["paths"].values())  # no write endpoint


def test_errors_carry_the_cli_message(client: TestClient) -> None:
    unknown = client.get("/api/chips/H8000")
    assert unknown.status_code == 404
    cli = run("show", "H8000")
    assert cli.exit_code == 1
    assert unknown.json()["error"] == cli.stderr.removeprefix("Error: ").strip()
    assert "H800 SXM5 80GB" in unknown.json()["suggestions"]
    ambiguous = client.get("/api/compare?chips=H800&chips=H1")
    assert ambiguous.status_code == 404 and len(ambiguous.json()["candidates"]) > 1
    bad = {
        "/api/chips?as_of=2023-13-01": "as_of",
        "/api/chips?destination=Narnia": "destination",
        "/api/chips?limit=-1": "limit",
        "/api/chips?where=bogus": "--where",
        "/api/chips?vendor=nvidea": "did you mean NVIDIA",
        "/api/chips?sort=nope": "--sort",
        "/api/chips/%00": "control characters",
        "/api/compare": "at least one chip",
        "/api/assess?chip=H100": "to",
        "/api/assess?chip=H100&to=SA&on=yesterday": "on",
        "/api/classify?rate=fp7%3D1": "precision must be one of",
        "/api/classify?tpp=nan": "finite number",
        "/api/classify?chip=H100&tpp=100": "not both",
        "/api/classify?rule=1999": "--rule",
        "/api/events?since=2023-02-30": "since",
        "/api/chips?vendor=" + "&vendor=".join(["x"] * 60): "at most",
    }
    for url, words in bad.items():
        answer = client.get(url)
        assert answer.status_code == 422, (url, answer.text)
        assert words in answer.json()["error"], (url, answer.json())
    assert client.post("/api/chips").status_code == 405
    assert client.delete("/api/chips/H800").status_code == 405
    missing = client.get("/api/nothing")
    assert missing.status_code == 404 and missing.json() == {"error": "no such page"}
    page = client.get("/chips/H8000")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert 'href="/chips/H800%20SXM5%2080GB"' in page.text  # the suggestions, as links
    assert page.headers["content-security-policy"] == CSP == unknown.headers["content-security-policy"]


def test_the_password_never_leaves_the_server(db: DatabaseLocation, backend: str) -> None:
    """A server database's password is in no answer, error or not (here the server refuses the database)."""
    if backend != "postgresql":
        pytest.skip("a SQLite file has no password")
    from sqlalchemy.engine import make_url

    from chipdb.config import resolve

    secret = "s3cr3t-Pa55"
    wrong = resolve(make_url(db.url).set(password=secret, database="no_such_db_x").render_as_string(False))
    with TestClient(create_app(wrong)) as test_client:
        for url in ("/api/chips/H800", "/chips/H800", "/api/rules", "/"):
            answer = test_client.get(url)
            assert secret not in answer.text and "s3cr3t" not in answer.text, url
            if url != "/api/rules":  # the rules need no database
                assert answer.status_code == 503, (url, answer.text)
