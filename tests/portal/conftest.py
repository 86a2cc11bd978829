"""Portal tests: real units and catalogue, dossiers made through the engine's services, the
Django test client for pages (tests/dossiers/conftest.py provides the fixtures)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.dossiers.conftest import (  # noqa: F401  (fixtures re-exported)
    BA_DINH,
    HOAN_KIEM,
    PDF,
    counter_at,
    file_online,
    people,
    staff,
    world,
)
from tests.fixtures_units import loaded_units  # noqa: F401


@pytest.fixture(autouse=True)
def _tmp_uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def pdf_file(name: str = "giay-to.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def opened(client, sub) -> None:
    """Give this client's session the receipt secret of `sub` (as after a look-up)."""
    session = client.session
    session["portal_access"] = {sub.dossier.code: sub.secret}
    session.save()
