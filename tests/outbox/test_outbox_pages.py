"""The applicant chooses the channels on the portal form, the counter form and the API; the
tracking page lists every notification (masked); administrators see the stuck list and retry."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, PDF, applicant, b64, centre_of, docs_for, vn

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.outbox import rules, worker
from localgov.outbox.models import Message, NotificationChoice

pytestmark = pytest.mark.django_db
PORTAL = "/thu-tuc/1.004873/nop/?tinh=01"
PORTAL_FORM = {"tinh": "01", "applicant_name": "Nguyễn Văn An", "applicant_id_number": "001090012345",
               "competent_commune": BA_DINH, "return_method": "online", "idem": "n1"}


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_portal_form_asks_for_the_contact_of_the_chosen_channel(client, world):
    page = client.get(PORTAL).content.decode()
    assert 'name="notify_channels"' in page and "Tin nhắn SMS" in page
    response = client.post(PORTAL, {**PORTAL_FORM, "notify_channels": ["email"], "doc-d1": _pdf("a.pdf"),
                                    "doc-d2": _pdf("b.pdf")})
    assert response.status_code == 422
    assert "Nhập thư điện tử để nhận thông báo qua thư điện tử." in response.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(PORTAL, {**PORTAL_FORM, "notify_channels": ["email"], "applicant_email": "an@example.vn"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NotificationChoice.objects.get().channels == "email"


def test_counter_form_stores_the_choice_and_the_receipt_is_queued(world):
    user = create_user(username="mot-cua", password="Mat-khau-thu-nghiem-2025")
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=HOAN_KIEM, centre_id=centre_of(HOAN_KIEM))
    client = Client()
    client.force_login(user)
    response = client.post("/can-bo/tiep-nhan/", {
        "thu_tuc": "1.004873", "competent_commune": BA_DINH, "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "001190012345", "applicant_phone": "0987654321", "return_method": "centre",
        "idem": "c1", "presented": ["d1", "d2"], "notify_channels": ["sms"]})
    assert response.status_code == 302, response.content.decode()[:3000]
    d = Dossier.objects.get()
    assert NotificationChoice.objects.get(dossier=d).channels == "sms"
    assert list(Message.objects.filter(dossier=d, consumer=rules.CONSUMER_NOTIFY).values_list("topic", "channel")) \
        == [("receipt", "sms")]


def test_api_takes_the_choice_and_refuses_an_unknown_channel(world):
    body = {"procedure_code": "1.004873", "channel": 2, "competent_commune_code": BA_DINH,
            "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
            "documents": [{"doc_code": u.doc_code, "name": u.name, "content_type": u.content_type,
                           "content_base64": b64(u.content)} for u in docs_for("1.004873")]}
    client = Client()
    bad = client.post("/api/v1/dossiers/", json.dumps({**body, "notify_channels": ["fax"]}),
                      content_type="application/json")
    assert bad.status_code == 422 and "notify_channels" in json.dumps(bad.json()["fields"])
    no_email = client.post("/api/v1/dossiers/", json.dumps({**body, "notify_channels": ["email"]}),
                           content_type="application/json")
    assert no_email.status_code == 422 and no_email.json()["fields"]["notify_channels"]
    assert not Dossier.objects.exists()
    ok = client.post("/api/v1/dossiers/", json.dumps({**body, "notify_channels": ["sms"]}),
                     content_type="application/json")
    assert ok.status_code == 201
    assert NotificationChoice.objects.get().channels == "sms"


def test_tracking_page_lists_every_notification_masked(client, file_online, staff, smtp):
    s = staff(BA_DINH)
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email="an.nguyen@example.vn"),
                      notify_channels=["email", "sms"])
    d = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    worker.run_once(consumers=(rules.CONSUMER_NOTIFY,))
    session = client.session
    session["portal_access"] = {d.code: sub.secret}
    session.save()
    html = client.get(f"/ho-so/{d.code}/").content.decode()
    assert "Thông báo đã gửi cho bạn" in html
    assert html.count("Tiếp nhận hồ sơ, hẹn trả kết quả") >= 2
    assert "an*******@example.vn" in html and "091****678" in html
    assert "an.nguyen@example.vn" not in html and "0912345678" not in html
    assert "Đã gửi" in html


def test_administrators_see_the_stuck_list_and_retry(client, file_online, settings):
    settings.LOCALGOV_OUTBOX_MAX_ATTEMPTS = 1
    settings.LOCALGOV_DVCQG_URL = ""  # not configured: every sync fails with that reason
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    worker.run_once()
    m = Message.objects.get(dossier=d, consumer=rules.CONSUMER_DVCQG)
    assert m.status == rules.FAILED
    officer = create_user(username="chuyen-vien", password=None)
    client.force_login(officer)
    assert client.get(reverse("admin:outbox_message_changelist")).status_code == 302  # not staff: sign-in page
    admin = create_user(username="quan-tri", password=None, is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get(reverse("admin:outbox_message_changelist") + "?stuck=1").content.decode()
    assert m.key in html and "Chưa cấu hình LOCALGOV_DVCQG_URL" in html
    response = client.post(reverse("admin:outbox_message_changelist") + "?stuck=1",
                           {"action": "retry_failed", "_selected_action": [m.pk]})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.attempts) == (rules.QUEUED, 0)
