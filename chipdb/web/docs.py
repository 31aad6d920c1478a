"""/docs: the API described on a page served by chipdb, from its own OpenAPI document.

FastAPI's Swagger UI page loads its scripts and styles from a CDN and runs an inline script; both break the
rule that nothing is fetched from another host and the Content-Security-Policy (script-src 'self'). This page
lists every route with its parameters and an example link, rendered on the server; /openapi.json is the
machine-readable document.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from chipdb.web import params
from chipdb.web.render import render

router = APIRouter(include_in_schema=False)

EXAMPLES = {
    "/api/chips": "/api/chips?vendor=NVIDIA&sort=tpp&desc=true&limit=5",
    "/api/chips.csv": "/api/chips.csv?restricted=true&columns=name,tpp,status",
    "/api/chips/{name}": "/api/chips/H800?destination=CN&as_of=2024-01-01",
    "/api/compare": "/api/compare?chips=H800&chips=910B",
    "/api/assess": "/api/assess?chip=H100&to=SA&on=2024-06-01",
    "/api/classify": "/api/classify?rate=int8=588.35&die_area=608.4&datacenter=false",
    "/api/events": "/api/events?chip=H20&since=2023-01-01",
    "/api/rules": "/api/rules",
}


def routes(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each GET route: path, summary, description, parameters and an example."""
    out = []
    for path, methods in document.get("paths", {}).items():
        operation = methods.get("get")
        if operation is None:
            continue
        parameters = [
            {
                "name": p["name"],
                "where": p["in"],
                "required": p.get("required", False),
                "type": _type(p.get("schema", {})),
                "description": p.get("description", ""),
            }
            for p in operation.get("parameters", [])
        ]
        statuses = sorted(str(code) for code in operation.get("responses", {}))
        out.append({"path": path, "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                    "parameters": parameters, "statuses": statuses, "example": EXAMPLES.get(path)})  # fmt: skip
    return out


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"{_type(schema.get('items', {}))}, repeatable"
    return str(schema.get("type", "any"))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    scope = params.scope(None, None)
    return render(request, "docs.html", scope, routes=routes(request.app.openapi()))
