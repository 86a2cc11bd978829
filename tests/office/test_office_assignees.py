"""The assign / advance lists show each officer's role, unit and current load ("Lê Minh Tuấn —
chuyên viên xử lý, Phường Ba Đình, 3 hồ sơ đang xử lý"), read by one query however many officers
(dossiers.selectors.assignee_options)."""

from __future__ import annotations

import html

import pytest
from tests.office.conftest import BA_DINH, HOAN_KIEM, actor_of

from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.selectors import assignee_options
from localgov.dossiers.workflow import State
from localgov.units.models import Commune

pytestmark = pytest.mark.django_db


def named(user, full_name: str):
    user.first_name, _, user.last_name = full_name.rpartition(" ")
    user.save(update_fields=["first_name", "last_name"])
    return user


def hand(dossiers: list[Dossier], user, state: State) -> None:
    Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).update(assignee=user, state=int(state))


def test_role_unit_and_load_in_one_query(file_online, unit, officer, django_assert_num_queries):
    u = unit(BA_DINH)
    tuan = named(u["specialist"][1], "Lê Minh Tuấn")
    lan = named(u["approver"][1], "Phạm Thị Lan")
    target = file_online("1.004873").dossier
    busy = [file_online("1.004873").dossier for _ in range(4)]
    hand(busy[:3], tuan, State.PROCESSING)
    hand(busy[3:], tuan, State.RETURNED)  # finished: not in hand any more
    elsewhere = officer(Role.SPECIALIST, commune=HOAN_KIEM)[1]  # another commune: not listed
    commune = Commune.objects.get(code=BA_DINH).name

    with django_assert_num_queries(1):
        options = assignee_options(target)
    by_user = {o.user_id: o for o in options}
    assert elsewhere.pk not in by_user
    assert by_user[tuan.pk].label == f"Lê Minh Tuấn — chuyên viên xử lý, {commune}, 3 hồ sơ đang xử lý"
    assert by_user[lan.pk].label == f"Phạm Thị Lan — lãnh đạo phê duyệt, {commune}, 0 hồ sơ đang xử lý"

    # more officers, one holding two roles: still one query, one line each
    for _ in range(6):
        officer(Role.SPECIALIST, commune=BA_DINH)
    from localgov.access.services import grant_role

    grant_role(user=tuan, role=Role.APPROVER, commune=BA_DINH)
    with django_assert_num_queries(1):
        options = assignee_options(target)
    assert len(options) == 8 and len({o.user_id for o in options}) == 8
    assert next(o for o in options if o.user_id == tuan.pk).label.startswith(
        "Lê Minh Tuấn — chuyên viên xử lý và lãnh đạo phê duyệt, ")


def test_the_assign_form_lists_them(file_online, unit):
    u = unit(BA_DINH)
    tuan = named(u["specialist"][1], "Lê Minh Tuấn")
    d = file_online("1.004873").dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=actor_of(u["counter"][1]))
    hand([file_online("1.004873").dossier for _ in range(2)], tuan, State.PROCESSING)
    page = html.unescape(u["counter"][0].get(f"/can-bo/ho-so/{d.code}/").content.decode())
    assert f'<option value="{tuan.pk}">Lê Minh Tuấn — chuyên viên xử lý, ' in page
    assert "2 hồ sơ đang xử lý</option>" in page
