"""The admin: grants are created and revoked through access.services (so they are audited),
never deleted; "who holds what" lists the grants in force; audit tables are read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.dossiers.conftest import BA_DINH

from localgov.access.models import GrantAudit, RoleGrant
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role


@pytest.fixture
def admin_client(client, db, world):
    admin = create_user(username="quan-tri", password=None, is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    client.admin_user = admin
    return client


def test_granting_in_the_admin_goes_through_the_service(admin_client):
    officer = create_user(username="can-bo-moi", password=None)
    response = admin_client.post(reverse("admin:access_rolegrant_add"), {
        "user": officer.pk, "role": "specialist", "commune": BA_DINH, "starts_on": "2025-08-01",
        "ends_on": "2025-12-31", "reason": "Quyết định phân công",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = RoleGrant.objects.get(user=officer)
    assert grant.granted_by == admin_client.admin_user and grant.commune_id == BA_DINH
    line = GrantAudit.objects.get(user=officer, action="grant")
    assert line.by == admin_client.admin_user and line.reason == "Quyết định phân công"


def test_the_admin_refuses_an_officer_grant_without_a_unit(admin_client):
    officer = create_user(username="thieu-don-vi", password=None)
    response = admin_client.post(reverse("admin:access_rolegrant_add"), {
        "user": officer.pk, "role": "approver", "starts_on": "2025-08-01",
    })
    assert response.status_code == 200
    assert "phải gắn với" in response.content.decode()
    assert not RoleGrant.objects.filter(user=officer).exists()


def test_revoking_in_the_admin_is_audited_and_needs_a_reason(admin_client):
    officer = create_user(username="se-thu-hoi", password=None)
    grant = grant_role(user=officer, role=Role.SPECIALIST, commune=BA_DINH)
    url = reverse("admin:access_rolegrant_change", args=[grant.pk])
    response = admin_client.post(url, {"revoke": "on", "revoke_reason": ""})
    assert response.status_code == 200 and "lý do thu hồi" in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is None
    response = admin_client.post(url, {"revoke": "on", "revoke_reason": "Nghỉ hưu"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == admin_client.admin_user
    assert GrantAudit.objects.get(grant=grant, action="revoke").reason == "Nghỉ hưu"


def test_grants_cannot_be_deleted_in_the_admin(admin_client):
    grant = grant_role(user=create_user(username="con-lai", password=None), role=Role.SPECIALIST, commune=BA_DINH)
    response = admin_client.post(reverse("admin:access_rolegrant_delete", args=[grant.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_who_holds_what_page(admin_client):
    grant_role(user=create_user(username="lanh-dao-ba-dinh", password=None), role=Role.APPROVER, commune=BA_DINH)
    response = admin_client.get(reverse("admin:access_rolegrant_who"), {"commune": BA_DINH})
    page = response.content.decode()
    assert response.status_code == 200 and "lanh-dao-ba-dinh" in page and "Lãnh đạo phê duyệt" in page
    assert "lanh-dao-ba-dinh" not in admin_client.get(reverse("admin:access_rolegrant_who"),
                                                       {"province": "79"}).content.decode()
    changelist = admin_client.get(reverse("admin:access_rolegrant_changelist"), {"status": "active"})
    assert changelist.status_code == 200 and "lanh-dao-ba-dinh" in changelist.content.decode()


def test_audit_tables_are_read_only_in_the_admin(admin_client):
    create_user(username="ai-do", password=None)
    line = GrantAudit.objects.filter(action="create_user").first()
    assert admin_client.get(reverse("admin:access_grantaudit_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:access_grantaudit_add")).status_code == 403
    response = admin_client.post(reverse("admin:access_grantaudit_change", args=[line.pk]), {"reason": "x"})
    assert response.status_code in (302, 403)
    line.refresh_from_db()
    assert line.reason == ""
    assert admin_client.get(reverse("admin:access_personaldataaccess_changelist")).status_code == 200


def test_creating_a_user_in_the_admin_is_audited(admin_client):
    response = admin_client.post(reverse("admin:auth_user_add"), {
        "username": "nguoi-moi", "password1": "mot-mat-khau-dai-7", "password2": "mot-mat-khau-dai-7",
        "usable_password": "true", "role_grants-TOTAL_FORMS": "0", "role_grants-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    line = GrantAudit.objects.get(user__username="nguoi-moi")
    assert line.action == "create_user" and line.by == admin_client.admin_user


def test_who_holds_what_needs_the_view_permission(client, db, world):
    staff = create_user(username="nhan-vien", password=None, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:access_rolegrant_who")).status_code == 403
