"""What each officer may see and do comes from the single access policy: another commune's
officer is refused the dossier page; actions not allowed are not shown, and are refused if
posted anyway (nothing changes)."""

import pytest
from tests.office.conftest import BA_DINH, SAI_GON

from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State

pytestmark = pytest.mark.django_db


def summaries(html: str) -> list[str]:
    import re

    return re.findall(r"<summary>([^<]*)</summary>", html)


def processing(file_online, unit):
    from tests.office.conftest import actor_of

    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    counter = actor_of(u["counter"][1])
    d = services.accept(dossier_id=d.pk, version=d.version, actor=counter)
    d = services.assign(dossier_id=d.pk, version=d.version, actor=counter)
    return u, d


def test_officer_of_another_commune_gets_403(file_online, officer):
    d = file_online("1.004873").dossier
    client, _ = officer(Role.SPECIALIST, commune=SAI_GON)
    assert client.get(f"/can-bo/ho-so/{d.code}/").status_code == 403
    assert client.get(f"/can-bo/ho-so/{d.code}/mau/01.pdf").status_code == 403
    response = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/refuse/", {"refuse-version": d.version,
                                                                         "refuse-reason": "x"})
    assert response.status_code == 403
    assert Dossier.objects.get(pk=d.pk).state == State.NEW


def test_unknown_dossier_is_404(officer, world):
    client, _ = officer(Role.SPECIALIST, commune=BA_DINH)
    assert client.get("/can-bo/ho-so/KHONG-CO-000000-0000/").status_code == 404


def test_only_allowed_actions_are_shown(file_online, unit):
    u, d = processing(file_online, unit)
    specialist = summaries(u["specialist"][0].get(f"/can-bo/ho-so/{d.code}/").content.decode())
    approver = summaries(u["approver"][0].get(f"/can-bo/ho-so/{d.code}/").content.decode())
    assert "Chuyển bước xử lý" in specialist and "Đã có kết quả giải quyết" not in specialist
    assert "Xin lỗi và hẹn lại ngày trả kết quả" not in specialist
    assert "Đã có kết quả giải quyết" in approver and "Xin lỗi và hẹn lại ngày trả kết quả" in approver
    assert "Tiếp nhận hồ sơ, hẹn trả kết quả" not in approver  # not legal while processing
    assert "Đánh giá mức độ hài lòng" not in approver


def test_an_action_not_allowed_is_refused_when_posted(file_online, unit):
    u, d = processing(file_online, unit)
    client = u["specialist"][0]
    response = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/decide/",
                           {"decide-version": d.version, "decide-result_summary": "Cấp"})
    assert response.status_code == 403
    illegal = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/accept/", {"accept-version": d.version})
    assert illegal.status_code == 403
    assert client.post(f"/can-bo/ho-so/{d.code}/thao-tac/khong-co/", {}).status_code == 404
    assert Dossier.objects.get(pk=d.pk).state == State.PROCESSING


def test_full_personal_data_only_for_officers_and_recorded(file_online, unit, officer):
    from localgov.access.models import PersonalDataAccess

    u, d = processing(file_online, unit)
    html = u["specialist"][0].get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert 'id="id-number">001090012345<' in html
    assert PersonalDataAccess.objects.filter(dossier_code=d.code, user=u["specialist"][1]).count() == 1
    overseer, user = officer(Role.PROVINCE_OVERSEER, province="01")
    html = overseer.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert 'id="id-number">001******345<' in html
    assert not PersonalDataAccess.objects.filter(dossier_code=d.code, user=user).exists()
    assert summaries(html) == []  # an overseer takes no actions
