"""Complaint fixtures: the dossier engine's real units, catalogue, users and dossiers."""

from __future__ import annotations

from tests.dossiers.conftest import (  # noqa: F401  (fixtures re-exported)
    BA_DINH,
    HOAN_KIEM,
    SAI_GON,
    centre_of,
    counter_at,
    file_online,
    people,
    staff,
    vn,
    world,
)
from tests.fixtures_units import loaded_units  # noqa: F401
from tests.office.conftest import officer, unit  # noqa: F401
