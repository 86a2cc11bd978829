"""`localgov access`: who holds what, grant, revoke, history, unlock — through the services,
so every change is audited."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.dossiers.conftest import BA_DINH

from localgov.access import lockout
from localgov.access.models import GrantAudit, RoleGrant
from localgov.access.services import create_user


def _run(*args: str) -> str:
    out = StringIO()
    call_command("access", *args, stdout=out)
    return out.getvalue()


def test_grant_who_revoke_history(db, world):
    user = create_user(username="cb-lenh", password=None)
    assert "Đã cấp quyền" in _run("grant", "cb-lenh", "approver", "--commune", BA_DINH, "--until", "2099-12-31",
                                  "--reason", "QĐ 5/QĐ-UBND")
    grant = RoleGrant.objects.get(user=user)
    rows = json.loads(_run("who", "--commune", BA_DINH, "--json"))
    assert [(r["username"], r["role"]) for r in rows] == [("cb-lenh", "approver")]
    assert "cb-lenh" in _run("who", "--province", "01")
    _run("revoke", str(grant.pk), "--reason", "Hết nhiệm kỳ")
    assert json.loads(_run("who", "--commune", BA_DINH, "--json")) == []
    history = json.loads(_run("history", "cb-lenh", "--json"))
    assert [h["action"] for h in history] == ["create_user", "grant", "revoke"]
    assert history[2]["reason"] == "Hết nhiệm kỳ (dòng lệnh)"
    assert GrantAudit.objects.filter(user=user).count() == 3


def test_invalid_grant_is_an_error(db, world):
    create_user(username="cb-sai", password=None)
    with pytest.raises(CommandError):
        _run("grant", "cb-sai", "specialist", "--reason", "thiếu đơn vị")
    with pytest.raises(CommandError):
        _run("grant", "khong-co", "specialist", "--commune", BA_DINH, "--reason", "x")


def test_unlock(db):
    for _ in range(5):
        lockout.record_failure("bi-khoa", "10.9.9.9")
    assert lockout.is_locked("bi-khoa", "10.9.9.9")
    assert "1 máy" in _run("unlock", "bi-khoa")
    assert not lockout.is_locked("bi-khoa", "10.9.9.9")


def test_unlock_a_client(db, settings):
    settings.LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT = 3
    for i in range(3):
        lockout.record_failure(f"tai-khoan-{i}", "10.9.9.8")
    assert lockout.refusal("ai-do", "10.9.9.8").reason == "client"
    assert "Đã mở khóa máy 10.9.9.8." in _run("unlock", "--client", "10.9.9.8")
    assert not lockout.is_locked("ai-do", "10.9.9.8")
    assert "không bị chặn" in _run("unlock", "--client", "10.9.9.8")
    with pytest.raises(CommandError, match="Cần tên đăng nhập"):
        _run("unlock")


def test_purge_counters(db):
    from localgov.access import counters

    counters.store().hit(["cu"], 1, counters.now() - 10)
    assert "Đã xóa 1 bộ đếm hết hạn." in _run("purge-counters")


def test_token_issue_and_revoke(db):
    from localgov.access.tokens import authenticate_token

    create_user(username="he-thong-thue", password=None)
    out = _run("token-issue", "he-thong-thue", "--name", "Cục Thuế", "--scope", "dossiers:read",
               "--expires", "2099-01-01")
    raw = out.split("một lần): ", 1)[1].split()[0]
    token = authenticate_token(raw)
    assert token is not None and token.scopes == ["dossiers:read"] and token.expires_at.year == 2099
    _run("token-revoke", token.prefix)
    assert authenticate_token(raw) is None
    with pytest.raises(CommandError):
        _run("token-revoke", token.prefix)
    with pytest.raises(CommandError):
        _run("token-issue", "he-thong-thue", "--name", "X", "--scope", "moi-thu")
