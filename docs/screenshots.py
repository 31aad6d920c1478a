"""Screenshots of the web front end for the README, taken with Playwright driving Debian's Chromium.

    python docs/screenshots.py          # writes docs/web-*.png from a fresh database of the bundled data

Answers are as of a fixed date, so the pictures change only when the data or the pages do.
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.web_load import free_port, running, tool  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
AS_OF = "2026-12-01"
SHOTS = [  # (file, path, the element to capture or None for the top of the page, viewport height)
    ("web-catalog.png", f"/?as_of={AS_OF}&sort=tpp&desc=true", None, 760),
    ("web-chip.png", f"/chips/H800?as_of={AS_OF}", None, 900),
    ("web-compare.png", f"/compare?chips=H800&chips=910B&chips=H20&as_of={AS_OF}", None, 1000),
    (
        "web-map.png",
        f"/map?as_of={AS_OF}&highlight=H800&highlight=910B&highlight=H20&highlight=RTX%204090%20D",
        "figure.map svg",
        900,
    ),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chipdb-shots-") as work:
        db = str(Path(work) / "chipdb.sqlite3")
        port = free_port()
        with (
            running([tool("chipdb"), "--db", db, "serve", "--port", str(port)], port),
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=CHROMIUM)
            for name, path, element, height in SHOTS:
                page = browser.new_page(viewport={"width": 1280, "height": height})
                page.goto(f"http://127.0.0.1:{port}{path}")
                target = ROOT / "docs" / name
                if element:
                    page.locator(element).screenshot(path=str(target))
                else:
                    page.screenshot(path=str(target))
                page.close()
                print(f"wrote {target.relative_to(ROOT)}")
            browser.close()


if __name__ == "__main__":
    main()
