"""The site in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium; .ci/run installs it),
against a uvicorn server in a thread. One server and one browser for the module; what a reader sees.

Every page is checked to raise no console error: a script or style the Content-Security-Policy blocked, or a
script error, would show there.
"""

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, sync_playwright

from chipdb.config import resolve
from chipdb.web.app import create_app
from tests.helpers import run
from tests.web_server import ThreadServer

CHROMIUM = Path("/usr/bin/chromium")
MARKUP_SEED = Path(__file__).parent / "web_data" / "markup-chip.yaml"
MARKUP_CHIP = "Markup <img src=x onerror=window.__chipdb_pwned=1> Test"
PAGES = [
    "/",
    "/chips/H800",
    "/compare?chips=H800&chips=910B",
    "/assess",
    "/timeline",
    "/rules",
    "/map",
    "/docs",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def site(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled catalog plus a chip whose name, alias, notes and source are markup, seeded as a user would."""
    path = tmp_path_factory.mktemp("site") / "chipdb.sqlite3"
    shutil.copy(sqlite_template, path)
    seeded = run("--db", str(path), "seed", str(MARKUP_SEED))
    assert seeded.exit_code == 0, seeded.output
    with ThreadServer(create_app(resolve(str(path)))) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@dataclass
class Tab:
    page: Page
    base: str
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path, wait_until="domcontentloaded")
        assert response is not None and response.status == 200, (path, response and response.status)

    def rows(self, table: str = "#catalog") -> list[list[str]]:
        cells: list[list[str]] = self.page.eval_on_selector_all(
            f"{table} tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))"
        )
        return cells


def tab(browser: Browser, base: str, javascript: bool = True) -> Iterator[Tab]:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1400, "height": 900})
    opened = Tab(context.new_page(), base)
    # a page may answer 404 (an unknown chip); anything it loads must not fail, and nothing may log an error
    opened.page.on(
        "console", lambda m: opened.problems.append(m.text) if _reportable(m.type, m.text) else None
    )
    opened.page.on("pageerror", lambda e: opened.problems.append(str(e)))
    opened.page.on(
        "response", lambda r: opened.problems.append(f"{r.status} {r.url}") if _failed(r) else None
    )
    yield opened
    context.close()


@pytest.fixture(scope="module")
def shared_tab(browser: Browser, site: str) -> Iterator[Tab]:
    """One page for the tests that read with scripts on (a browser context costs a third of a second)."""
    yield from tab(browser, site)


@pytest.fixture
def reader(shared_tab: Tab) -> Iterator[Tab]:
    shared_tab.problems.clear()
    yield shared_tab
    assert not shared_tab.problems, shared_tab.problems


@pytest.fixture
def reader_without_scripts(browser: Browser, site: str) -> Iterator[Tab]:
    for opened in tab(browser, site, javascript=False):
        yield opened
        assert not opened.problems, opened.problems


def test_every_page_opens_and_links_to_the_others(reader: Tab) -> None:
    page = reader.page
    for path in PAGES:
        reader.open(path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("header nav a").count() == 8, path  # chipdb and the seven pages
    # the destination and date chosen on one page are kept in the links to the others
    reader.open("/?destination=SA&as_of=2024-06-01")
    assert (
        "SA" in page.locator("p.summary").inner_text()
        and "2024-06-01" in page.locator("p.summary").inner_text()
    )
    compare = page.get_by_role("link", name="Compare", exact=True).get_attribute("href") or ""
    assert "destination=SA" in compare and "as_of=2024-06-01" in compare
    chip_link = page.locator("#catalog tbody a").first.get_attribute("href") or ""
    assert "destination=SA" in chip_link and "as_of=2024-06-01" in chip_link
    # what each page shows
    reader.open("/chips/H800?as_of=2025-01-01")
    assert page.locator("h1").inner_text() == "H800 SXM5 80GB"
    text = page.locator("main").inner_text()
    for words in ("Licence to export to CN on 2025-01-01: licence required", "Classification under each rule",
                  "TPP (derived)", "1,979 x 8 (int8) = 15,832", "Events naming this chip", "Sources"):  # fmt: skip
        assert words in text, words
    source = page.locator("td.key a").first
    assert (source.get_attribute("href") or "").startswith("#source-")
    reader.open("/map")
    assert page.locator("figure.map svg a.point").count() > 25
    reader.open("/rules")
    assert [r[0] for r in reader.rows("#rules")] == ["2022-10", "2023-10", "2026-01"]


def test_sort_the_catalog_and_follow_a_link(reader: Tab) -> None:
    page = reader.page
    reader.open("/")
    header = page.locator('#catalog th a[data-key="tpp"]')
    header.click()  # sorted in place by the script: highest TPP first, unknown last
    tpp = reader.rows()
    index = page.locator("#catalog thead th").all_inner_texts()
    at = next(i for i, t in enumerate(index) if t.startswith("TPP"))
    values = [_number(row[at]) for row in tpp]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True) and len(known) > 50
    assert all(v is None for v in values[len(known) :])  # unknown last
    assert "sort=tpp" in page.url and "desc=true" in page.url
    assert "sort=tpp" in (page.get_by_role("link", name="CSV").get_attribute("href") or "")
    # the server's order for the same question is the same
    expected = [r[0] for r in tpp]
    reader.open("/?sort=tpp&desc=true")
    assert [r[0] for r in reader.rows()] == expected
    header = page.locator('#catalog th a[data-key="tpp"]')
    header.click()
    ascending = [_number(r[at]) for r in reader.rows()]
    assert [v for v in ascending if v is not None] == sorted(known)
    first = page.locator("#catalog tbody tr").first.locator("a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/chips/"))
    assert page.locator("h1").inner_text() == name


def test_pages_work_without_javascript(reader_without_scripts: Tab) -> None:
    reader, page = reader_without_scripts, reader_without_scripts.page
    reader.open("/")
    page.locator('#catalog th a[data-key="tpp"]').click()  # a link: the server sorts
    page.wait_for_url(re.compile(r"sort=tpp"))
    index = page.locator("#catalog thead th").all_inner_texts()
    at = next(i for i, t in enumerate(index) if t.startswith("TPP"))
    known = [v for v in (_number(r[at]) for r in reader.rows()) if v is not None]
    assert known == sorted(known, reverse=True)
    page.get_by_label("datacenter").check()
    page.get_by_label("Name contains").fill("h100")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"q=h100"))
    rows = reader.rows()
    assert rows and all("h100" in r[0].lower() and r[2] == "datacenter" for r in rows)
    reader.open("/assess?chip=H20&to=CN&on=2025-06-01")
    assert "licence required" in page.locator("main").inner_text()


def test_assess_form(reader: Tab) -> None:
    page = reader.page
    reader.open("/assess")
    page.get_by_label("Chip").fill("H100")
    page.get_by_label("Destination").fill("SA")
    page.get_by_label("Date").fill("2024-06-01")
    page.get_by_role("button", name="Assess").click()
    page.wait_for_url(re.compile(r"chip=H100"))
    text = page.locator("main").inner_text()
    assert "H100 SXM5 80GB to SA on 2024-06-01" in text
    assert "yes (since 2023-10-23)" in text and "presumption of approval" in text
    assert "bis-2023-10-23-immediate" in text  # the bases, each with its citation
    page.get_by_label("Chip").fill("H1000")
    page.get_by_role("button", name="Assess").click()
    page.wait_for_url(re.compile(r"chip=H1000"))
    assert "no chip named 'H1000'" in page.get_by_role("alert").inner_text()
    page.locator("main p a").first.click()  # a suggestion: the same question for that chip
    page.wait_for_url(re.compile(r"to=SA"))
    assert "to SA on 2024-06-01" in page.locator("main").inner_text()


def test_compare_picker_adds_a_chip(reader: Tab) -> None:
    page = reader.page
    reader.open("/compare?chips=H800")
    page.get_by_label("Add a chip").select_option("Ascend 910B")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"chips=H800.*chips=Ascend"))
    headers = page.locator("#comparison thead th").all_inner_texts()
    assert headers[2:] == ["H800 SXM5 80GB", "Ascend 910B", "Ratio (1st / 2nd)"]
    assert page.locator(".bars svg").count() == 7
    assert "1st / this: 3.09x" in page.locator(".bars").inner_text()  # TPP 15,832 / 5,120


def test_markup_in_the_data_runs_no_script(reader: Tab) -> None:
    page = reader.page
    reader.open("/?q=markup")
    assert [r[0] for r in reader.rows()] == [MARKUP_CHIP]
    page.locator("#catalog tbody a").first.click()
    page.wait_for_url(re.compile(r"/chips/"))
    assert page.locator("h1").inner_text() == MARKUP_CHIP
    text = page.locator("main").inner_text()
    assert "<script>window.__chipdb_pwned = 'notes'</script>" in text  # shown as text
    assert "A <b>bold</b> title" in text
    for path in (page.url.removeprefix(reader.base), "/compare?chips=Markup", "/map?highlight=Markup",
                 "/timeline", "/assess?chip=Markup&to=CN"):  # fmt: skip
        reader.open(path)
        assert page.evaluate("window.__chipdb_pwned") is None, path
        assert page.locator("img").count() == 0, path
        assert page.locator('a[href^="javascript:"]').count() == 0, path
        assert page.locator("script").count() == 1, path  # ours: /static/sort.js
        assert page.locator("[onload], [onerror]").count() == 0, path


def test_the_map_as_of_a_date(reader: Tab) -> None:
    page = reader.page
    reader.open("/map")
    today = page.locator("figure.map svg a.point").count()
    reader.open("/map?as_of=2021-01-01&highlight=A100")
    assert page.locator("figure.map svg a.point").count() < today
    assert "A100" in (page.locator("figure.map svg").text_content() or "")  # the highlighted chip is named
    assert "left out" in page.locator("main").inner_text()  # chips released later, counted


def _failed(response: Response) -> bool:
    return response.status >= 400 and response.request.resource_type != "document"


def _reportable(kind: str, text: str) -> bool:
    """A console error, except the browser's note that a page answered 4xx (responses are checked apart)."""
    return kind == "error" and not text.startswith(
        "Failed to load resource: the server responded with a status of 4"
    )


def _number(text: str) -> float | None:
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None
