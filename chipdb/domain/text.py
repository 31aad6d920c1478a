"""Characters that must not reach a terminal as themselves, and the checks and escapes built on them.

Seed text is untrusted: an escape sequence recolours or rewrites the screen, a newline forges a line, a bidi
override reorders what is shown and a zero-width character hides a difference between two names. Names refuse
them; free text (notes, titles, summaries) keeps only tab and newline; every output escapes the rest.
"""

import re
import unicodedata

#: Unicode categories Cc (controls), Cf (format: zero-width, bidi, soft hyphen, tags), Zl and Zp (line and
#: paragraph separators) and Cs (surrogates), as of Unicode 15; a test checks it covers Python's own tables.
_NOT_C0 = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
UNSAFE = re.compile(f"[\x00-\x1f{_NOT_C0}]")
UNSAFE_BEYOND_C0 = re.compile(f"[{_NOT_C0}]")  # what json.dumps leaves unescaped
#: The same, keeping newline (a table cell may span lines), or tab and newline (CSV and TSV quote them).
_KEEPING = {"": UNSAFE, "\n": re.compile(f"[\x00-\x09\x0b-\x1f{_NOT_C0}]"),
            "\t\n": re.compile(f"[\x00-\x08\x0b-\x1f{_NOT_C0}]")}  # fmt: skip


def escape(text: str, keep: str = "") -> str:
    """`text` with every unsafe character written as its escape (ESC as \\x1b, U+202E as \\u202e).

    `keep`: "\\n" (tables: a cell may span lines) or "\\t\\n" (CSV / TSV, which quote them) leaves those as
    they are."""
    if text.isprintable():  # the common case, one C call: printable text holds none of them
        return text
    return _KEEPING[keep].sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]  # every unsafe character is non-printable, so repr escapes it


def first_unsafe(text: str, keep: str = "") -> str | None:
    """The first unsafe character in `text` described with its place ("U+202E RIGHT-TO-LEFT OVERRIDE at
    character 4"), or None."""
    if text.isprintable():
        return None
    match = _KEEPING[keep].search(text)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "a control character")
    return f"U+{ord(char):04X} ({name}) at character {match.start() + 1}"
