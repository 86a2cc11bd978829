"""Complaints through the services: routed to the unit responsible (the dossier's competent
unit, the centre, the agency owning the procedure at the place), driven through their life,
and every action refused to whoever the policy (access/roles.COMPLAINT_ACTION_ROLES) denies —
the complaint's own matrix: role × unit × action."""

from __future__ import annotations

import pytest
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, centre_of, vn

from localgov.access.policy import ANONYMOUS, Actor
from localgov.access.roles import COMPLAINT_ACTION_ROLES, Role
from localgov.core.errors import IllegalTransition, PermissionDenied, ValidationFailed
from localgov.feedback import selectors, services
from localgov.feedback.lifecycle import Status
from localgov.feedback.models import Channel, ComplaintEvent
from localgov.feedback.services import ComplaintInput

AT = vn(2025, 8, 4, 9, 0)


def about_dossier(code: str, **over) -> ComplaintInput:
    base = {"kind": "dossier", "title": "Hồ sơ chậm", "content": "Hồ sơ của tôi đã quá hẹn mà chưa có kết quả.",
            "name": "Trần Thị Bình", "phone": "0912345678", "dossier_code": code}
    base.update(over)
    return ComplaintInput(**base)


def test_routing_to_the_unit_responsible(file_online, db):
    dossier = file_online(commune=BA_DINH).dossier
    c, secret = services.file_complaint(ANONYMOUS, about_dossier(dossier.code), at=AT)
    assert (c.province_code, c.commune_code, c.agency_id) == (dossier.province_code, BA_DINH,
                                                              dossier.competent_agency_id)
    assert c.dossier_id == dossier.pk and len(secret) >= 12 and c.status == Status.RECEIVED
    conduct, _ = services.file_complaint(ANONYMOUS, ComplaintInput(
        kind="conduct", title="Thái độ", content="Cán bộ tiếp nhận không hướng dẫn đầy đủ.", name="Lê Văn C",
        centre_id=centre_of(HOAN_KIEM)), at=AT)
    assert (conduct.centre_id, conduct.commune_code, conduct.agency_id) == (centre_of(HOAN_KIEM), HOAN_KIEM, None)
    reg, _ = services.file_complaint(ANONYMOUS, ComplaintInput(
        kind="regulation", title="Thủ tục", content="Thành phần hồ sơ đòi hỏi giấy tờ không cần thiết.",
        name="Phạm D", procedure_code="1.001193", commune_code=SAI_GON), at=AT)
    assert reg.commune_code == SAI_GON and reg.agency is not None and reg.agency.commune_id == SAI_GON
    assert c.due_at == vn(2025, 8, 25, 9, 0)  # 15 working days


@pytest.mark.parametrize("over,field", [
    ({"kind": "other"}, "kind"), ({"content": "ngắn"}, "content"), ({"name": ""}, "name"),
    ({"phone": "12ab"}, "phone"), ({"dossier_code": "KHONG-CO"}, "dossier_code"),
])
def test_bad_input_names_the_field_and_writes_nothing(file_online, db, over, field):
    from localgov.feedback.models import Complaint

    with pytest.raises(ValidationFailed) as err:
        services.file_complaint(ANONYMOUS, about_dossier(over.pop("dossier_code", "x") if "dossier_code" in over
                                                         else file_online().dossier.code, **over), at=AT)
    assert field in err.value.fields
    assert Complaint.objects.count() == 0


def test_lifecycle_answer_publish_rate_reopen(file_online, staff, db):
    dossier = file_online(commune=BA_DINH).dossier
    c, secret = services.file_complaint(ANONYMOUS, about_dossier(dossier.code), at=AT)
    ba_dinh = staff(BA_DINH)
    c = services.act(ba_dinh["counter"], c.code, "ask_info", text="Xin cung cấp ngày nộp.", at=vn(2025, 8, 5, 9))
    assert c.status == Status.WAITING_INFO and c.due_at is None
    c = services.act(ba_dinh["counter"], c.code, "info_received", text="Nộp ngày 4/8", at=vn(2025, 8, 6, 9))
    assert c.due_at == vn(2025, 8, 26, 9, 0)  # moved on by the day waited
    with pytest.raises(PermissionDenied):
        services.act(ba_dinh["counter"], c.code, "answer", text="Đã xử lý.", at=vn(2025, 8, 7, 9))
    c = services.act(ba_dinh["specialist"], c.code, "answer", text="Hồ sơ đã được giải quyết.", at=vn(2025, 8, 7, 9))
    assert c.status == Status.ANSWERED and c.due_at == vn(2025, 8, 11, 9, 0)
    assert not list(selectors.published())
    c = services.act(ba_dinh["approver"], c.code, "publish", text="Hỏi về tiến độ hồ sơ.", at=vn(2025, 8, 8, 9))
    assert [p.code for p in selectors.published()] == [c.code]
    with pytest.raises(PermissionDenied):
        services.act(ANONYMOUS, c.code, "satisfied", secret="sai-ma", at=vn(2025, 8, 9, 9))
    c = services.act(ANONYMOUS, c.code, "reopen", secret=secret, at=vn(2025, 8, 11, 9))
    assert (c.status, c.reopened, c.answered_at, c.late) == (Status.RECEIVED, 1, None, False)
    c = services.act(ba_dinh["approver"], c.code, "answer", text="Trả lời lần hai.", at=vn(2025, 8, 12, 9))
    c = services.act(ANONYMOUS, c.code, "satisfied", secret=secret, at=vn(2025, 8, 13, 9))
    assert (c.status, c.rating) == (Status.CLOSED, "satisfied")
    with pytest.raises(IllegalTransition):
        services.act(ba_dinh["specialist"], c.code, "answer", text="Lần ba.", at=vn(2025, 8, 14, 9))
    assert list(ComplaintEvent.objects.filter(complaint=c).values_list("action", flat=True)) == [
        "file", "ask_info", "info_received", "answer", "publish", "reopen", "answer", "satisfied"]


def test_a_late_answer_stays_late(file_online, staff, db):
    c, _ = services.file_complaint(ANONYMOUS, about_dossier(file_online().dossier.code), at=AT)
    c = services.act(staff(BA_DINH)["approver"], c.code, "answer", text="Trả lời muộn.", at=vn(2025, 8, 25, 9, 1))
    assert c.late


def test_counter_filing_only_at_the_officers_own_centre(counter_at, file_online, db):
    from localgov.units.models import ServiceCentre

    officer = counter_at(BA_DINH)
    data = about_dossier(file_online().dossier.code)
    c, _ = services.file_complaint(officer, data, channel=Channel.CENTRE,
                                   centre=ServiceCentre.objects.get(pk=centre_of(BA_DINH)), at=AT)
    assert c.channel == "centre" and c.filer_user_id is None
    with pytest.raises(PermissionDenied):
        services.file_complaint(officer, data, channel=Channel.CENTRE,
                                centre=ServiceCentre.objects.get(pk=centre_of(HOAN_KIEM)), at=AT)


OFFICE_ACTIONS = {"refuse": "Không thuộc phạm vi.", "ask_info": "Xin bổ sung.", "answer": "Trả lời đầy đủ.",
                  "publish": ""}


@pytest.mark.parametrize("role", [Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER, Role.PROVINCE_OVERSEER,
                                  Role.NATIONAL_OVERSEER, Role.HR_OFFICER, Role.FINANCE_OFFICER])
@pytest.mark.parametrize("where", ["own unit", "other unit", "other province"])
def test_complaint_matrix(file_online, people, db, role, where):
    """Each office action of the role at the complaint's unit succeeds exactly when
    COMPLAINT_ACTION_ROLES allows it and the unit is the role's own; the list filter agrees."""
    unit = {"own unit": BA_DINH, "other unit": HOAN_KIEM, "other province": SAI_GON}[where]
    scope = ({"province": "01"} if role is Role.PROVINCE_OVERSEER else {} if role is Role.NATIONAL_OVERSEER
             else {"commune": BA_DINH, **({"centre_id": centre_of(BA_DINH)} if role is Role.COUNTER_OFFICER else {})})
    actor: Actor = people(role, **scope)
    dossier = file_online(commune=unit).dossier
    for action, text in OFFICE_ACTIONS.items():
        c, _ = services.file_complaint(ANONYMOUS, about_dossier(dossier.code), at=AT)
        if action == "publish":
            services.act(people(Role.APPROVER, commune=unit), c.code, "answer", text="Đã trả lời.", at=AT)
        expected = role in COMPLAINT_ACTION_ROLES[action] and where == "own unit"
        try:
            services.act(actor, c.code, action, text=text, at=vn(2025, 8, 4, 10))
            outcome = True
        except PermissionDenied:
            outcome = False
        assert outcome is expected, (role, where, action)
    sees = selectors.visible_complaints(actor).exists()
    reader = role not in (Role.HR_OFFICER, Role.FINANCE_OFFICER)
    assert sees is (reader and (where == "own unit" or role is Role.NATIONAL_OVERSEER
                                or (role is Role.PROVINCE_OVERSEER and where != "other province")))
