"""Documents whose lists are iterators, written item by item as YAML or JSON: in one stream, or split over
files of bounded size.

A large export never sits in memory whole: each list item is dumped on its own as it comes. The text is the
same as dumping the whole document at once (`yaml.safe_dump(..., sort_keys=False)` in block style, or
`json.dumps(..., indent=2)`): PyYAML writes a mapping's list items at the mapping's own indentation, so a
list item dumped alone has the text it has inside the document, and JSON items are indented to their depth.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

FORMATS = ("yaml", "json")


def _yaml_dump() -> Callable[[Any], str]:
    import yaml

    # libyaml's emitter where PyYAML has it: about eight times faster than the pure-Python one, and its text
    # is read back the same (the two may pick different quoting styles for unusual strings)
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def dump(value: Any) -> str:
        return yaml.dump(
            value, Dumper=dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False
        )

    return dump


class _Yaml:
    """Top-level keys in block style; a list's items one `- ` entry each, at column 0 (PyYAML's layout)."""

    suffix = ".yaml"
    close_document = ""

    def __init__(self) -> None:
        self.dump = _yaml_dump()

    def open_document(self) -> str:
        return ""

    def value(self, key: str, value: Any, first: bool) -> str:
        return self.dump({key: value})

    def open_list(self, key: str, first: bool) -> str:
        return self.dump({key: None}).removesuffix(" null\n") + "\n"

    def item(self, item: Any, first: bool) -> str:
        return self.dump([item])

    def close_list(self, key: str, empty: bool, first: bool) -> str:
        return self.dump({key: []}) if empty else ""


class _Json:
    """`json.dumps(document, indent=2)` and a newline, written a piece at a time."""

    suffix = ".json"
    close_document = "\n}\n"

    @staticmethod
    def dump(value: Any, depth: int) -> str:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
        return text.replace("\n", "\n" + "  " * depth)

    def open_document(self) -> str:
        return "{"

    def value(self, key: str, value: Any, first: bool) -> str:
        return ("" if first else ",") + "\n  " + json.dumps(key) + ": " + self.dump(value, 1)

    def open_list(self, key: str, first: bool) -> str:
        return ("" if first else ",") + "\n  " + json.dumps(key) + ": ["

    def item(self, item: Any, first: bool) -> str:
        return ("" if first else ",") + "\n    " + self.dump(item, 2)

    def close_list(self, key: str, empty: bool, first: bool) -> str:
        if empty:
            return self.value(key, [], first)
        return "\n  ]"


class _Files:
    """Where the text goes: one stream, or numbered files in a directory, the next opened when one is full."""

    def __init__(
        self, open_next: Callable[[], TextIO], budget: int | None, close: Callable[[TextIO], None]
    ) -> None:
        self.open_next, self.budget, self.close = open_next, budget, close
        self.out = open_next()
        self.size = 0  # bytes in the current file
        self.total = 0  # bytes in all of them
        self.items = 0  # list items in the current file

    def write(self, text: str) -> None:
        self.out.write(text)
        size = len(text.encode("utf-8")) if not text.isascii() else len(text)
        self.size += size
        self.total += size

    def full(self, more: int) -> bool:
        """Whether `more` bytes (and the document's closing) would take the current file over the budget."""
        return self.budget is not None and self.items > 0 and self.size + more > self.budget

    def next(self) -> None:
        self.close(self.out)
        self.out = self.open_next()
        self.size = self.items = 0


def _write(document: Mapping[str, Any], fmt: Any, files: _Files) -> None:
    files.write(fmt.open_document())
    first = True  # no key written yet in the current file
    for key, value in document.items():
        if not isinstance(value, list | tuple | Iterator):
            files.write(fmt.value(key, value, first))
            first = False
            continue
        opened = False  # the list's key written in the current file
        empty = True
        for item in value:
            text = fmt.item(item, not opened)
            header = "" if opened else fmt.open_list(key, first)
            closing = len(fmt.close_list(key, False, False)) + len(fmt.close_document)
            if files.full(len(header) + len(text.encode("utf-8")) + closing):
                files.write((fmt.close_list(key, False, first) if opened else "") + fmt.close_document)
                files.next()
                files.write(fmt.open_document())
                first, opened = True, False
                text, header = fmt.item(item, True), fmt.open_list(key, True)
            if not opened:
                files.write(header)
                first, opened = False, True
            files.write(text)
            files.items += 1
            empty = False
        if empty:
            files.write(fmt.close_list(key, True, first))
            first = False
        elif opened:
            files.write(fmt.close_list(key, False, first))
    files.write(fmt.close_document)


def _format(name: str) -> Any:
    if name not in FORMATS:
        raise ValueError(f"no streamed format {name!r}")
    return _Yaml() if name == "yaml" else _Json()


def write_document(document: Mapping[str, Any], fmt: str, out: TextIO) -> int:
    """Write `document` to `out` as YAML or JSON, its iterators item by item; the bytes written (UTF-8)."""
    files = _Files(lambda: out, None, lambda _: None)
    _write(document, _format(fmt), files)
    return files.total


def write_split(document: Mapping[str, Any], fmt: str, directory: Path, budget: int, stem: str) -> list[Path]:
    """Write `document` over files `stem-0001.yaml`, `stem-0002.yaml` ... in `directory`, each at most `budget`
    bytes (unless one list item alone is larger): every file a document of its own, its keys those of the
    items it holds, in the document's order. Returns the files, in order (the order their names sort in)."""
    kind = _format(fmt)
    paths: list[Path] = []

    def open_next() -> TextIO:
        paths.append(directory / f"{stem}-{len(paths) + 1:04d}{kind.suffix}")
        return paths[-1].open("w", encoding="utf-8", newline="\n")

    files = _Files(open_next, budget, lambda out: out.close())
    try:
        _write(document, kind, files)
    finally:
        files.out.close()
    return paths
