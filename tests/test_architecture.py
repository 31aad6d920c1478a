"""The layers hold: import-linter's contracts (pyproject.toml) and no import cycle, function-level imports included."""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_import_cycle() -> None:
    """Every import counts, except a package's __init__ importing its own submodules (how packages load)."""
    graph = grimp.build_graph("chipdb", cache_dir=None)
    edges = {
        m: {
            i
            for i in graph.find_modules_directly_imported_by(m)
            if i.startswith("chipdb") and not _inside(i, m)
        }
        for m in graph.modules
        if m.startswith("chipdb")
    }
    cycles = [component for component in _strongly_connected(edges) if len(component) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert sorted(c for c in _strongly_connected(edges) if len(c) > 1) == [["a", "b", "c"]]


def test_few_modules_left_flat() -> None:
    """The tree shows the layers: at most ten modules directly in chipdb/."""
    flat = sorted(p.name for p in (ROOT / "chipdb").glob("*.py"))
    assert len(flat) <= 10, flat


def _inside(module: str, package: str) -> bool:
    return module.startswith(package + ".")


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns every strongly connected component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components
