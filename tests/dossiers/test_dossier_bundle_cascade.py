"""Refusal and withdrawal on a bundle parent cascade to every child where the workflow allows
it; the parent is derived once from the children (no intermediate states), and a member
refused on its own never sends the parent back to "newly submitted"."""

from tests.dossiers.conftest import BA_DINH, vn

from localgov.dossiers import services
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import State, derive_parent_state

BIRTH = "2.002621"


def _accepted_bundle(file_online, s):
    sub = file_online(BIRTH, at=vn(2025, 8, 4, 9, 0))
    parent = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    return parent, sub.children


def _derive_events(parent):
    return list(DossierEvent.objects.filter(dossier=parent, action="derive").order_by("seq")
                .values_list("from_state", "to_state"))


def test_refusal_cascades_to_every_child(file_online, staff):
    s = staff(BA_DINH)
    parent, children = _accepted_bundle(file_online, s)
    parent = services.refuse(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                             reason="Giấy chứng sinh không hợp lệ", now=vn(2025, 8, 4, 10, 0))
    assert parent.state == State.REFUSED and parent.closed_at == vn(2025, 8, 4, 10, 0)
    rows = Dossier.objects.filter(parent=parent).order_by("bundle_order")
    assert [State(c.state) for c in rows] == [State.REFUSED] * 3
    assert all(c.refusal_reason == "Giấy chứng sinh không hợp lệ" for c in rows)
    assert _derive_events(parent) == [(State.ACCEPTED, State.REFUSED)]  # derived once, no detour via NEW
    for child in rows:
        assert DossierEvent.objects.filter(dossier=child, action="refuse").count() == 1


def test_withdrawal_then_stop_cascade(file_online, staff):
    s = staff(BA_DINH)
    parent, (justice, police, insurance) = _accepted_bundle(file_online, s)
    justice.refresh_from_db()
    services.assign(dossier_id=justice.pk, version=justice.version, actor=s["specialist"], now=vn(2025, 8, 4, 9, 30))
    parent.refresh_from_db()
    assert parent.state == State.PROCESSING
    parent = services.request_withdrawal(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                                         reason="Gia đình xin rút hồ sơ", now=vn(2025, 8, 4, 10, 0))
    assert parent.state == State.WITHDRAWAL_REQUESTED
    assert {State(c.state) for c in Dossier.objects.filter(parent=parent)} == {State.WITHDRAWAL_REQUESTED}
    parent = services.stop(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                           reason="Dừng theo đề nghị của người nộp", now=vn(2025, 8, 4, 10, 30))
    assert parent.state == State.STOPPED
    assert {State(c.state) for c in Dossier.objects.filter(parent=parent)} == {State.STOPPED}
    assert _derive_events(parent) == [(State.ACCEPTED, State.PROCESSING),
                                      (State.PROCESSING, State.WITHDRAWAL_REQUESTED),
                                      (State.WITHDRAWAL_REQUESTED, State.STOPPED)]
    stop_event = DossierEvent.objects.get(dossier=police, action="stop")
    assert stop_event.reason == "Dừng theo đề nghị của người nộp"


def test_refusal_of_a_new_bundle(file_online, staff):
    s = staff(BA_DINH)
    sub = file_online(BIRTH, at=vn(2025, 8, 4, 9, 0))
    parent = services.refuse(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], reason="Không thuộc thẩm quyền",
                             now=vn(2025, 8, 4, 9, 30))
    assert parent.state == State.REFUSED
    assert _derive_events(parent) == [(State.NEW, State.REFUSED)]


def test_a_member_refused_alone_keeps_the_parent_in_hand(file_online, staff):
    s = staff(BA_DINH)
    parent, (justice, _police, _insurance) = _accepted_bundle(file_online, s)
    justice.refresh_from_db()
    services.refuse(dossier_id=justice.pk, version=justice.version, actor=s["specialist"],
                    reason="Không đủ điều kiện đăng ký", now=vn(2025, 8, 4, 10, 0))
    parent.refresh_from_db()
    assert parent.state == State.PROCESSING  # never back to NEW once accepted
    # The officer then refuses the rest on the parent.
    parent = services.refuse(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                             reason="Không đủ điều kiện đăng ký khai sinh", now=vn(2025, 8, 4, 11, 0))
    assert parent.state == State.REFUSED


def test_derive_rule():
    assert derive_parent_state([State.REFUSED, State.NEW, State.NEW]) == State.PROCESSING
    assert derive_parent_state([State.ACCEPTED, State.NEW]) == State.ACCEPTED
    assert derive_parent_state([State.NEW, State.NEW]) == State.NEW
    assert derive_parent_state([State.DONE, State.RETURNED]) == State.DONE
    assert derive_parent_state([State.RETURNED, State.STOPPED]) == State.RETURNED


def test_cascade_needs_a_legal_parent_state_and_writes_nothing_otherwise(file_online, staff):
    import pytest

    from localgov.core.errors import IllegalTransition

    s = staff(BA_DINH)
    parent, (justice, _police, _insurance) = _accepted_bundle(file_online, s)
    justice.refresh_from_db()
    justice = services.assign(dossier_id=justice.pk, version=justice.version, actor=s["specialist"],
                              now=vn(2025, 8, 4, 9, 30))
    services.decide(dossier_id=justice.pk, version=justice.version, actor=s["approver"], result_summary="Đã đăng ký",
                    now=vn(2025, 8, 4, 10, 0))
    parent.refresh_from_db()
    assert parent.state == State.PROCESSING  # police and insurance still running
    events = DossierEvent.objects.count()
    with pytest.raises(IllegalTransition):
        services.return_result(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                               now=vn(2025, 8, 4, 11, 0))
    assert DossierEvent.objects.count() == events
    justice.refresh_from_db()
    assert justice.state == State.DONE  # not returned on its own through the parent


def test_stale_version_on_the_parent_conflicts(file_online, staff):
    import pytest

    from localgov.core.errors import Conflict

    s = staff(BA_DINH)
    parent, _children = _accepted_bundle(file_online, s)
    services.refuse(dossier_id=parent.pk, version=parent.version, actor=s["counter"], reason="Không hợp lệ",
                    now=vn(2025, 8, 4, 10, 0))
    with pytest.raises(Conflict):
        services.refuse(dossier_id=parent.pk, version=parent.version, actor=s["counter"], reason="Lần nữa",
                        now=vn(2025, 8, 4, 10, 5))
