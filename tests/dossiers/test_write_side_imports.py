"""The write side imports in one direction (read from the source, no import run): no cycle among
the dossiers app's modules, no import inside a function of the write side's modules, no private
name imported from another module, and the pure core imports no Django."""

from __future__ import annotations

import ast
from pathlib import Path

import localgov.dossiers

APP = Path(localgov.dossiers.__file__).parent
PACKAGE = "localgov.dossiers"
WRITE_SIDE = ("services", "bundles", "bundle_rules", "submission", "routing", "transitions", "hooks", "events",
              "workflow", "clock", "rows")
PURE = ("transitions", "bundle_rules", "workflow", "clock", "events")


def _tree(name: str) -> ast.Module:
    return ast.parse((APP / f"{name}.py").read_text())


def _module_imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) of the imports at module level (not under TYPE_CHECKING)."""
    out: list[tuple[str, list[str]]] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names)
    return out


def _app_edges(name: str) -> set[str]:
    edges = set()
    for module, names in _module_imports(_tree(name)):
        if module == PACKAGE:
            edges |= {n for n in names if (APP / f"{n}.py").exists()}
        elif module.startswith(PACKAGE + "."):
            edges.add(module.split(".")[2])
    return edges


def test_no_import_cycle_in_the_dossiers_app() -> None:
    modules = sorted(p.stem for p in APP.glob("*.py") if p.stem != "__init__")
    graph = {m: _app_edges(m) & set(modules) for m in modules}
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            assert state.get(n) != 1, " → ".join([*path, m, n])
            if n not in state:
                visit(n, [*path, m])
        state[m] = 2

    for m in modules:
        if m not in state:
            visit(m, [])


def test_no_function_level_import_on_the_write_side() -> None:
    for name in WRITE_SIDE:
        tree = _tree(name)
        inner = [node.lineno for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                 for node in ast.walk(fn) if isinstance(node, ast.Import | ast.ImportFrom)]
        assert inner == [], (name, inner)


def test_no_private_name_crosses_modules() -> None:
    for path in APP.glob("*.py"):
        for module, names in _module_imports(ast.parse(path.read_text())):
            if module.startswith("localgov."):
                assert not [n for n in names if n.startswith("_")], (path.name, module, names)


def test_the_pure_core_imports_no_django() -> None:
    for name in PURE:
        for module, _ in _module_imports(_tree(name)):
            assert not module.startswith("django"), (name, module)
            if module.startswith(PACKAGE + "."):
                assert module.split(".")[2] in PURE + ("validation",), (name, module)
