"""Bundle parents follow the same rule as single dossiers (policy.can_act, checked on the
parent before any child moves): a birth bundle of Ba Đình received at Hoàn Kiếm's desk
(Decree 118 Art. 20). The receiving desk registers the withdrawal, closes the file and
returns the result where the applicant chose; it cannot refuse after receipt (Art. 19(3)),
which Ba Đình — the competent unit — can. Nothing is written by a refused attempt."""

from __future__ import annotations

import pytest
from django.db import transaction
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, applicant, centre_of, docs_for, vn

from localgov.access.policy import SYSTEM
from localgov.core.errors import PermissionDenied
from localgov.dossiers import services
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod, State

BIRTH = "2.002621"


def _received_at_hoan_kiem(counter) -> Dossier:
    data = SubmitInput(procedure_code=BIRTH, channel=Channel.IN_PERSON, applicant=applicant(),
                       competent_commune_code=BA_DINH, received_centre_id=centre_of(HOAN_KIEM),
                       documents=docs_for(BIRTH), return_method=ReturnMethod.CENTRE)
    parent = submit(data, actor=counter, now=vn(2025, 8, 4, 9, 0)).dossier
    assert parent.state == State.ACCEPTED and parent.received_commune_code == HOAN_KIEM
    assert parent.return_centre_id == centre_of(HOAN_KIEM)
    return parent


def _refused(call) -> None:
    events = DossierEvent.objects.count()
    with pytest.raises(PermissionDenied):
        with transaction.atomic():
            call()
    assert DossierEvent.objects.count() == events


def test_refusal_of_the_parent_after_receipt_is_the_competent_units(staff):
    hk, bd = staff(HOAN_KIEM), staff(BA_DINH)
    parent = _received_at_hoan_kiem(hk["counter"])
    _refused(lambda: services.refuse(dossier_id=parent.pk, version=parent.version, actor=hk["counter"],
                                     reason="Không hợp lệ", now=vn(2025, 8, 4, 10, 0)))
    _refused(lambda: services.refuse(dossier_id=parent.pk, version=parent.version, actor=hk["approver"],
                                     reason="Không hợp lệ", now=vn(2025, 8, 4, 10, 0)))
    parent = services.refuse(dossier_id=parent.pk, version=parent.version, actor=bd["counter"],
                             reason="Giấy chứng sinh không hợp lệ", now=vn(2025, 8, 4, 10, 0))
    assert parent.state == State.REFUSED
    assert {State(c.state) for c in Dossier.objects.filter(parent=parent)} == {State.REFUSED}


def test_the_receiving_desk_registers_the_withdrawal_and_stops(staff):
    hk = staff(HOAN_KIEM)
    parent = _received_at_hoan_kiem(hk["counter"])
    _refused(lambda: services.request_withdrawal(dossier_id=parent.pk, version=parent.version,
                                                 actor=hk["approver"], now=vn(2025, 8, 4, 10, 0)))
    parent = services.request_withdrawal(dossier_id=parent.pk, version=parent.version, actor=hk["counter"],
                                         reason="Gia đình xin rút hồ sơ", now=vn(2025, 8, 4, 10, 0))
    parent = services.stop(dossier_id=parent.pk, version=parent.version, actor=hk["counter"],
                           reason="Dừng theo đề nghị của người nộp", now=vn(2025, 8, 4, 10, 30))
    assert parent.state == State.STOPPED


def test_the_result_is_returned_at_the_desk_the_applicant_chose(staff):
    hk, bd = staff(HOAN_KIEM), staff(BA_DINH)
    parent = _received_at_hoan_kiem(hk["counter"])
    # Every member decided, group after group (the system stands in for the member agencies).
    while True:
        started = list(Dossier.objects.filter(parent=parent, state__in=[State.ACCEPTED, State.PROCESSING]))
        if not started:
            break
        for child in started:
            if child.state == State.ACCEPTED:
                child = services.assign(dossier_id=child.pk, version=child.version, actor=SYSTEM,
                                        now=vn(2025, 8, 4, 10, 0))
            services.decide(dossier_id=child.pk, version=child.version, actor=SYSTEM, result_summary="Xong",
                            now=vn(2025, 8, 4, 11, 0))
    parent.refresh_from_db()
    assert parent.state == State.DONE
    for officer in (bd["counter"], bd["approver"], hk["approver"]):
        _refused(lambda officer=officer: services.return_result(
            dossier_id=parent.pk, version=parent.version, actor=officer, now=vn(2025, 8, 4, 14, 0)))
    parent = services.return_result(dossier_id=parent.pk, version=parent.version, actor=hk["counter"],
                                    now=vn(2025, 8, 4, 14, 0))
    assert parent.state == State.RETURNED
