"""Reading seed files safely: regular files only, size, encoding, YAML (safe loader, no aliases, no duplicate keys) or plain JSON.

Every failure is a one-line SeedError naming the file and, where YAML can tell, the line (`file:line: ...`).
"""

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from chipdb.errors import SeedError

MAX_FILE_BYTES = 8 * 1024 * 1024

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Loader(_Base):
    """The safe loader, refusing duplicate keys: a repeated key would silently drop a value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_text(path: Path) -> str:
    """A seed file's text, bounded in size; a one-line SeedError naming the file otherwise.

    Only a regular file is read: a FIFO would block for ever and /dev/zero never ends. The file is opened
    without blocking, checked with fstat (so a symlink or a swap after a check cannot fool it), and at most
    one byte past the limit is read whatever its size claims.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise SeedError(
                f"{path}: not a regular file (a seed file must be a plain file, not {_kind(status)})"
            )
        if status.st_size > MAX_FILE_BYTES:
            raise SeedError(
                f"{path}: file is {status.st_size:,} bytes; seed files may be at most {MAX_FILE_BYTES:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise SeedError(f"{path}: file is over {MAX_FILE_BYTES:,} bytes; seed files may be at most that")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise SeedError(f"{path}: binary data, not text")
    return text


def _kind(status: os.stat_result) -> str:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_yaml(path: Path) -> Any:
    """Parse one file with the safe loader; every failure becomes a one-line SeedError naming the file."""
    text = read_text(path)
    if text.lstrip()[:1] == "{":
        parsed = _read_json(path, text)
        if parsed is not _NOT_JSON:
            return parsed
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is None:
            raise SeedError(f"{path}: YAML error: {problem}") from None
        raise SeedError(f"{path}:{mark.line + 1}: YAML error: {problem} (column {mark.column + 1})") from None
    except RecursionError:
        raise SeedError(f"{path}: YAML nested too deeply") from None
    if document is None:
        raise SeedError(f"{path}: the file is empty")
    _refuse_shared_nodes(path, document)
    return document


_NOT_JSON = object()


def _read_json(path: Path, text: str) -> Any:
    """JSON is YAML too, and the json module reads it about ten times faster than PyYAML's constructor."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            duplicate = next(k for k in keys if keys.count(k) > 1)
            raise SeedError(f"{path}: YAML error: duplicate key {duplicate!r}")
        return dict(items)

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except (json.JSONDecodeError, RecursionError):
        return _NOT_JSON  # not plain JSON: let the YAML parser read it and report errors


def _refuse_shared_nodes(path: Path, document: Any) -> None:
    """YAML aliases make shared nodes, which can expand exponentially; seed data never needs them."""
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                raise SeedError(f"{path}: YAML anchors and aliases (&, *) are not allowed in seed files")
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
