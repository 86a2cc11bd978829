"""Lockout after repeated failed sign-ins: per username + client, stored in the database,
expires by itself, cleared by a successful sign-in; enforced for every sign-in path."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.utils import timezone

from localgov.access import lockout
from localgov.access.forms import LockoutAuthenticationForm
from localgov.access.models import LoginThrottle
from localgov.access.services import create_user

PASSWORD = "mat-khau-rat-dai-2025"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Lockout is about counting, not hashing: a fast hasher keeps these tests quick
    (test_passwords_are_argon2 checks the real configuration)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db, _fast_hasher):
    return create_user(username="canbo.badinh", password=PASSWORD)


def _request(ip: str = "10.0.0.1"):
    request = RequestFactory().post("/can-bo/dang-nhap/", REMOTE_ADDR=ip)
    request.session = {}
    return request


def _fail(times: int, ip: str = "10.0.0.1", username: str = "canbo.badinh") -> None:
    for _ in range(times):
        assert authenticate(_request(ip), username=username, password="sai-mat-khau") is None


def test_five_failures_lock_the_username_on_that_client(officer):
    _fail(4)
    assert authenticate(_request(), username="canbo.badinh", password=PASSWORD) == officer  # 4 < 5: still open
    _fail(5)
    assert lockout.is_locked("canbo.badinh", "10.0.0.1")
    # Even the right password is refused while locked.
    assert authenticate(_request(), username="canbo.badinh", password=PASSWORD) is None
    # Another client is not locked; the username is matched case-insensitively.
    assert authenticate(_request("10.0.0.2"), username="canbo.badinh", password=PASSWORD) == officer
    assert lockout.is_locked("CanBo.BaDinh", "10.0.0.1")


def test_attempts_while_locked_do_not_extend_the_lock(officer):
    _fail(5)
    until = LoginThrottle.objects.get(username="canbo.badinh").locked_until
    _fail(3)
    assert LoginThrottle.objects.get(username="canbo.badinh").locked_until == until


def test_the_lock_expires_by_itself(officer, settings):
    _fail(5)
    row = LoginThrottle.objects.get(username="canbo.badinh")
    later = row.locked_until + timedelta(seconds=1)
    assert lockout.is_locked("canbo.badinh", "10.0.0.1", now=later - timedelta(seconds=2))
    assert not lockout.is_locked("canbo.badinh", "10.0.0.1", now=later)
    # After expiry the count starts again from one.
    again = lockout.record_failure("canbo.badinh", "10.0.0.1", now=later)
    assert again.failures == 1 and again.locked_until is None


def test_failures_outside_the_window_do_not_add_up(officer, settings):
    settings.LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS = 900
    start = timezone.now()
    for i in range(4):
        lockout.record_failure("canbo.badinh", "10.0.0.1", now=start + timedelta(seconds=i))
    row = lockout.record_failure("canbo.badinh", "10.0.0.1", now=start + timedelta(minutes=16))
    assert row.failures == 1 and row.locked_until is None


def test_limits_are_configurable(officer, settings):
    settings.LOCALGOV_LOGIN_MAX_FAILURES = 2
    settings.LOCALGOV_LOGIN_LOCKOUT_SECONDS = 60
    _fail(2)
    row = LoginThrottle.objects.get(username="canbo.badinh")
    assert row.locked_until is not None
    assert timedelta(seconds=55) < row.locked_until - row.last_failure_at <= timedelta(seconds=60)


def test_a_successful_sign_in_clears_the_count(officer):
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    _fail(3)
    assert LoginThrottle.objects.get(username="canbo.badinh").failures == 3
    request = _request()
    request.session = SessionStore()
    user = authenticate(request, username="canbo.badinh", password=PASSWORD)
    assert user == officer
    login(request, user)
    assert not LoginThrottle.objects.filter(username="canbo.badinh").exists()


def test_the_form_says_the_account_is_locked(officer):
    _fail(5)
    form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": PASSWORD})
    assert not form.is_valid()
    assert "tạm thời bị khóa" in " ".join(form.non_field_errors())
    assert form.get_user() is None


def test_the_fifth_failure_through_the_form_already_shows_the_lock(officer):
    for _ in range(4):
        form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": "sai"})
        assert not form.is_valid()
        assert "không đúng" in " ".join(form.non_field_errors())
    form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": "sai"})
    assert not form.is_valid()
    assert "tạm thời bị khóa" in " ".join(form.non_field_errors())


def test_admin_sign_in_is_locked_too(db, client, _fast_hasher):
    admin = create_user(username="quantri", password=PASSWORD, is_staff=True)
    admin.is_superuser = True
    admin.save()
    # the admin's login is the one sign-in page (/dang-nhap/, office/auth.py)
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/dang-nhap/?next=/admin/"
    for _ in range(5):
        client.post("/dang-nhap/?next=/admin/", {"username": "quantri", "password": "sai"})
    response = client.post("/dang-nhap/?next=/admin/", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 422
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is in the database: every worker sees it.
    assert LoginThrottle.objects.get(username="quantri", client="127.0.0.1").locked_until > timezone.now()


def test_passwords_are_argon2(db):
    from localgov import settings as configured

    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("hashers", [["django.contrib.auth.hashers.Argon2PasswordHasher"]])
def test_a_new_password_is_stored_as_argon2(db, settings, hashers):
    from django.contrib.auth.hashers import identify_hasher

    settings.PASSWORD_HASHERS = hashers
    user = create_user(username="argon", password=PASSWORD)
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(PASSWORD) and not user.check_password("khac")
