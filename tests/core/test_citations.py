"""Every file the code, the data and the docs name — a `*.md`, `*.csv`, `*.json` or `*.toml` — is a
file of this repository, and a section cited after a Markdown file's name (§ and a number) exists
in that file.

Citations live in comments, docstrings, data files and documents, so those are what is read: in a
Python file only its comments and its docstrings (a string literal in code is data, e.g. a temporary
file a test writes); every other text file whole. Web addresses are skipped (they are not files of
ours); a path starting with "/" is accepted only as one of our URL routes (`/api/openapi.json`).
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from functools import cache
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("src", "tests", "bench", "docs", "README.md", "CONTRIBUTING.md", "pyproject.toml", "Makefile")
TEXT_SUFFIXES = {".py", ".md", ".json", ".csv", ".toml", ".html", ".txt", ".cfg", ".ini", ".sh", ".js", ".css", ""}
SKIP_DIRS = {"__pycache__", ".git", ".venv", "var", "node_modules", ".pytest_cache", ".mypy_cache", ".ruff_cache"}

#: Names that are not citations: a file the user supplies or a command writes. Each says why.
NOT_CITATIONS = {
    "case.json": "the payouts input a user supplies (`localgov payouts calc case.json`, docs/payouts.md)",
    "out.json": "where `bench/transitions.py --json out.json` writes its results",
    "FILE.csv": "a placeholder in a command synopsis (docs/workforce.md)",
    "BangChuyendoiĐVHCmoi_cu_khong_merge.csv": "the NSO spreadsheet the installed vietnam-provinces package "
                                               "was built from (docs/units.md), not a file of ours",
}

URL = re.compile(r"\b(?:https?|file)://\S+")
NAME = re.compile(r"(?<![\w.\-/~])(/?[\w.\-]+(?:/[\w.\-]+)*\.(?:md|csv|json|toml))(?![\w\-])")
SECTION = re.compile(r"\s*§\s*(\d+(?:\.\d+)*)")
HEADING = re.compile(r"^#+\s+(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)


@cache
def repository_files() -> frozenset[str]:
    """Tracked and new, not ignored files (git); a walk of the tree when git is not there."""
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        return frozenset(line for line in out.splitlines() if (ROOT / line).is_file())
    except (OSError, subprocess.CalledProcessError):
        return frozenset(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                         if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts))


def scanned_files() -> list[str]:
    return sorted(f for f in repository_files()
                  if f.split("/")[0] in SCANNED and Path(f).suffix in TEXT_SUFFIXES
                  and not SKIP_DIRS & set(f.split("/")))


def python_prose(text: str) -> list[tuple[int, str]]:
    """(line, text) of every comment and every string that is a statement of its own (docstrings)."""
    out: list[tuple[int, str]] = []
    previous = tokenize.NEWLINE
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            out.append((tok.start[0], tok.string))
        elif tok.type == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT,
                                                           tokenize.DEDENT, tokenize.ENCODING):
            out.extend((tok.start[0] + i, line) for i, line in enumerate(tok.string.splitlines()))
        if tok.type not in (tokenize.COMMENT, tokenize.NL):
            previous = tok.type
    return out


def prose(path: str) -> list[tuple[int, str]]:
    try:
        text = (ROOT / path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    if path.endswith(".py"):
        return python_prose(text)
    return list(enumerate(text.splitlines(), 1))


def resolve_name(name: str, cited_from: str) -> str | None:
    """The repository file `name` points to: a path from the root or from the citing file's folder,
    or a file whose path ends with `name` (`one-stop-rules.md`, `domain/calendar-2025-2026.md`)."""
    files = repository_files()
    here = Path(cited_from).parent
    for candidate in (name, (here / name).as_posix(), str((ROOT / here / name).resolve().relative_to(ROOT))
                      if (ROOT / here / name).resolve().is_relative_to(ROOT) else name):
        if candidate in files:
            return candidate
    matches = sorted(f for f in files if f.endswith("/" + name))
    return matches[0] if matches else None


def is_route(name: str) -> bool:
    try:
        resolve(name)
    except Resolver404:
        return False
    return True


def problems_in(path: str, lines: list[tuple[int, str]] | None = None) -> list[str]:
    found: list[str] = []
    for number, line in prose(path) if lines is None else lines:
        line = URL.sub(" ", line)
        for match in NAME.finditer(line):
            name = match.group(1)
            if name in NOT_CITATIONS:
                continue
            if name.startswith("/"):
                if not is_route(name):
                    found.append(f"{path}:{number}: {name} is outside the repository")
                continue
            target = resolve_name(name, path)
            if target is None:
                found.append(f"{path}:{number}: {name} is not a file of the repository")
                continue
            section = SECTION.match(line, match.end())
            if section and target.endswith(".md"):
                headings = set(HEADING.findall((ROOT / target).read_text(encoding="utf-8")))
                if section.group(1) not in headings:
                    found.append(f"{path}:{number}: {target} has no section §{section.group(1)}")
    return found


def test_every_cited_file_is_in_the_repository():
    problems = [p for path in scanned_files() for p in problems_in(path)]
    assert problems == []


@pytest.mark.parametrize(("text", "expected"), [
    ("# see DESIGN.md", ["x.py:1: DESIGN.md is not a file of the repository"]),
    ("# /work/shared/domain/one-stop-rules.md §1.2", ["x.py:1: /work/shared/domain/one-stop-rules.md is outside the "
                                                       "repository"]),
    ("# docs/domain/one-stop-rules.md §9.9", ["x.py:1: docs/domain/one-stop-rules.md has no section §9.9"]),
    ("# docs/domain/one-stop-rules.md §1.4 and https://example.org/x.md", []),
    ('path = tmp / "case-x.json"  # a file a test writes is code, not a citation', []),
    ('"""Docstring citing nothing.md."""', ["x.py:1: nothing.md is not a file of the repository"]),
])
def test_the_check_itself(text, expected):
    assert problems_in("x.py", python_prose(text + "\n")) == expected
