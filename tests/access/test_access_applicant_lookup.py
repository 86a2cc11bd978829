"""Applicant access without an account: dossier code + the secret on the receipt. The same
answer for a wrong secret and for no such dossier; look-ups limited per client and per code."""

from __future__ import annotations

import time

import pytest
from tests.dossiers.conftest import BA_DINH

from localgov.access.models import PersonalDataAccess


@pytest.fixture
def filed(file_online):
    return file_online(commune=BA_DINH)


def _lookup(client, code: str, secret: str, ip: str = "203.0.113.7"):
    return client.get(f"/api/v1/dossiers/{code}", HTTP_X_DOSSIER_SECRET=secret, REMOTE_ADDR=ip)


def test_code_and_secret_open_the_dossier_with_personal_data(client, filed):
    response = _lookup(client, filed.dossier.code, filed.secret)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == filed.dossier.code
    assert body["applicant"]["id_number"] == "001090012345"  # the applicant sees their own data
    record = PersonalDataAccess.objects.get(dossier=filed.dossier)
    assert record.user_id is None and "mã tra cứu" in record.who and record.client == "203.0.113.7"


def test_wrong_secret_and_unknown_code_get_the_same_answer(client, filed):
    wrong = _lookup(client, filed.dossier.code, "SAIMATRACU")
    unknown = _lookup(client, filed.dossier.code[:-4] + "9999", filed.secret)
    garbage = _lookup(client, "KHONG-CO-HO-SO", "ABCDEFGHIJ")
    assert wrong.status_code == unknown.status_code == garbage.status_code == 404
    assert wrong.content == unknown.content == garbage.content
    assert wrong.json()["code"] == "not_found_or_wrong_secret"
    assert {k: v for k, v in wrong.headers.items() if k.lower() not in ("date", "x-request-id")} == {
        k: v for k, v in unknown.headers.items() if k.lower() not in ("date", "x-request-id")}
    # Nothing was opened, so nothing was recorded.
    assert not PersonalDataAccess.objects.exists()


def test_events_answer_the_same_way(client, filed):
    wrong = client.get(f"/api/v1/dossiers/{filed.dossier.code}/events", HTTP_X_DOSSIER_SECRET="SAIMATRACU")
    unknown = client.get("/api/v1/dossiers/KHONG-CO/events", HTTP_X_DOSSIER_SECRET="SAIMATRACU")
    assert wrong.status_code == unknown.status_code == 404 and wrong.content == unknown.content


@pytest.mark.usefixtures("throttle_store")
def test_strangers_guesses_never_lock_the_owner_out(client, filed, settings):
    """Codes are sequential, so anyone can guess at anyone's dossier: their wrong secrets refuse
    THEM, never the owner, who is checked and let in from their own address."""
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 3
    settings.LOCALGOV_LOOKUP_GUARDED_TRIES = 2
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 100
    code = filed.dossier.code
    # One stranger: wrong, wrong, wrong — the code is now guarded, and this stranger has used up
    # more than the guarded tries: refused, even with the right secret (a refusal reveals nothing).
    for i in range(3):
        assert _lookup(client, code, f"SAI{i:07d}", ip="198.51.100.1").status_code == 404
    blocked = _lookup(client, code, filed.secret, ip="198.51.100.1")
    assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
    assert 0 < int(blocked["Retry-After"]) <= 600
    # The owner, from their own address: the right secret opens the dossier.
    assert _lookup(client, code, filed.secret, ip="203.0.113.7").status_code == 200
    # Another stranger on the guarded code: checked (404), until the guarded tries are spent.
    assert _lookup(client, code, "SAI0000009", ip="198.51.100.2").status_code == 404
    assert _lookup(client, code, "SAI0000010", ip="198.51.100.2").status_code == 404
    assert _lookup(client, code, filed.secret, ip="198.51.100.2").status_code == 429
    # Other codes are not guarded: the first stranger is still answered there.
    assert _lookup(client, "KHAC-0001", "ABCDEFGHIJ", ip="198.51.100.1").status_code == 404


@pytest.mark.usefixtures("throttle_store")
def test_limit_per_client(client, filed, settings):
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 100
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 5
    # One client enumerating codes is stopped after the limit, the right secret included ...
    for i in range(5):
        assert _lookup(client, f"H01-250804-{i:04d}", "ABCDEFGHIJ", ip="192.0.2.9").status_code == 404
    refused = _lookup(client, filed.dossier.code, filed.secret, ip="192.0.2.9")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    # ... for the whole window (the attempt that reached the limit locked it for that long) ...
    assert 595 <= int(refused["Retry-After"]) <= 600
    assert "10 phút" in refused.json()["message"]
    # ... another client is not.
    assert _lookup(client, filed.dossier.code, filed.secret, ip="192.0.2.10").status_code == 200


@pytest.mark.usefixtures("throttle_store")
def test_right_secrets_are_never_counted(client, filed, settings):
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 2
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 2
    code = filed.dossier.code
    assert [_lookup(client, code, filed.secret).status_code for _ in range(6)] == [200] * 6


@pytest.mark.usefixtures("throttle_store")
def test_refused_attempts_are_not_counted(client, filed, settings):
    """Attempts while refused neither extend the refusal nor spend anyone's budget."""
    from localgov.access import counters, throttle
    from localgov.dossiers.ratelimit import limits

    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 2
    for i in range(2):
        _lookup(client, f"H01-250804-{i:04d}", "ABCDEFGHIJ", ip="192.0.2.20")
    keys = throttle.keys(limits(), filed.dossier.code, "192.0.2.20")
    before = counters.store().get([keys.client], counters.now())[keys.client]
    time.sleep(1.0)  # a refusal that extended the lock would move its end by a second or more
    for _ in range(5):
        assert _lookup(client, filed.dossier.code, "SAI0000000", ip="192.0.2.20").status_code == 429
    after = counters.store().get([keys.client, keys.subject], counters.now())
    assert after[keys.client].hits == before.hits
    assert abs(after[keys.client].expires_at - before.expires_at) < 0.5
    assert keys.subject not in after  # the refused guesses did not count against the code


@pytest.mark.usefixtures("throttle_store")
def test_retry_after_is_when_the_client_is_answered_again(client, filed, settings):
    settings.LOCALGOV_LOOKUP_WINDOW_SECONDS = 3
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 2
    code = filed.dossier.code
    assert [_lookup(client, code, "SAI0000000", ip="192.0.2.40").status_code for _ in range(2)] == [404, 404]
    locked_at = time.monotonic()
    refused = _lookup(client, code, filed.secret, ip="192.0.2.40")
    assert refused.status_code == 429 and refused["Retry-After"] == "3"
    time.sleep(1.0)
    assert _lookup(client, code, filed.secret, ip="192.0.2.40")["Retry-After"] in ("1", "2")  # counts down
    time.sleep(max(0.0, locked_at + 3.1 - time.monotonic()))
    assert _lookup(client, code, filed.secret, ip="192.0.2.40").status_code == 200
