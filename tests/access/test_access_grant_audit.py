"""Every account creation, grant and revocation is itself audited (who, what, when, why),
and the audit cannot be edited or deleted."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from tests.dossiers.conftest import BA_DINH

from localgov.access.models import GrantAudit
from localgov.access.roles import Role
from localgov.access.selectors import grant_history, who_holds_what
from localgov.access.services import create_user, grant_role, revoke_role


def test_grant_and_revocation_write_audit_lines(db, world):
    boss = create_user(username="truong-phong", password=None)
    user = create_user(username="chuyen-vien", password=None, by=boss, reason="Tuyển dụng mới")
    grant = grant_role(user=user, role=Role.SPECIALIST, commune=BA_DINH, by=boss, starts_on=date(2025, 8, 1),
                       ends_on=date(2025, 12, 31), reason="Quyết định 12/QĐ-UBND")
    revoke_role(grant=grant, by=boss, reason="Chuyển công tác")
    revoke_role(grant=grant, by=boss, reason="lần hai")  # no second line: already revoked
    lines = list(grant_history(user.pk))
    assert [line.action for line in lines] == ["create_user", "grant", "revoke"]
    created, granted, revoked = lines
    assert created.by == boss and created.reason == "Tuyển dụng mới"
    assert granted.by_label == "truong-phong" and granted.role == "specialist"
    assert granted.unit == f"xã {BA_DINH}" and granted.period == "2025-08-01 → 2025-12-31"
    assert granted.reason == "Quyết định 12/QĐ-UBND" and granted.grant_id == grant.pk
    assert revoked.reason == "Chuyển công tác" and revoked.at >= granted.at
    grant.refresh_from_db()
    assert grant.revoked_by == boss and grant.revoked_at is not None


def test_a_failed_grant_writes_nothing(db, world):
    from localgov.core.errors import ValidationFailed

    user = create_user(username="khong-don-vi", password=None)
    with pytest.raises(ValidationFailed):
        grant_role(user=user, role=Role.SPECIALIST)
    with pytest.raises(ValidationFailed):
        grant_role(user=user, role=Role.HR_OFFICER)
    assert list(GrantAudit.objects.filter(user=user).values_list("action", flat=True)) == ["create_user"]


def test_audit_lines_are_append_only(db, world):
    user = create_user(username="bat-bien", password=None)
    line = GrantAudit.objects.get(user=user)
    line.reason = "sửa lại"
    with pytest.raises(PermissionError):
        line.save()
    with pytest.raises(PermissionError):
        line.delete()
    with pytest.raises(PermissionError):
        GrantAudit.objects.filter(pk=line.pk).update(reason="x")
    with pytest.raises(PermissionError):
        GrantAudit.objects.filter(pk=line.pk).delete()
    # The database refuses it too, even around the ORM.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_grantaudit SET reason = 'x' WHERE id = %s", [line.pk])
    assert GrantAudit.objects.get(pk=line.pk).reason == ""


def test_who_holds_what_lists_grants_in_force(db, world):
    a = create_user(username="dang-giu", password=None, full_name="Nguyễn Thị Hoa")
    b = create_user(username="da-het", password=None)
    grant_role(user=a, role=Role.APPROVER, commune=BA_DINH)
    grant_role(user=b, role=Role.APPROVER, commune=BA_DINH, starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    c_grant = grant_role(user=b, role=Role.SPECIALIST, commune=BA_DINH)
    revoke_role(grant=c_grant, reason="x")
    rows = who_holds_what(commune=BA_DINH)
    assert [(r.username, r.role) for r in rows] == [("dang-giu", "approver")]
    assert rows[0].full_name == "Nguyễn Thị Hoa" and rows[0].role_label == "Lãnh đạo phê duyệt"
    assert who_holds_what(province="01", role=Role.APPROVER)[0].username == "dang-giu"
    assert who_holds_what(province="79") == []
    assert [r.username for r in who_holds_what(on=date(2024, 6, 1), commune=BA_DINH)] == ["da-het"]
