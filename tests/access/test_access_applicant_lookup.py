"""Applicant access without an account: dossier code + the secret on the receipt. The same
answer for a wrong secret and for no such dossier; look-ups limited per client and per code."""

from __future__ import annotations

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


def test_limit_per_code(client, filed, settings):
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 3
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 100
    code = filed.dossier.code
    # Guesses from many clients against one code: the code is closed after the limit ...
    for i in range(3):
        assert _lookup(client, code, f"SAI{i:07d}", ip=f"198.51.100.{i}").status_code == 404
    blocked = _lookup(client, code, filed.secret, ip="198.51.100.50")
    assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
    # ... while other codes still answer.
    assert _lookup(client, "KHAC-0001", "ABCDEFGHIJ", ip="198.51.100.51").status_code == 404


def test_limit_per_client(client, filed, settings):
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 100
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 5
    # One client enumerating codes is stopped after the limit ...
    for i in range(5):
        assert _lookup(client, f"H01-250804-{i:04d}", "ABCDEFGHIJ", ip="192.0.2.9").status_code == 404
    assert _lookup(client, filed.dossier.code, filed.secret, ip="192.0.2.9").status_code == 429
    # ... another client is not.
    assert _lookup(client, filed.dossier.code, filed.secret, ip="192.0.2.10").status_code == 200


def test_the_limit_does_not_depend_on_guessing_right(client, filed, settings):
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CODE = 2
    code = filed.dossier.code
    assert _lookup(client, code, filed.secret).status_code == 200
    assert _lookup(client, code, filed.secret).status_code == 200
    assert _lookup(client, code, filed.secret).status_code == 429
