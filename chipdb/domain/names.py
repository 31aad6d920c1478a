"""Chip name matching: exact name, then alias, ignoring case, spaces, hyphens and underscores."""

import re
import unicodedata

_IGNORED = re.compile(r"[\s\-_]+")


def name_key(name: str) -> str:
    """The form names are matched in ("Ascend910B", "ascend 910b" and "ASCEND-910B" share one)."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", name).casefold())


def suggestions(query: str, candidates: dict[str, str], limit: int = 3) -> list[str]:
    """Up to `limit` chip names whose name or alias is closest to `query` (candidates: text -> chip name)."""
    from rapidfuzz import fuzz, process, utils

    found: list[str] = []
    matches = process.extract(
        query, list(candidates), scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 4
    )
    for text, score, _ in matches:
        name = candidates[text]
        if score >= 60 and name not in found:
            found.append(name)
    return found[:limit]
