"""Problems in seed files, collected so that one run reports every one of them, each as `file:line: message`.

Line numbers are looked up only when there is something to report (the file is composed again into YAML
nodes, which carry their marks), so valid files cost nothing extra.
"""

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from chipdb.catalog.safe_read import read_text
from chipdb.errors import SeedError

#: Where a problem is inside its document: keys and list indexes from the top ("chips", 3, "tdp_w").
Loc = tuple[str | int, ...]

_Composer: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    loc: Loc | None  # None: the message already names the file and the place (a YAML error)
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.loc is None:
            return self.message
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class Problems:
    """The problems found so far; `raise_if_any` turns them into one SeedError carrying them all."""

    def __init__(self) -> None:
        self._found: list[Problem] = []

    def __len__(self) -> int:
        return len(self._found)

    def add(self, file: str | Path, loc: Loc | None, message: str) -> None:
        self._found.append(Problem(str(file), loc, message))

    def add_error(self, file: str | Path, loc: Loc | None, exc: SeedError) -> None:
        """A SeedError raised by a check: its problems if it carries several, else its message at `loc`."""
        if exc.details:
            self._found.extend(Problem(str(file), None, line) for line in exc.details)
        else:
            self.add(file, loc, str(exc))

    @contextmanager
    def collecting(self, file: str | Path, loc: Loc) -> Iterator[None]:
        """Record a SeedError raised inside the block as a problem at `loc`, and carry on after the block."""
        try:
            yield
        except SeedError as exc:
            self.add_error(file, loc, exc)

    def lines(self) -> list[str]:
        """Every problem once, with its line where it can be found, in file order and then line order."""
        located = _locate(self._found)
        files = list(dict.fromkeys(p.file for p in located))
        order = sorted(
            range(len(located)), key=lambda i: (files.index(located[i].file), located[i].line or 0, i)
        )
        return list(dict.fromkeys(str(located[i]) for i in order))

    def raise_if_any(self) -> None:
        """One SeedError: the problem itself when there is one, else a one-line summary carrying them all."""
        if not self._found:
            return
        lines = self.lines()
        if len(lines) == 1:
            raise SeedError(lines[0])
        files = list(dict.fromkeys(p.file for p in self._found))
        where = files[0] if len(files) == 1 else f"{len(files)} files"
        raise SeedError(f"{where}: {len(lines)} problems", details=lines)


def did_you_mean(word: object, candidates: Iterable[str], limit: int = 3) -> str:
    """The hint "; did you mean 'x'?" for the closest candidates (case ignored), or "" when none is close.

    Only candidates about as close as the best one are named: `memory_capcity_gb` gets one suggestion, not
    every field that starts with `memory_`.
    """
    typed = str(word).casefold()
    scores: dict[str, float] = {}
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, typed, candidate.casefold())
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            scores.setdefault(candidate, matcher.ratio())
    best = max(scores.values(), default=0.0)
    if best < 0.6:
        return ""
    close = sorted((c for c, r in scores.items() if r >= best - 0.05), key=lambda c: -scores[c])[:limit]
    names = [repr(c) for c in close]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"; did you mean {listed}?"


def _locate(problems: list[Problem]) -> list[Problem]:
    """The problems with their line numbers, each file composed once."""
    roots: dict[str, yaml.Node | None] = {}
    out = []
    for problem in problems:
        if problem.loc is None or problem.line is not None:
            out.append(problem)
            continue
        if problem.file not in roots:
            roots[problem.file] = _compose(problem.file)
        line = _line(roots[problem.file], problem.loc)
        out.append(Problem(problem.file, problem.loc, problem.message, line))
    return out


def _compose(file: str) -> yaml.Node | None:
    try:  # read with the same checks as the file itself: never a FIFO or a device
        return yaml.compose(read_text(Path(file)), Loader=_Composer)
    except (SeedError, yaml.YAMLError, RecursionError):
        return None


def _line(root: yaml.Node | None, loc: Loc) -> int | None:
    """The 1-based line of the deepest node of `loc` found: a key's own line, or a list item's first line."""
    node, line = root, None
    for item in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(
                (
                    (key, value)
                    for key, value in node.value
                    if isinstance(key, yaml.ScalarNode) and key.value == str(item)
                ),
                None,
            )
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int) and 0 <= item < len(node.value):
            node = node.value[item]
            line = node.start_mark.line + 1
        else:
            break
    return line
