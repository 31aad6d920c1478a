"""Reading seed files safely: regular files only, size, encoding, YAML (a stricter safe loader) or plain JSON.

Every failure is a one-line SeedError naming the file and, where YAML can tell, the line (`file:line: ...`).
"""

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from chipdb.errors import SeedError

MAX_FILE_BYTES = 8 * 1024 * 1024

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_DIGITS = 20  # an integer longer than this is no spec value (and Python refuses int() past 4,300 digits)
_ANCHORS = "YAML anchors and aliases (&, *) are not allowed in seed files"


class _Loader(_Base):
    """The safe loader, stricter: no duplicate keys (one would silently drop a value), no list or mapping as a
    key, no aliases (shared nodes can expand exponentially), no integer of more than MAX_DIGITS digits, no
    impossible date; every failure a YAML error at its line, never a traceback."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if (
            node in self.constructed_objects or node in self.recursive_objects
        ):  # an alias: the same node again
            raise ConstructorError(None, None, _ANCHORS, node.start_mark)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:  # an explicit tag on a value it cannot read
            raise ConstructorError(
                None, None, f"cannot read {_shown(node)}: {exc}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConstructorError(
                    None, None, "a key must be a plain value, not a list or mapping", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _shown(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else type(node).__name__
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = len(node.value.lstrip("+-").replace("_", ""))
    if digits > MAX_DIGITS:
        raise ConstructorError(
            None,
            None,
            f"a number of {digits:,} digits (at most {MAX_DIGITS}; quote it if it is text)",
            node.start_mark,
        )
    return int(SafeConstructor.construct_yaml_int(loader, node))


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise ConstructorError(
            None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
        ) from None


_Loader.add_constructor(_INT, _int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
# YAML 1.1 reads 11:40 as 700 (base 60), 0700 as 448 (octal), 0x2BC and 0b1 as numbers: here a number is
# decimal and those stay text, which a spec field reads as NUMBER [UNIT] (0700 is 700) or refuses (the rest).
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
#: Where an anchor (&name) can start: at the start, after a space or a flow indicator. Only a file with one
#: is parsed a second time, as events, to find it (an anchor is refused even when no alias uses it).
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:\ufeff])&[^\s]")


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
        if _MAYBE_ANCHOR.search(text):
            _refuse_anchors(text)
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
    return document


def _refuse_anchors(text: str) -> None:
    """A YAML error at the first anchor or alias, found in the parser's events (nothing is constructed)."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ConstructorError(None, None, _ANCHORS, event.start_mark)  # type: ignore[arg-type]


_NOT_JSON = object()


def _read_json(path: Path, text: str) -> Any:
    """JSON is YAML too, and the json module reads it about ten times faster than PyYAML's constructor."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            duplicate = next(k for k in keys if keys.count(k) > 1)
            raise SeedError(f"{path}: YAML error: duplicate key {duplicate!r}")
        return dict(items)

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise SeedError(f"{path}: a number of {len(digits.lstrip('-')):,} digits; at most {MAX_DIGITS}")
        return int(digits)

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except (json.JSONDecodeError, RecursionError):
        return _NOT_JSON  # not plain JSON: let the YAML parser read it and report errors
