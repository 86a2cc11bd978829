"""The admin shows workforce rows read-only (services are the only writers)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from localgov.workforce.models import Official


def test_admin_is_read_only(demo_ha_tinh) -> None:
    admin = get_user_model().objects.create_superuser("wf-admin", "a@example.org", "mat-khau-dai-123")
    c = Client()
    c.force_login(admin)
    assert c.get("/admin/workforce/official/").status_code == 200
    official = Official.objects.order_by("pk").first()
    page = c.get(f"/admin/workforce/official/{official.pk}/change/")
    assert page.status_code == 200 and official.full_name in page.content.decode()
    assert c.get("/admin/workforce/official/add/").status_code == 403
    assert c.post(f"/admin/workforce/official/{official.pk}/delete/", {"post": "yes"}).status_code == 403
    assert c.get("/admin/workforce/officialrecord/").status_code == 200
    assert Official.objects.filter(pk=official.pk).exists()
