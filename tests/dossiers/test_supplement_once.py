"""Decree 118 Art. 11(2)(c), 16(3), 19(5) and the Decision 766 rule: one supplement request
after acceptance; a second needs an approver's written override and counts as late; the
legal period restarts from zero when the complete dossier arrives."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.core.errors import IllegalTransition
from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.workflow import State


def _processing(file_online, s, code="1.004873"):
    d = file_online(code, at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    return services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 30))


def test_restart_from_zero_after_supplement(file_online, staff):
    s = staff(BA_DINH)
    d = _processing(file_online, s)
    assert d.due_at == vn(2025, 8, 7, 9, 0)
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"],
                                    missing=["Bản sao giấy chứng nhận ly hôn"], now=vn(2025, 8, 5, 10, 0))
    assert d.state == State.SUPPLEMENT_REQUESTED
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"],
                                     now=vn(2025, 8, 11, 10, 0))
    assert d.state == State.PROCESSING
    # Art. 19(5): "tính lại từ đầu" — 3 full working days from Mon 11 Aug 10:00.
    assert d.due_at == vn(2025, 8, 14, 10, 0)
    assert d.first_due_at == vn(2025, 8, 7, 9, 0)  # the appointment on the receipt is kept for 766
    assert d.supplement_seconds == pytest.approx(6 * 86400)


def test_second_request_refused_without_override(file_online, staff):
    s = staff(BA_DINH)
    d = _processing(file_online, s)
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"], missing=["A"],
                                    now=vn(2025, 8, 5, 10, 0))
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 6, 9, 0))
    events = DossierEvent.objects.filter(dossier=d).count()
    with pytest.raises(IllegalTransition) as exc:
        services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"], missing=["B"],
                                    now=vn(2025, 8, 6, 10, 0))
    assert exc.value.code == "supplement_once"
    with pytest.raises(IllegalTransition):  # an approver without a written reason is refused too
        services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["approver"], missing=["B"],
                                    now=vn(2025, 8, 6, 10, 0))
    assert DossierEvent.objects.filter(dossier=d).count() == events


def test_second_request_with_override_counts_late_under_766(file_online, staff):
    s = staff(BA_DINH)
    d = _processing(file_online, s)
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"], missing=["A"],
                                    now=vn(2025, 8, 5, 10, 0))
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 6, 9, 0))
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["approver"], missing=["B"],
                                    override_reason="Phát hiện giấy tờ giả mạo, cần xác minh lại",
                                    now=vn(2025, 8, 6, 10, 0))
    assert d.repeat_supplement and d.supplement_requests_after_acceptance == 2
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 6, 11, 0))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Xong",
                        now=vn(2025, 8, 6, 15, 0))
    assert d.outcome in ("early", "on_time")  # legally within the restarted period
    assert d.outcome_766 == "late"  # "Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá hạn"


def test_reception_stage_supplement_does_not_start_the_clock(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["counter"], missing=["Tờ khai"],
                                    now=vn(2025, 8, 4, 10, 0))
    assert d.supplement_stage == "reception" and d.due_at is None
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 5, 9, 0))
    assert d.state == State.NEW and d.supplement_requests_after_acceptance == 0
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 5, 9, 0))
    assert d.due_at == vn(2025, 8, 8, 9, 0)


def test_missing_list_required(file_online, staff):
    from localgov.core.errors import ValidationFailed

    s = staff(BA_DINH)
    d = _processing(file_online, s)
    with pytest.raises(ValidationFailed) as exc:
        services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"], missing=["  "],
                                    now=vn(2025, 8, 5, 10, 0))
    assert "missing" in exc.value.fields
