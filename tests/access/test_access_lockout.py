"""Lockout after repeated failed sign-ins: per account AND client (nobody locks an officer out
from elsewhere), per client across accounts (credential stuffing is stopped), a guard on an
account many clients fail on; counters shared by every worker (database or Redis, both run
here), expiring by themselves, cleared by a successful sign-in; every sign-in path enforced."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from localgov.access import counters, lockout, throttle
from localgov.access.forms import LockoutAuthenticationForm
from localgov.access.services import create_user

PASSWORD = "mat-khau-rat-dai-2025"
pytestmark = pytest.mark.usefixtures("throttle_store")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Lockout is about counting, not hashing: a fast hasher keeps these tests quick
    (test_passwords_are_argon2 checks the real configuration)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(db, _fast_hasher):
    return create_user(username="canbo.badinh", password=PASSWORD)


def _request(ip: str = "10.0.0.1"):
    request = RequestFactory().post("/dang-nhap/", REMOTE_ADDR=ip)
    request.session = {}
    return request


def _fail(times: int, ip: str = "10.0.0.1", username: str = "canbo.badinh") -> None:
    for _ in range(times):
        assert authenticate(_request(ip), username=username, password="sai-mat-khau") is None


def _pair(username: str = "canbo.badinh", ip: str = "10.0.0.1") -> counters.Count | None:
    key = throttle.keys(lockout.limits(), username, ip).pair
    return counters.store().get([key], counters.now()).get(key)


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


def test_a_stranger_cannot_lock_an_officer_out_from_elsewhere(officer, settings):
    """Many strangers, each from its own address, fail on the officer's account: each locks
    only itself; the account is guarded (a client that already failed twice is refused), and
    the officer at their own desk still signs in."""
    settings.LOCALGOV_LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    for i in range(5):
        _fail(5, ip=f"198.51.100.{i}")
    assert all(lockout.is_locked("canbo.badinh", f"198.51.100.{i}") for i in range(5))
    assert not lockout.is_locked("canbo.badinh", "10.0.0.1")
    assert authenticate(_request("10.0.0.1"), username="canbo.badinh", password=PASSWORD) == officer
    # A new stranger on the guarded account gets the guarded tries (2), not five.
    _fail(2, ip="198.51.100.99")
    found = lockout.refusal("canbo.badinh", "198.51.100.99")
    assert found is not None and found.reason == "subject"


def test_one_client_trying_many_accounts_is_stopped(officer, settings):
    """Credential stuffing: one client, one wrong password on each of many accounts."""
    settings.LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT = 6
    for i in range(6):
        _fail(1, ip="192.0.2.66", username=f"nguoi-dung-{i}")
    found = lockout.refusal("canbo.badinh", "192.0.2.66")  # an account it never tried
    assert found is not None and found.reason == "client"
    assert authenticate(_request("192.0.2.66"), username="canbo.badinh", password=PASSWORD) is None
    # The officer elsewhere is not affected.
    assert authenticate(_request("10.0.0.1"), username="canbo.badinh", password=PASSWORD) == officer
    form = LockoutAuthenticationForm(_request("192.0.2.66"), data={"username": "canbo.badinh", "password": PASSWORD})
    assert not form.is_valid() and "Máy này tạm thời không được đăng nhập" in " ".join(form.non_field_errors())


def test_attempts_while_locked_do_not_extend_the_lock(officer):
    _fail(5)
    before = _pair()
    time.sleep(1.0)  # an extension would move the end by a second or more
    _fail(3)
    after = _pair()
    assert before is not None and after is not None
    assert after.hits == before.hits == 5
    assert abs(after.expires_at - before.expires_at) < 0.5


def test_the_lock_expires_by_itself(officer, settings):
    settings.LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS = 1
    settings.LOCALGOV_LOGIN_LOCKOUT_SECONDS = 1
    _fail(5)
    found = lockout.refusal("canbo.badinh", "10.0.0.1")
    assert found is not None and found.retry_after == 1
    time.sleep(1.2)
    assert not lockout.is_locked("canbo.badinh", "10.0.0.1")
    # After expiry the count starts again from one.
    assert lockout.record_failure("canbo.badinh", "10.0.0.1") is None
    assert _pair().hits == 1


def test_limits_are_configurable(officer, settings):
    settings.LOCALGOV_LOGIN_MAX_FAILURES = 2
    settings.LOCALGOV_LOGIN_LOCKOUT_SECONDS = 60
    _fail(1)
    assert not lockout.is_locked("canbo.badinh", "10.0.0.1")
    _fail(1)
    found = lockout.refusal("canbo.badinh", "10.0.0.1")
    assert found is not None and 58 <= found.retry_after <= 60


def test_a_successful_sign_in_clears_the_count(officer):
    from django.contrib.auth import login
    from django.contrib.sessions.backends.db import SessionStore

    _fail(3)
    assert _pair().hits == 3
    request = _request()
    request.session = SessionStore()
    user = authenticate(request, username="canbo.badinh", password=PASSWORD)
    assert user == officer
    login(request, user)
    assert _pair() is None


def test_the_form_says_the_account_is_locked(officer):
    _fail(5)
    form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": PASSWORD})
    assert not form.is_valid()
    assert "tạm thời bị khóa" in " ".join(form.non_field_errors())
    assert form.get_user() is None
    assert 895 <= form.retry_after <= 900


def test_the_fifth_failure_through_the_form_already_shows_the_lock(officer):
    for _ in range(4):
        form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": "sai"})
        assert not form.is_valid()
        assert "không đúng" in " ".join(form.non_field_errors())
    form = LockoutAuthenticationForm(_request(), data={"username": "canbo.badinh", "password": "sai"})
    assert not form.is_valid()
    assert "tạm thời bị khóa" in " ".join(form.non_field_errors())


def test_the_sign_in_page_answers_429_with_retry_after(officer, client):
    for _ in range(4):
        assert client.post("/dang-nhap/", {"username": "canbo.badinh", "password": "sai"}).status_code == 422
    locked = client.post("/dang-nhap/", {"username": "canbo.badinh", "password": "sai"})
    assert locked.status_code == 429 and 895 <= int(locked["Retry-After"]) <= 900
    assert "tạm thời bị khóa" in locked.content.decode()
    again = client.post("/dang-nhap/", {"username": "canbo.badinh", "password": PASSWORD})
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # From another address the officer signs in.
    ok = client.post("/dang-nhap/", {"username": "canbo.badinh", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert ok.status_code == 302 and "_auth_user_id" in client.session


def test_admin_sign_in_is_locked_too(db, client, _fast_hasher):
    admin = create_user(username="quantri", password=PASSWORD, is_staff=True)
    admin.is_superuser = True
    admin.save()
    # the admin's login is the one sign-in page (/dang-nhap/, office/auth.py)
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/dang-nhap/?next=/admin/"
    for _ in range(5):
        client.post("/dang-nhap/?next=/admin/", {"username": "quantri", "password": "sai"})
    response = client.post("/dang-nhap/?next=/admin/", {"username": "quantri", "password": PASSWORD})
    assert response.status_code == 429 and response["Retry-After"]
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The lock is in the shared store: every worker sees it.
    assert lockout.is_locked("quantri", "127.0.0.1")


def test_unlock_lifts_every_lock_on_the_account(officer):
    _fail(5, ip="10.0.0.1")
    _fail(5, ip="10.0.0.2")
    assert lockout.unlock("CanBo.BaDinh") == 2
    assert not lockout.is_locked("canbo.badinh", "10.0.0.1")
    assert not lockout.is_locked("canbo.badinh", "10.0.0.2")
    assert authenticate(_request("10.0.0.1"), username="canbo.badinh", password=PASSWORD) == officer


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
