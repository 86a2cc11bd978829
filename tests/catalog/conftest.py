from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from localgov.catalog.services import DATA_DIR, load_catalog


@pytest.fixture
def catalog(db) -> dict[str, dict[str, int]]:
    """The shipped catalogue, loaded through the real loader."""
    return load_catalog()


@pytest.fixture
def raw() -> dict[str, list[dict[str, Any]]]:
    """The shipped data files, as JSON."""
    return {
        key: json.loads((DATA_DIR / f"{key}.json").read_text(encoding="utf-8"))[key]
        for key in ("fields", "procedures", "bundles")
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Copy the data files to a temporary directory, let the test edit them, return the dir."""

    def make(edit: Callable[[dict[str, Any]], None]) -> Path:
        for name in ("fields.json", "procedures.json", "bundles.json"):
            shutil.copy(DATA_DIR / name, tmp_path / name)
        docs = {
            k: json.loads((tmp_path / f"{k}.json").read_text(encoding="utf-8"))
            for k in ("fields", "procedures", "bundles")
        }
        edit(docs)
        for k, doc in docs.items():
            (tmp_path / f"{k}.json").write_text(
                json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        return tmp_path

    return make
