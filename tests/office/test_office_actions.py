"""Action forms: inline Vietnamese errors, input kept, stale versions refused, success moves
the dossier."""

import re

import pytest
from tests.office.conftest import BA_DINH, actor_of

from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State

pytestmark = pytest.mark.django_db


def block(html: str, action: str) -> str:
    match = re.search(rf'<details[^>]*id="action-{action}">(.*?)</details>', html, re.S)
    assert match, action
    return match.group(0)


def test_request_supplement_needs_a_list_and_keeps_what_was_typed(file_online, unit):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    client = u["specialist"][0]
    response = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/request_supplement/",
                           {"request_supplement-version": d.version, "request_supplement-reason": "Thiếu giấy"})
    assert response.status_code == 422
    html = block(response.content.decode(), "request_supplement")
    assert " open" in html.split(">")[0]
    assert "Chọn hoặc ghi ít nhất một nội dung cần bổ sung" in html and "Thiếu giấy" in html
    ok = client.post(f"/can-bo/ho-so/{d.code}/thao-tac/request_supplement/", {
        "request_supplement-version": d.version,
        "request_supplement-missing_docs": ["Giấy xác nhận tình trạng hôn nhân cũ"],
        "request_supplement-missing_other": "Bản sao giấy khai sinh\n\n",
    })
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.state == State.SUPPLEMENT_REQUESTED
    assert d.supplement_missing == ["Giấy xác nhận tình trạng hôn nhân cũ", "Bản sao giấy khai sinh"]


def test_refuse_needs_a_reason(file_online, unit):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    response = u["counter"][0].post(f"/can-bo/ho-so/{d.code}/thao-tac/refuse/", {"refuse-version": d.version})
    assert response.status_code == 422
    assert 'id="id_refuse-reason_error">Vui lòng điền mục này.' in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == State.NEW


def test_a_stale_version_is_a_conflict_shown_on_the_page(file_online, unit):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    services.accept(dossier_id=d.pk, version=d.version, actor=actor_of(u["counter"][1]))
    response = u["counter"][0].post(f"/can-bo/ho-so/{d.code}/thao-tac/assign/", {"assign-version": 1})
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == State.ACCEPTED


def test_extend_by_the_approver_with_a_domain_error_inline(file_online, unit):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    counter = actor_of(u["counter"][1])
    d = services.accept(dossier_id=d.pk, version=d.version, actor=counter)
    response = u["approver"][0].post(f"/can-bo/ho-so/{d.code}/thao-tac/extend/", {
        "extend-version": d.version, "extend-new_due_date": "2020-01-01", "extend-new_due_time": "16:00",
        "extend-reason": "Cần xác minh thêm"})
    assert response.status_code in (409, 422)
    html = block(response.content.decode(), "extend")
    assert "Cần xác minh thêm" in html and 'class="error' in html


def test_the_happy_path_through_the_forms(file_online, unit):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    counter, approver = u["counter"][0], u["approver"][0]
    assert counter.post(f"/can-bo/ho-so/{d.code}/thao-tac/accept/", {"accept-version": 1}).status_code == 302
    assert counter.post(f"/can-bo/ho-so/{d.code}/thao-tac/assign/", {"assign-version": 2,
                                                                      "assign-assignee": ""}).status_code == 302
    r = approver.post(f"/can-bo/ho-so/{d.code}/thao-tac/decide/", {
        "decide-version": 3, "decide-result_summary": "Đã cấp", "decide-electronic": "on"})
    assert r.status_code == 302
    assert counter.post(f"/can-bo/ho-so/{d.code}/thao-tac/return_result/",
                        {"return_result-version": 4}).status_code == 302
    d.refresh_from_db()
    assert d.state == State.RETURNED and d.result_electronic
    page = counter.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert "Đã thực hiện: Trả kết quả." in page
