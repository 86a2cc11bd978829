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


def not_the_version(value: str, version: int) -> bool:
    """Whether the form's version field does not read `value` as the dossier's current version
    (or as absent, which means the current one): the examples must not move the dossier on."""
    from django import forms

    try:
        return forms.IntegerField(required=False).clean(value) not in (None, version)
    except forms.ValidationError:
        return True


def _open(client: Client, sub: Any) -> None:
    session = client.session
    session["portal_access"] = {sub.dossier.code: sub.secret}
    session.save()


def test_portal_rating_with_a_bad_version_is_refused_with_its_reason(client: Client, file_online: Any,
                                                                     staff: Any) -> None:
    """POST /ho-so/CODE/danh-gia/ with version=abc was a 500 (int('abc'))."""
    from localgov.dossiers import services
    from localgov.dossiers.models import Dossier
    from localgov.portal.forms import STALE_PAGE

    sub = file_online("1.004873")
    s = staff(BA_DINH)
    d = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"])
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"])
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp",
                        electronic=True)
    d = services.return_result(dossier_id=d.pk, version=d.version, actor=s["counter"])
    _open(client, sub)
    bad = client.post(f"/ho-so/{d.code}/danh-gia/", {"version": "abc", "rating": "4"})
    assert bad.status_code == 422 and str(STALE_PAGE) in bad.content.decode()
    assert Dossier.objects.get(pk=d.pk).rating is None

    @FUZZ
    @given(version=VALUES.filter(lambda v: not_the_version(v, d.version)))
    def run(version: str) -> None:
        _ok(client.post(f"/ho-so/{d.code}/danh-gia/", {"version": version, "rating": "4"}), f"rate {version!r}")

    run()
    assert Dossier.objects.get(pk=d.pk).rating is None  # stale or broken versions rate nothing
    ok = client.post(f"/ho-so/{d.code}/danh-gia/", {"version": str(d.version), "rating": "4"})
    assert ok.status_code == 302 and Dossier.objects.get(pk=d.pk).rating == 4


def test_portal_supplement_version(client: Client, file_online: Any, staff: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.dossiers.conftest import PDF

    from localgov.dossiers import services

    sub = file_online("1.004873")
    d = services.request_supplement(dossier_id=sub.dossier.pk, version=1, actor=staff(BA_DINH)["specialist"],
                                    missing=["Giấy xác nhận tình trạng hôn nhân cũ"])
    _open(client, sub)

    @FUZZ
    @given(version=VALUES.filter(lambda v: not_the_version(v, d.version)))
    def run(version: str) -> None:
        upload = SimpleUploadedFile("xn.pdf", PDF, content_type="application/pdf")
        _ok(client.post(f"/ho-so/{d.code}/bo-sung/", {"version": version, "sup-0": upload}), f"supplement {version!r}")

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
