"""Capacity gaps: the share of officials below the required level per area; training needs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.workforce import capacity, services


def make(code: str, field: str, leader: bool, **skills: int) -> None:
    levels = {"management": 2, "legal": 2, "professional": 3, "digital": 2, "development": 2} | skills
    data = services.RecordInput(
        province_code="01", commune_code="00004", department="office",
        position=services.position_for(field, leader=leader), category="cong_chuc", field=field, skills=levels,
    )
    services.create_official(code=code, full_name=f"Cán bộ {code}", data=data, on=date(2025, 7, 1), actor=SYSTEM)


def test_shares_and_training_needs(units, person) -> None:
    make("C-1", "land", False)  # meets the specialist profile
    make("C-2", "land", False, professional=1, digital=1)  # 2 gaps
    make("C-3", "it", False, digital=2)  # IT needs digital 3
    make("C-4", "leadership", True, management=2, legal=3, development=3)  # leader needs management 3
    (gaps,) = capacity.gaps_by_commune(actor=SYSTEM, commune_code="00004")
    assert gaps.officials == 4
    assert gaps.share_below == pytest.approx(
        {"management": 0.25, "legal": 0.0, "professional": 0.25, "digital": 0.5, "development": 0.0})
    needs = capacity.training_needs(actor=SYSTEM, commune_code="00004")
    assert {(t.official_code, t.area, t.level, t.required) for t in needs} == {
        ("C-2", "professional", 1, 2), ("C-2", "digital", 1, 2), ("C-3", "digital", 2, 3),
        ("C-4", "management", 2, 3),
    }
    text = capacity.training_csv(needs)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(capacity.HEADERS) and len(parsed) == 5
    assert any(r[6] == "Kỹ năng số" for r in parsed[1:])
    assert capacity.training_xlsx(needs)[:2] == b"PK"
    _, outsider = person(Role.HR_OFFICER, province="42")
    assert capacity.gaps_by_commune(actor=outsider, commune_code="00004") == []
    assert capacity.training_needs(actor=outsider, commune_code="00004") == []
