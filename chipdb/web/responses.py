"""JSON as the CLI writes it (same encoder options), compact; errors as `{"error": ...}` bodies."""

import json
from typing import Any

from starlette.responses import Response


def dumps(value: Any) -> bytes:
    """`report.render`'s JSON (Unicode kept, dates as text), without the indentation."""
    return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


class JsonAnswer(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)
