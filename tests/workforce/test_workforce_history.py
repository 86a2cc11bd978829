"""Effective-dated history: a change opens a new record and never overwrites the old one."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from localgov.access.policy import SYSTEM
from localgov.core.errors import Conflict, ValidationFailed
from localgov.workforce import selectors, services
from localgov.workforce.models import OfficialRecord, OfficialStatus


def new_official(code: str = "T-001", commune: str = "00004") -> int:
    data = services.RecordInput(
        province_code="01", commune_code=commune, department="economic", position="land.specialist",
        category="cong_chuc", field="land", competences=["construction"],
        skills={"management": 1, "legal": 2, "professional": 3, "digital": 2, "development": 2},
    )
    return services.create_official(code=code, full_name="Nguyễn Văn An", data=data, on=date(2025, 7, 1),
                                     actor=SYSTEM).pk


def test_change_creates_a_new_row(units) -> None:
    oid = new_official()
    services.change(official_id=oid, on=date(2025, 10, 1), changes={"commune_code": "00070", "field": "construction"},
                    reason="Điều động", actor=SYSTEM)
    rows = selectors.history(oid)
    assert [(r.valid_from, r.valid_to, r.commune_code, r.field) for r in rows] == [
        (date(2025, 7, 1), date(2025, 10, 1), "00004", "land"),
        (date(2025, 10, 1), None, "00070", "construction"),
    ]
    assert rows[1].competences == ["construction", "land"]  # the new field joins the competences
    assert rows[1].skill_professional == 3 and rows[1].change_reason == "Điều động"


def test_as_of_selectors(units) -> None:
    oid = new_official()
    services.change(official_id=oid, on=date(2025, 10, 1), changes={"commune_code": "00070"}, reason="x",
                    actor=SYSTEM)
    at = {d: selectors.records_as_of(d).get(official_id=oid).commune_code
          for d in (date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 1), date(2026, 1, 1))}
    assert at == {date(2025, 7, 1): "00004", date(2025, 9, 30): "00004", date(2025, 10, 1): "00070",
                  date(2026, 1, 1): "00070"}
    assert not selectors.records_as_of(date(2025, 6, 30)).filter(official_id=oid).exists()
    assert selectors.staff_counts(date(2025, 9, 1))[("00004", "land")] == 1
    assert ("00004", "land") not in selectors.staff_counts(date(2025, 10, 2))


def test_left_with_date_and_reason(units) -> None:
    oid = new_official()
    services.mark_left(official_id=oid, on=date(2025, 9, 1), reason="Nghỉ hưu trước tuổi (Nghị định 178)",
                       actor=SYSTEM)
    now = selectors.records_as_of(date(2025, 9, 1)).get(official_id=oid)
    assert now.status == OfficialStatus.LEFT and "178" in now.status_reason
    assert selectors.staff_counts(date(2025, 9, 1)).get(("00004", "land"), 0) == 0
    with pytest.raises(Conflict):
        services.change(official_id=oid, on=date(2025, 10, 1), changes={"field": "it"}, reason="x", actor=SYSTEM)
    with pytest.raises(ValidationFailed):
        services.mark_left(official_id=new_official("T-002"), on=date(2025, 9, 1), reason=" ", actor=SYSTEM)


def test_refuses_same_day_backdated_and_invalid(units) -> None:
    oid = new_official()
    with pytest.raises(Conflict):
        services.change(official_id=oid, on=date(2025, 7, 1), changes={"field": "it"}, reason="x", actor=SYSTEM)
    with pytest.raises(Conflict):
        services.change(official_id=oid, on=date(2025, 6, 1), changes={"field": "it"}, reason="x", actor=SYSTEM)
    with pytest.raises(ValidationFailed):
        services.change(official_id=oid, on=date(2025, 8, 1), changes={"field": "astrology"}, reason="x",
                        actor=SYSTEM)
    with pytest.raises(ValidationFailed):
        services.change(official_id=oid, on=date(2025, 8, 1), changes={"full_name": "X"}, reason="x", actor=SYSTEM)
    assert OfficialRecord.objects.filter(official_id=oid).count() == 1


def test_database_allows_one_open_record(units) -> None:
    oid = new_official()
    first = OfficialRecord.objects.get(official_id=oid)
    first.pk = None
    first.valid_from = date(2025, 8, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_database_refuses_skill_out_of_range(units) -> None:
    oid = new_official()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialRecord.objects.filter(official_id=oid).update(skill_digital=5)
