"""The package's folders follow the data (DESIGN.md): read -> label -> fields -> record, corpus and CLI at the edge.

These hold the shape in place as the code grows: no import cycles, no module reaching into a stage it must not
know, and modules small enough to read (one job each, with a docstring that says which).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"
MAX_LINES = 400

# What each room may never import. Foundation modules (blocks, normalise, record, errors, speedups, stoplists) and
# the rules are read by every stage and know none; fields are pure parsers and know no reader or labeller;
# readers never label; labellers never read bytes or markup; nothing inside the pipeline knows the corpus or the CLI.
EDGE = {
    "cleaner.corpus",
    "cleaner.cli",
    "cleaner.cli_shards",
    "cleaner.hook",
    "cleaner.integrations",
    "cleaner.batch",
    "cleaner.shards",
}
STAGES = {"cleaner.read", "cleaner.label", "cleaner.fields", "cleaner.pipeline"}
FORBIDDEN = {
    "cleaner.blocks": STAGES | EDGE | {"cleaner.ruleset"},
    "cleaner.normalise": STAGES | EDGE | {"cleaner.ruleset"},
    "cleaner.record": STAGES | EDGE | {"cleaner.ruleset"},
    "cleaner.errors": STAGES | EDGE | {"cleaner.ruleset"},
    "cleaner.stoplists": STAGES | EDGE | {"cleaner.ruleset"},
    "cleaner.ruleset": STAGES | EDGE,
    "cleaner.fields": {"cleaner.read", "cleaner.label", "cleaner.pipeline"} | EDGE,
    "cleaner.read": {"cleaner.label", "cleaner.pipeline"} | EDGE,
    "cleaner.label": {"cleaner.read", "cleaner.pipeline"} | EDGE,
    "cleaner.pipeline": EDGE,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """The cleaner modules a file imports (`from cleaner.x import y` counts cleaner.x.y when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cleaner":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "cleaner"}
    return found


def room(name: str, rooms: set[str]) -> bool:
    return any(name == r or name.startswith(r + ".") for r in rooms)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_a_stage_it_must_not_know(name: str) -> None:
    rules = [forbidden for owner, forbidden in FORBIDDEN.items() if room(name, {owner})]
    for forbidden in rules:
        bad = sorted(i for i in imports(MODULES[name]) if room(i, forbidden))
        assert not bad, f"{name} imports {bad}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (depth first, a back edge closes it), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    return next((c for name in sorted(graph) if name not in state and (c := visit(name))), None)


def test_no_import_cycles() -> None:
    # The package root only re-exports the public API; modules that read its __version__ are not a cycle.
    graph = {
        name: {i for i in imports(path, top_level_only=True) if i in MODULES and i not in (name, "cleaner")}
        for name, path in MODULES.items()
        if name != "cleaner"
    }
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # the check itself works
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small_and_say_what_they_do(name: str) -> None:
    path = MODULES[name]
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)}: {lines} lines; split it by job"
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{name} has no docstring"


def test_every_c_module_sits_beside_its_python_twin() -> None:
    from cleaner.speedups import MODULES as C_MODULES

    for dotted in C_MODULES.values():
        source = PACKAGE.parent / (dotted.replace(".", "/") + ".c")
        assert source.is_file(), f"{dotted}: no {source}"
