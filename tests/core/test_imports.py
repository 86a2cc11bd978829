"""An import inside a function says why it is there (docs/adr/0010-import-contracts.md).

Imports belong at the top of a module; the import contracts ([tool.importlinter] in
pyproject.toml) keep the graph free of loops, so no import needs to hide in a function to dodge
one. The ones that stay — a heavy library loaded when it is used, an AppConfig.ready(), the
command line before Django — carry a comment on their line or above them (one comment may head a
block of imports). Read from the source (functions, methods and nested functions alike).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "localgov"


def unexplained(source: str) -> list[int]:
    """The lines of the imports inside functions of `source` without a comment."""
    lines = source.splitlines()
    found: set[int] = set()
    for fn in ast.walk(ast.parse(source)):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    if "#" not in lines[node.lineno - 1] and not _headed(lines, node.lineno - 1):
                        found.add(node.lineno)
    return sorted(found)


def _headed(lines: list[str], index: int) -> bool:
    """Is line `index` under a comment, past only blank lines and other imports?"""
    for line in reversed(lines[:index]):
        text = line.strip()
        if text.startswith("#"):
            return True
        if text and not text.startswith(("import ", "from ")):
            return False
    return False


def test_every_function_level_import_gives_its_reason():
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        if lines := unexplained(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(SRC))] = lines
    assert found == {}, "move these imports to the top of the module, or say why they stay (one-line comment)"


def test_the_scan_finds_an_unexplained_import():
    source = (
        "import json\n\n\n"
        "def f():\n"
        "    from django.db import connection\n"
        "    return connection\n\n\n"
        "class C:\n"
        "    def g(self):\n"
        "        def inner():\n"
        "            import os\n"
        "            return os\n"
        "        # heavy: loaded when used\n"
        "        import csv\n\n"
        "        import io\n"
        "        x = 1\n"
        "        import re  # the reason\n"
        "        import zlib\n"
        "        return inner, csv, io, re, zlib, x\n"
    )
    assert unexplained(source) == [5, 12, 20]
