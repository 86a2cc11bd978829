"""Reconciliation fixtures: the dossier engine's fixtures (real units, catalogue, dossiers
submitted through the services)."""

from __future__ import annotations

from tests.dossiers.conftest import (  # noqa: F401
    BA_DINH,
    HOAN_KIEM,
    SAI_GON,
    applicant,
    centre_of,
    docs_for,
    file_online,
    loaded_units,
    people,
    staff,
    vn,
    world,
)
