"""Answer a supplement request online, rate at the end, download the electronic result."""

import pytest
from tests.portal.conftest import BA_DINH, opened, pdf_file

from localgov.dossiers import services
from localgov.dossiers.models import Dossier, DossierDocument
from localgov.dossiers.workflow import State

pytestmark = pytest.mark.django_db


def to_supplement(file_online, staff):
    sub = file_online("1.004873")
    s = staff(BA_DINH)
    d = services.request_supplement(dossier_id=sub.dossier.pk, version=1, actor=s["specialist"],
                                    missing=["Giấy xác nhận tình trạng hôn nhân cũ"])
    return sub, s, d


def test_supplement_online_uploads_and_returns_to_the_desk(client, file_online, staff):
    sub, _s, d = to_supplement(file_online, staff)
    opened(client, sub)
    page = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "Cần bổ sung giấy tờ" in page and "Giấy xác nhận tình trạng hôn nhân cũ" in page
    response = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "sup-0": pdf_file("xn-cu.pdf")})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == State.NEW and d.version == 3
    doc = DossierDocument.objects.get(dossier=d, is_supplement=True)
    assert doc.original_name == "xn-cu.pdf" and doc.size > 0


def test_supplement_without_a_file_is_refused_inline(client, file_online, staff):
    sub, _s, d = to_supplement(file_online, staff)
    opened(client, sub)
    response = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "note": "đã gửi"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_sup-0_error">Vui lòng đính kèm ít nhất một giấy tờ bổ sung.' in html
    assert "đã gửi" in html  # the note typed is kept
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT_REQUESTED


def test_supplement_by_someone_without_the_secret_is_refused(client, file_online, staff):
    _sub, _s, d = to_supplement(file_online, staff)
    response = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "sup-0": pdf_file()})
    assert response.status_code == 302 and response["Location"].startswith("/tra-cuu/")
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT_REQUESTED


def finish(sub, s):
    d = sub.dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"])
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"])
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp giấy XN",
                        electronic=True)
    return d


def test_result_pdf_and_rating_at_the_end(client, file_online, staff, tmp_path):
    sub = file_online("1.004873")
    s = staff(BA_DINH)
    opened(client, sub)
    assert client.get(f"/ho-so/{sub.dossier.code}/ket-qua.pdf").status_code == 404  # no result yet
    d = finish(sub, s)
    response = client.get(f"/ho-so/{d.code}/ket-qua.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "Đánh giá mức độ hài lòng" not in html  # not returned yet: nothing to rate
    d = services.return_result(dossier_id=d.pk, version=d.version, actor=s["counter"])
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert 'action="/ho-so/' in html and "Gửi đánh giá" in html
    bad = client.post(f"/ho-so/{d.code}/danh-gia/", {"version": d.version})
    assert bad.status_code == 422 and "Vui lòng chọn mức độ hài lòng." in bad.content.decode()
    ok = client.post(f"/ho-so/{d.code}/danh-gia/", {"version": d.version, "rating": "4", "comment": "Nhanh"})
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.rating == 4 and d.rating_comment == "Nhanh"
    again = client.post(f"/ho-so/{d.code}/danh-gia/", {"version": d.version, "rating": "5"})
    assert again.status_code == 409 and "Hồ sơ đã được đánh giá." in again.content.decode()
