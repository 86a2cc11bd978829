"""The pages' numeric, hidden and date fields — the dossier's version, page numbers, offsets,
ids in the address, dates of a period — fed with what a tampered page or a typo sends: never a
server error (500). Hypothesis draws from the classic bad values (non-numbers, numbers past the
database's integer columns, impossible and far dates, control characters, non-ASCII digits)
and from free text and integers, derandomized: the same examples on every run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.dossiers.conftest import BA_DINH

from localgov.access.roles import Role

NASTY = ["", " ", "abc", "-1", "0", "1.5", "1e309", "NaN", "inf", "9223372036854775807", "9223372036854775808",
         "99999999999999999999999999", "-9223372036854775809", "²", "٣", "１２", "0x10", "2025-02-30",
         "0001-01-01", "9999-12-31", "10000-01-01", "2025-13-01", "2025-07-01T25:00", "\x00", "%00",
         "null", "[]", "{}", "x" * 500]
VALUES = st.one_of(st.sampled_from(NASTY), st.integers().map(str), st.text(max_size=20),
                   st.dates().map(lambda d: d.isoformat()))
FUZZ = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
#: the oversight pages take about a second each: fewer examples there
SLOW = settings(FUZZ, max_examples=6)

pytestmark = pytest.mark.django_db


def _ok(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def fuzz_get(client: Client, path: str, params: list[str], fuzz: settings = FUZZ) -> None:
    @fuzz
    @given(values=st.lists(VALUES, min_size=len(params), max_size=len(params)))
    def run(values: list[str]) -> None:
        query = dict(zip(params, values, strict=True))
        _ok(client.get(path, query), f"GET {path} {query!r}")

    run()


def test_office_queue_page_number(ba_dinh_counter: Client) -> None:
    fuzz_get(ba_dinh_counter, "/can-bo/hang-doi/", ["trang", "hang", "sap_xep", "q"])


def test_oversight_periods_pages_and_filters(signed_in: Callable[..., Client]) -> None:
    client = signed_in(Role.NATIONAL_OVERSEER)
    fuzz_get(client, "/giam-sat/", ["period", "from", "to", "date"], SLOW)
    fuzz_get(client, "/giam-sat/ho-so/", ["page", "from", "to", "procedure", "metric"], SLOW)
    fuzz_get(client, "/giam-sat/lien-thong/", ["page", "waiting_at", "from", "to"], SLOW)
    fuzz_get(client, "/giam-sat/xuat/", ["from", "to", "procedure"], SLOW)
    fuzz_get(client, "/giam-sat/bao-cao/", ["from", "to"], SLOW)


def test_workforce_and_payouts_days(signed_in: Callable[..., Client]) -> None:
    hr = signed_in(Role.HR_OFFICER, province="01")
    for path in ("/nhan-su/", "/nhan-su/tinh/01/", f"/nhan-su/xa/{BA_DINH}/", "/nhan-su/nang-luc/"):
        fuzz_get(hr, path, ["ngay"])
    finance = signed_in(Role.FINANCE_OFFICER, province="01")
    for path in ("/chinh-sach-178/", "/chinh-sach-178/tinh/01/"):
        fuzz_get(finance, path, ["ngay"])


@pytest.mark.parametrize("path", ["/nhan-su/phuong-an/{}/", "/chinh-sach-178/ho-so/{}/",
                                  "/chinh-sach-178/ho-so/{}/thong-bao.pdf"])
def test_ids_in_the_address(signed_in: Callable[..., Client], path: str) -> None:
    client = signed_in(Role.NATIONAL_OVERSEER)
    for value in ("0", "1", "9223372036854775807", "9223372036854775808", "99999999999999999999999999"):
        _ok(client.get(path.format(value)), path.format(value))


def test_portal_rating_and_supplement_version(client: Client, file_online: Any) -> None:
    sub = file_online()
    session = client.session
    session["portal_access"] = {sub.dossier.code: sub.secret}
    session.save()
    code = sub.dossier.code

    @FUZZ
    @given(version=VALUES, rating=VALUES)
    def run(version: str, rating: str) -> None:
        _ok(client.post(f"/ho-so/{code}/danh-gia/", {"version": version, "rating": rating}), f"rate {version!r}")
        _ok(client.post(f"/ho-so/{code}/bo-sung/", {"version": version}), f"supplement {version!r}")

    run()


def test_office_action_forms(ba_dinh_counter: Client, signed_in: Callable[..., Client], file_online: Any) -> None:
    code = file_online().dossier.code
    approver = signed_in(Role.APPROVER, commune=BA_DINH)

    @FUZZ
    @given(values=st.lists(VALUES, min_size=3, max_size=3))
    def run(values: list[str]) -> None:
        version, number, day = values
        _ok(ba_dinh_counter.post(f"/can-bo/ho-so/{code}/thao-tac/accept/", {"accept-version": version}), "accept")
        _ok(approver.post(f"/can-bo/ho-so/{code}/thao-tac/request_payment/",
                          {"request_payment-version": version, "request_payment-amount_vnd": number}), "payment")
        _ok(approver.post(f"/can-bo/ho-so/{code}/thao-tac/extend/",
                          {"extend-version": version, "extend-new_due_date": day, "extend-new_due_time": number,
                           "extend-reason": "x"}), "extend")

    run()
