"""Online filing → accept (Mẫu 01) → assign → advance → decide → return → rate."""

from tests.dossiers.conftest import BA_DINH, vn

from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.workflow import State


def test_full_lifecycle_writes_one_event_per_transition(file_online, staff):
    s = staff(BA_DINH)
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0))  # xác nhận tình trạng hôn nhân, 3 days
    d = sub.dossier
    assert d.state == State.NEW and sub.secret and len(sub.secret) == 10
    assert d.code.endswith("-250804-0001") or d.code.count("-") >= 2
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    assert d.state == State.ACCEPTED
    assert d.due_at == vn(2025, 8, 7, 10, 0)  # Mon 10:00 + 3 working days
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 5))
    d = services.advance(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 5, 9, 0))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp giấy xác nhận",
                        now=vn(2025, 8, 6, 15, 0))
    assert d.state == State.DONE and d.outcome == "on_time" and d.outcome_766 == "on_time"
    d = services.return_result(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 6, 14, 0))
    assert d.state == State.RETURNED
    events = list(DossierEvent.objects.filter(dossier=d).order_by("seq"))
    assert [e.action for e in events] == ["submit", "accept", "assign", "advance", "decide", "return_result"]
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert all(events[i].prev_hash == events[i - 1].hash for i in range(1, len(events)))
    assert d.version == 6 and d.event_count == 6


def test_early_when_a_full_working_day_remains(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 1))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Xong",
                        now=vn(2025, 8, 4, 15, 0))
    assert d.outcome == "early"


def test_late_after_the_due_time(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 1))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Xong",
                        now=vn(2025, 8, 8, 9, 0))
    assert d.outcome == "late" and d.outcome_766 == "late"
