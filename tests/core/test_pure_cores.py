"""The pure cores import no Django, and every module that imports no Django is a pure core.

The list of pure cores is the `files` of `[tool.mypy]` in pyproject.toml (`make test` type-checks
them). Three checks:

* importing each listed module loads no `django` module (a fresh interpreter);
* no listed module reaches Django through any import, even one inside a function, in itself or in
  the localgov modules it imports (read from the source) — except those named in
  `IMPORTS_DJANGO_LATE`, with the reason;
* every module of src/localgov that reaches no Django that way is listed (a new pure module joins
  the type check).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
#: Packages that are Django or import it.
DJANGO = {"django", "ninja", "django_htmx", "whitenoise", "dj_database_url"}
#: Listed modules whose import is free of Django but one function reaches it, each with why.
IMPORTS_DJANGO_LATE: dict[str, str] = {}


def listed() -> list[str]:
    files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["files"]
    return [module_name(ROOT / f) for f in files]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in (SRC / "localgov").rglob("*.py") if "migrations" not in p.parts}


def imports_of(name: str) -> set[str]:
    """Every module `name` imports, anywhere in its source (functions included)."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules())
    return out


@cache
def path_to_django(name: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The chain of imports from `name` to a Django package, or None."""
    for imported in sorted(imports_of(name)):
        if imported.split(".")[0] in DJANGO:
            return (name, imported)
        parts = imported.split(".")
        for i in range(2, len(parts) + 1):  # the packages on the way are imported too
            sub = ".".join(parts[:i])
            if sub in modules() and sub != name and sub not in seen:
                chain = path_to_django(sub, seen | {name})
                if chain:
                    return (name, *chain)
    return None


def test_listed_modules_exist():
    assert [m for m in listed() if m not in modules()] == []


def test_importing_each_pure_core_loads_no_django():
    code = (
        "import importlib, sys\n"
        f"for name in {listed()!r}:\n"
        "    importlib.import_module(name)\n"
        "    if any(m == 'django' or m.startswith('django.') for m in sys.modules):\n"
        "        sys.exit('importing ' + name + ' loaded django')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def test_no_pure_core_reaches_django_from_any_import():
    found = {m: " → ".join(chain) for m in listed() if m not in IMPORTS_DJANGO_LATE
             and (chain := path_to_django(m))}
    assert found == {}


def test_every_module_without_django_is_a_listed_pure_core():
    free = {m for m, p in modules().items() if p.name != "__init__.py" and path_to_django(m) is None}
    assert sorted(free - set(listed())) == []


def test_the_scan_sees_a_late_import(tmp_path, monkeypatch):
    """The source scan finds an import inside a function (what the import check cannot see)."""
    late = tmp_path / "late.py"
    late.write_text("import json\n\ndef f():\n    from django.db import connection\n    return connection\n")
    monkeypatch.setitem(modules(), "localgov.late_example", late)
    assert path_to_django("localgov.late_example") == ("localgov.late_example", "django.db")
    assert path_to_django("localgov.dossiers.workflow") is None
