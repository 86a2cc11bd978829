"""The register of service centres: a province records openings, suspensions, resumptions,
closures and moves with their dates (services, page, API); bad input is refused field by field
with nothing written; a province edits only its own centres (every denial tried); the count of
centres operating on a date follows the history and feeds the dashboards' figure."""

from datetime import date

import pytest
from tests.centres.conftest import BA_DINH, SAI_GON

from localgov.access.policy import SYSTEM, can_edit_centre
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.centres import selectors, services
from localgov.centres.models import CentreChange
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.oversight.selectors import Area, Period, centres_operating
from localgov.units.models import ServiceCentre

D = date


@pytest.fixture
def centre(db, world):
    c = ServiceCentre.objects.filter(commune_id=BA_DINH).order_by("pk").first()
    ServiceCentre.objects.filter(pk=c.pk).update(status="operating", opened_on=D(2025, 7, 1))
    c.refresh_from_db()
    return c


def _count(day, **kw):
    return selectors.count_operating(day, **kw)[None]


def test_history_drives_the_count_by_date(centre):
    hanoi_before = _count(D(2025, 8, 15), province="01")
    services.record_change(SYSTEM, centre.code, kind="suspended", on=D(2025, 8, 10), note="Sửa chữa trụ sở")
    services.record_change(SYSTEM, centre.code, kind="moved", on=D(2025, 9, 1), address="Số 10 Đội Cấn",
                           decision="QĐ 12/QĐ-UBND")
    services.record_change(SYSTEM, centre.code, kind="closed", on=D(2025, 9, 20))
    kinds = list(CentreChange.objects.filter(centre=centre).values_list("kind", "effective_on"))
    assert kinds == [("opened", D(2025, 7, 1)), ("suspended", D(2025, 8, 10)), ("moved", D(2025, 9, 1)),
                     ("closed", D(2025, 9, 20))]  # the loaded opening became the first change
    assert _count(D(2025, 8, 9), province="01") == hanoi_before
    assert _count(D(2025, 8, 15), province="01") == hanoi_before - 1
    assert _count(D(2025, 9, 5), province="01") == hanoi_before
    assert _count(D(2025, 9, 25), province="01") == hanoi_before - 1
    assert _count(D(2025, 8, 15), commune=BA_DINH) == _count(D(2025, 8, 1), commune=BA_DINH) - 1
    # the dashboards' figure is the count on the period's last day
    assert centres_operating(Area("province", "01"), Period(D(2025, 8, 1), D(2025, 8, 15)))[None] == hanoi_before - 1
    assert centres_operating(Area("commune", "01", BA_DINH), Period(D(2025, 9, 1), D(2025, 9, 5)))[None] == \
        _count(D(2025, 9, 5), commune=BA_DINH)
    centre.refresh_from_db()
    assert centre.status == "closed" and centre.address == "Số 10 Đội Cấn"
    assert selectors.status_of(centre, D(2025, 8, 20)) == "suspended"


def test_bad_input_is_refused_and_nothing_written(centre):
    with pytest.raises(ValidationFailed) as exc:
        services.record_change(SYSTEM, centre.code, kind="moved", on=D(2025, 6, 1), address="")
    assert set(exc.value.fields) == {"on", "address"}
    with pytest.raises(ValidationFailed) as exc:
        services.record_change(SYSTEM, centre.code, kind="resumed", on=D(2025, 8, 1))
    assert "kind" in exc.value.fields and "đang hoạt động" in exc.value.fields["kind"][0]
    with pytest.raises(ValidationFailed):
        services.record_change(SYSTEM, centre.code, kind="suspended", on=D(2025, 8, 1), note="x" * 2001)
    with pytest.raises(NotFound):
        services.record_change(SYSTEM, "KHONG-CO", kind="opened", on=D(2025, 8, 1))
    assert not CentreChange.objects.exists()


def _actor(role, **scope):
    from localgov.access.policy import resolve_actor

    user = create_user(username=f"cr-{role.value}-{len(scope)}-{sorted(scope.values())}", password=None)
    grant_role(user=user, role=role, **scope)
    return resolve_actor(user)


#: (role, scope) → may edit a Hà Nội centre?  A province edits only its own centres.
MATRIX = [
    (Role.PROVINCE_OVERSEER, {"province": "01"}, True),
    (Role.ADMINISTRATOR, {"province": "01"}, True),
    (Role.PROVINCE_OVERSEER, {"province": "79"}, False),
    (Role.ADMINISTRATOR, {"province": "79"}, False),
    (Role.NATIONAL_OVERSEER, {}, False),
    (Role.APPROVER, {"commune": BA_DINH}, False),
    (Role.SPECIALIST, {"commune": BA_DINH}, False),
    (Role.HR_OFFICER, {"province": "01"}, False),
    (Role.FINANCE_OFFICER, {"province": "01"}, False),
    (Role.APPLICANT, {}, False),
]


@pytest.mark.parametrize(("role", "scope", "allowed"), MATRIX, ids=[f"{r.value}-{s}" for r, s, _a in MATRIX])
def test_only_the_province_edits_its_centres(centre, role, scope, allowed):
    actor = _actor(role, **scope)
    assert can_edit_centre(actor, centre) is allowed
    if allowed:
        services.record_change(actor, centre.code, kind="suspended", on=D(2025, 8, 1))
        assert CentreChange.objects.filter(kind="suspended").exists()
    else:
        with pytest.raises(PermissionDenied):
            services.record_change(actor, centre.code, kind="suspended", on=D(2025, 8, 1))
        assert not CentreChange.objects.exists()


def test_pages_and_api(centre, client):
    user = create_user(username="cr-page-01", password=None)
    grant_role(user=user, role=Role.PROVINCE_OVERSEER, province="01")
    client.force_login(user)
    page = client.get("/giam-sat/trung-tam/?province=01&day=2025-08-15").content.decode()
    assert centre.code in page and "đang hoạt động ngày 15/08/2025" in page
    r = client.post(f"/giam-sat/trung-tam/{centre.code}/", {"kind": "moved", "effective_on": "2025-08-20",
                                                           "address": ""})
    assert r.status_code == 422 and "Chuyển địa điểm cần địa chỉ mới." in r.content.decode()
    r = client.post(f"/giam-sat/trung-tam/{centre.code}/", {"kind": "moved", "effective_on": "không phải ngày"})
    assert r.status_code == 422 and not CentreChange.objects.exists()
    r = client.post(f"/giam-sat/trung-tam/{centre.code}/", {"kind": "suspended", "effective_on": "2025-08-20",
                                                           "note": "Sửa chữa"})
    assert r.status_code == 302
    assert "Tạm dừng hoạt động" in client.get(r["Location"]).content.decode()
    r = client.post(f"/api/v1/centres/{centre.code}/changes", {"kind": "resumed", "effective_on": "2025-09-01"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["kind_label"] == "Hoạt động trở lại"
    r = client.post(f"/api/v1/centres/{centre.code}/changes", {"kind": "resumed", "effective_on": "2025-09-02"},
                    content_type="application/json")
    assert r.status_code == 422 and r.json()["code"] == "validation_failed" and "kind" in r.json()["fields"]
    r = client.post(f"/api/v1/centres/{centre.code}/changes", {"kind": "reopened", "effective_on": "2025-09-02"},
                    content_type="application/json")
    assert r.status_code == 422
    data = client.get("/api/v1/centres?province=01&day=2025-08-25").json()
    row = next(c for c in data["centres"] if c["code"] == centre.code)
    assert row["status"] == "suspended" and [c["kind"] for c in row["changes"]] == ["opened", "suspended", "resumed"]
    other = create_user(username="cr-page-79", password=None)
    grant_role(user=other, role=Role.PROVINCE_OVERSEER, province="79")
    client.force_login(other)
    assert client.get("/giam-sat/trung-tam/?province=01").status_code == 403
    assert client.post(f"/giam-sat/trung-tam/{centre.code}/", {"kind": "closed",
                                                               "effective_on": "2025-09-10"}).status_code == 403
    r = client.post(f"/api/v1/centres/{centre.code}/changes", {"kind": "closed", "effective_on": "2025-09-10"},
                    content_type="application/json")
    assert r.status_code == 403 and CentreChange.objects.count() == 3
    assert client.get("/api/v1/centres?province=01").status_code == 403
    saigon = ServiceCentre.objects.filter(commune_id=SAI_GON).first()
    assert client.get(f"/giam-sat/trung-tam/{saigon.code}/").status_code == 200
