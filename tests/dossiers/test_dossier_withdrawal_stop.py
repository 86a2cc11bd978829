"""The applicant asks to withdraw (Art. 21), then the desk stops processing with Mẫu 05
(Circular 03 Art. 7) — only while no decision exists; a dossier whose supplement never
came is closed the same way after the request (Art. 19(5))."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.access.policy import with_dossier_secret
from localgov.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.selectors import get_for_applicant
from localgov.dossiers.workflow import TRANSITIONS, Action, State


def _processing(file_online, s):
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0))
    d = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 4, 9, 30))
    return d, sub.secret


def test_applicant_withdraws_and_the_desk_stops(file_online, staff):
    from localgov.access.policy import ANONYMOUS

    s = staff(BA_DINH)
    d, secret = _processing(file_online, s)
    applicant = with_dossier_secret(ANONYMOUS, get_for_applicant(d.code, secret).pk)
    d = services.request_withdrawal(dossier_id=d.pk, version=d.version, actor=applicant,
                                    reason="Tôi không còn nhu cầu", now=vn(2025, 8, 5, 9, 0))
    assert d.state == State.WITHDRAWAL_REQUESTED
    with pytest.raises(PermissionDenied):  # the applicant cannot stop it themselves
        services.stop(dossier_id=d.pk, version=d.version, actor=applicant, reason="x", now=vn(2025, 8, 5, 9, 5))
    with pytest.raises(ValidationFailed):  # Mẫu 05 states its reason
        services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"], reason=" ", now=vn(2025, 8, 5, 9, 5))
    d = services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"],
                      reason="Dừng giải quyết theo đề nghị rút hồ sơ của công dân", now=vn(2025, 8, 5, 10, 0))
    assert d.state == State.STOPPED and d.closed_at == vn(2025, 8, 5, 10, 0)
    assert d.stop_reason.startswith("Dừng giải quyết")
    assert TRANSITIONS[Action.STOP].form == "05"
    events = list(DossierEvent.objects.filter(dossier=d).order_by("seq").values_list("action", "to_state"))
    assert events[-2:] == [("request_withdrawal", State.WITHDRAWAL_REQUESTED), ("stop", State.STOPPED)]
    # Nothing more happens to a stopped dossier except the rating.
    with pytest.raises(IllegalTransition):
        services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="x",
                        now=vn(2025, 8, 5, 11, 0))


def test_no_withdrawal_after_the_decision(file_online, staff):
    s = staff(BA_DINH)
    d, _ = _processing(file_online, s)
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp",
                        now=vn(2025, 8, 5, 9, 0))
    with pytest.raises(IllegalTransition):
        services.request_withdrawal(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 5, 10, 0))
    with pytest.raises(IllegalTransition):
        services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"], reason="x", now=vn(2025, 8, 5, 10, 0))


def test_stop_without_withdrawal_request_is_refused(file_online, staff):
    s = staff(BA_DINH)
    d, _ = _processing(file_online, s)
    before = DossierEvent.objects.filter(dossier=d).count()
    with pytest.raises(IllegalTransition):
        services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"], reason="Dừng", now=vn(2025, 8, 5, 9, 0))
    assert DossierEvent.objects.filter(dossier=d).count() == before


def test_close_after_supplement_never_came(file_online, staff):
    s = staff(BA_DINH)
    d, _ = _processing(file_online, s)
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"], missing=["Tờ khai"],
                                    now=vn(2025, 8, 5, 9, 0))
    d = services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"],
                      reason="Quá 15 ngày không bổ sung hồ sơ", now=vn(2025, 8, 20, 9, 0))
    assert d.state == State.STOPPED
    assert d.supplement_seconds == 15 * 86400  # the request date ends processing (766 method)
    assert d.outcome_766 == "on_time"
