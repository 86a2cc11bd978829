"""Decree 63/2024 group 1 (birth + permanent residence + health-insurance card), end to end:
one submission creates the parent and three children with their own codes; justice runs
first (same day), then police and social insurance in parallel with their own
sub-deadlines; the parent's state is derived at each step; done when all are done;
returned by one action on the parent."""

from tests.dossiers.conftest import BA_DINH, vn

from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.audit import verify_chains
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import State

BIRTH = "2.002621"


def _state(d: Dossier) -> State:
    d.refresh_from_db()
    return State(d.state)


def _process(child: Dossier, actor, approver, *, start, end) -> Dossier:
    child.refresh_from_db()
    child = services.assign(dossier_id=child.pk, version=child.version, actor=actor, now=start)
    return services.decide(dossier_id=child.pk, version=child.version, actor=approver, result_summary="Đã giải quyết",
                           now=end)


def test_birth_bundle_end_to_end(file_online, staff, people):
    s = staff(BA_DINH)
    sub = file_online(BIRTH, at=vn(2025, 8, 4, 9, 0))  # Monday
    parent = sub.dossier
    justice, police, insurance = sub.children
    # One submission: a parent and three children, each with its own code and agency.
    assert parent.bundle.code == BIRTH and parent.parent_id is None
    assert [c.bundle_order for c in sub.children] == [1, 2, 3]
    codes = {parent.code, justice.code, police.code, insurance.code}
    assert len(codes) == 4
    assert justice.competent_agency.kind == "commune_office" and justice.competent_agency.commune_id == BA_DINH
    assert police.competent_agency.kind == "commune_police" and police.competent_agency.commune_id == BA_DINH
    assert insurance.competent_agency.kind == "social_insurance" and insurance.competent_agency.province_id == "01"
    for child in sub.children:
        assert child.code.startswith(child.competent_agency.electronic_id + "-250804-")
        assert child.state == State.NEW and child.parent_id == parent.pk
    assert parent.state == State.NEW

    # Acceptance of the parent (Mẫu 01) starts the first group only: justice, same day.
    parent = services.accept(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                             now=vn(2025, 8, 4, 9, 30))
    assert parent.state == State.ACCEPTED
    assert parent.due_at == vn(2025, 8, 7, 9, 30)  # the group's total: 3 working days
    # "trong ngày": due at close of office on the day of receipt
    assert _state(justice) == State.ACCEPTED and justice.due_at == vn(2025, 8, 4, 17, 0)
    assert _state(police) == State.NEW and _state(insurance) == State.NEW

    # Justice processes: the parent follows (derived), police and insurance still wait.
    justice = services.assign(dossier_id=justice.pk, version=justice.version, actor=s["specialist"],
                              now=vn(2025, 8, 4, 10, 0))
    assert _state(parent) == State.PROCESSING
    assert _state(police) == State.NEW and _state(insurance) == State.NEW
    justice = services.decide(dossier_id=justice.pk, version=justice.version, actor=s["approver"],
                              result_summary="Đã đăng ký khai sinh", now=vn(2025, 8, 4, 11, 0))
    assert justice.state == State.DONE

    # Justice done → police and social insurance start together, each with 2 working days.
    police.refresh_from_db()
    insurance.refresh_from_db()
    assert police.state == State.ACCEPTED and insurance.state == State.ACCEPTED
    assert police.accepted_at == insurance.accepted_at == vn(2025, 8, 4, 11, 0)
    assert police.due_at == insurance.due_at == vn(2025, 8, 6, 11, 0)
    assert _state(parent) == State.PROCESSING

    # The province's social insurance office handles its child; the commune police theirs.
    bhxh = insurance.competent_agency_id
    bhxh_specialist = people(Role.SPECIALIST, agency_id=bhxh)
    bhxh_approver = people(Role.APPROVER, agency_id=bhxh)
    _process(police, s["specialist"], s["approver"], start=vn(2025, 8, 4, 14, 0), end=vn(2025, 8, 5, 10, 0))
    assert _state(parent) == State.PROCESSING  # one of two parallel members done
    insurance = _process(insurance, bhxh_specialist, bhxh_approver, start=vn(2025, 8, 5, 8, 0),
                         end=vn(2025, 8, 5, 15, 0))
    assert insurance.state == State.DONE and insurance.outcome in ("early", "on_time")

    # All done → the parent is done and classified against the group's 3 days.
    parent.refresh_from_db()
    assert parent.state == State.DONE and parent.outcome == "early"
    assert parent.decided_at == vn(2025, 8, 5, 15, 0)

    # Return on the parent hands over every child's result; the parent derives RETURNED.
    parent = services.return_result(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                                    now=vn(2025, 8, 5, 16, 0))
    assert parent.state == State.RETURNED
    assert {State(c.state) for c in Dossier.objects.filter(parent=parent)} == {State.RETURNED}

    parent_events = list(DossierEvent.objects.filter(dossier=parent).order_by("seq").values_list(
        "action", "from_state", "to_state"))
    assert parent_events == [
        ("submit", None, State.NEW), ("accept", State.NEW, State.ACCEPTED),
        ("derive", State.ACCEPTED, State.PROCESSING), ("derive", State.PROCESSING, State.DONE),
        ("derive", State.DONE, State.RETURNED),
    ]
    assert list(verify_chains()) == []


def test_parallel_members_have_their_own_deadlines(file_online, staff):
    """Sub-deadlines come from the bundle, not from each procedure's own deadline (7 days
    for permanent residence alone, 5 for an insurance card alone)."""
    s = staff(BA_DINH)
    sub = file_online(BIRTH, at=vn(2025, 8, 8, 9, 0))  # Friday
    parent = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 8, 9, 0))
    justice = sub.children[0]
    justice.refresh_from_db()
    _process(justice, s["specialist"], s["approver"], start=vn(2025, 8, 8, 10, 0), end=vn(2025, 8, 8, 14, 0))
    for child in sub.children[1:]:
        child.refresh_from_db()
        assert child.due_at == vn(2025, 8, 12, 14, 0)  # Fri 14:00 + 2 working days over the weekend
    assert parent.due_at == vn(2025, 8, 13, 9, 0)
