"""Templates: Jinja2 with autoescape on for every template (HTML and SVG alike), loaded from the package.

Seed notes, titles and names are data, never markup: every value goes through autoescape, and no template
marks a value safe.
"""

import functools
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from chipdb import __version__
from chipdb.web.params import Scope
from chipdb.web.tables import chip_href

NAV = [
    ("/", "Catalog"),
    ("/compare", "Compare"),
    ("/assess", "Assess"),
    ("/timeline", "Timeline"),
    ("/rules", "Rules"),
    ("/map", "Control map"),
    ("/docs", "API"),
]


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("chipdb.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["chip_href"] = chip_href
    return env


def render(request: Request, template: str, scope: Scope, status: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with the navigation (keeping the destination and date) and `context`."""
    nav = [
        (href + ("" if href == "/docs" else scope.query()), label, request.url.path == href)
        for href, label in NAV
    ]
    page = environment().get_template(template)
    html = page.render(scope=scope, nav=nav, path=request.url.path, status=status, **context)
    return HTMLResponse(html, status_code=status)
