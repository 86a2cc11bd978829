"""Simulation fixtures: the real units and catalogue (the dossier engine's `world` fixture) and a
helper that runs the simulator with logging of every transition turned down."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from tests.dossiers.conftest import loaded_units, world  # noqa: F401

from localgov.simulate import runner

#: A small period: the first working week of the two-tier model, two contrasting provinces
#: (HCMC: dense, big wards; Điện Biên: remote, mountain communes).
SMALL = {"date_from": date(2025, 7, 1), "date_to": date(2025, 7, 7), "provinces": ["79", "11"], "scale": 0.001,
         "seed": 7}


@pytest.fixture(autouse=True)
def _quiet_transitions() -> Iterator[None]:
    logger = logging.getLogger("localgov.dossiers")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture
def simulate(db, world) -> Callable[..., runner.RunResult]:  # noqa: F811
    def run(**over: Any) -> runner.RunResult:
        kwargs = {**SMALL, "path": "bulk", "reset_first": True, **over}
        return runner.run(**kwargs)

    return run
