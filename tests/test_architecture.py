"""The shape of the code: folders that show the flow, a ground floor that imports nothing
above it, a model that imports neither reading nor checking, no import cycles, and no
module too long to read (the README's module map says the same in words)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src"
PACKAGE = SRC / "malkoll"
MAX_LINES = 450

GROUND = {
    "malkoll",
    "malkoll.errors",
    "malkoll.findings",
    "malkoll.text",
    "malkoll.atomic",
    "malkoll.cache",
}
"""The ground floor: atomic writing, the cache, errors, findings and Swedish text."""

MAY_IMPORT: dict[str, set[str]] = {
    "model": {"model"},
    "reading": {"model", "reading"},
    "rules": {"model", "reading", "rules"},
    "validate": {"model", "reading", "rules"},
    "scope": {"model", "reading", "validate", "scope"},
    "formats": {"model", "rules", "validate"},
    "session": {"model", "reading", "rules", "validate"},
    "status": {"model", "reading", "rules", "validate", "status"},
    "analysis": {"model", "reading", "rules", "analysis"},
    "report": {"model", "reading", "rules", "validate", "analysis", "report"},
    "writers": {"model", "reading", "rules", "writers"},
    "kolada": {"model", "reading", "writers", "kolada"},
    "ledger": {"model", "reading", "rules", "writers", "ledger"},
    "lsp": {"model", "reading", "rules", "session", "lsp"},
    "notify": {"model", "reading", "status", "notify"},
    "forms": {"model", "reading", "forms"},
    "site": {"model", "reading", "validate", "status", "analysis", "report", "site"},
    "cli": {"model", "reading", "rules", "validate", "formats", "status", "report", "writers"}
    | {"kolada", "session", "lsp", "scope", "notify", "site", "forms", "analysis", "cli"}
    | {"ledger"},
}
"""What each part may import besides the ground floor: the flow reads top to bottom."""


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The malkoll modules ``path`` imports, at its top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("malkoll"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("malkoll"))
    return out


def _part(module: str) -> str:
    if module == "malkoll.__main__":
        return "cli"  # `python -m malkoll` is the command line
    return "ground" if module in GROUND else module.split(".")[1]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_part_imports_only_what_lies_below_it(module):
    """The ground floor imports only itself; every other part only what the table allows."""
    part = _part(module)
    allowed = {"ground"} | (set() if part == "ground" else MAY_IMPORT[part])
    wrong = sorted(m for m in _imports(MODULES[module]) if _part(m) not in allowed)
    assert not wrong, f"{module} ({part}) imports {wrong}"


def test_the_import_graph_has_no_cycles():
    """No module reaches itself through its imports, lazy imports included."""
    graph = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    # A package's __init__ importing its own submodules is how a package is made.
    for m in graph:
        graph[m] = {i for i in graph[m] if not i.startswith(m + ".")}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for nxt in sorted(graph[m]):
            if state.get(nxt) == 1:
                raise AssertionError(" -> ".join([*path[path.index(nxt) :], nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long_to_read(module):
    """Every module fits in 450 lines."""
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"
