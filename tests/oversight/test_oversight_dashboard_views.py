"""Dashboards: drill-down nation → province → commune → dossier; every number opens its
dossiers; jurisdiction (a province overseer sees only their province); exports; briefing."""

import csv
import io

import pytest
from tests.oversight.conftest import BA_DINH, HOAN_KIEM

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.oversight.dossier_lists import dossiers_for
from localgov.oversight.selectors import Area, Period

Q3 = "from=2025-07-01&to=2025-09-30&period=custom"
PLANS = [
    {"procedure": "1.004873", "commune": c, "channel": ch, "start_hours": h,
     "steps": [(0, 1, True, 5), (2, 1, True, 5), (3, 20, True, 4), (0, 2, True, 5), (0, 2, True, 5)]}
    for c, ch, h in [(BA_DINH, 2, 5), (BA_DINH, 1, 50), (HOAN_KIEM, 2, 900), (HOAN_KIEM, 2, 1800)]
]


def _client(client, role, **scope):
    user = create_user(username=f"{role.value}-{len(scope)}-{scope.get('province', 'vn')}", password=None)
    grant_role(user=user, role=role, **scope)
    client.force_login(user)
    return client


@pytest.fixture
def data(workload):
    return workload(PLANS)


def test_oversight_drill_down_to_one_dossier(client, data):
    c = _client(client, Role.NATIONAL_OVERSEER)
    page = c.get(f"/giam-sat/?{Q3}").content.decode()
    assert "Toàn quốc" in page and "Số liệu tính đến" in page and "<svg" in page
    assert "/giam-sat/tinh/01/" in page
    page = c.get(f"/giam-sat/tinh/01/?{Q3}").content.decode()
    assert f"/giam-sat/xa/{BA_DINH}/" in page and "Tải báo cáo" in page
    page = c.get(f"/giam-sat/xa/{BA_DINH}/?{Q3}").content.decode()
    assert "metric=received" in page
    listing = c.get(f"/giam-sat/ho-so/?province=01&commune={BA_DINH}&metric=received&from=2025-07-01&to=2025-09-30")
    text = listing.content.decode()
    assert "2 hồ sơ" in text
    code = data[0].code
    assert code in text
    assert c.get(f"/giam-sat/ho-so/{code}/").status_code == 200


def test_oversight_number_equals_its_list(data):
    period = Period.__new__(Period)
    object.__setattr__(period, "start", __import__("datetime").date(2025, 7, 1))
    object.__setattr__(period, "end", __import__("datetime").date(2025, 9, 30))
    object.__setattr__(period, "kind", "custom")
    from localgov.oversight.selectors import totals

    t = totals(Area("province", "01"), period)
    assert dossiers_for("received", Area("province", "01"), period).count() == t["received"]
    assert dossiers_for("processed", Area("province", "01"), period).count() == t["closed"]
    assert dossiers_for("on_time_766", Area("province", "01"), period).count() == t["on_time_766"]
    assert dossiers_for("overdue", Area("province", "01"), period).count() == t["overdue_open"]


def test_oversight_province_overseer_is_confined(client, data):
    c = _client(client, Role.PROVINCE_OVERSEER, province="79")
    r = c.get(f"/giam-sat/?{Q3}")
    assert r.status_code == 302 and r["Location"].startswith("/giam-sat/tinh/79/")
    assert c.get(f"/giam-sat/tinh/01/?{Q3}").status_code == 403
    assert c.get(f"/giam-sat/xa/{BA_DINH}/?{Q3}").status_code == 403
    assert c.get(f"/giam-sat/ho-so/?province=01&metric=received&{Q3}").status_code == 403
    assert c.get(f"/giam-sat/ho-so/{data[0].code}/").status_code == 403
    assert c.get(f"/giam-sat/tinh/79/?{Q3}").status_code == 200


def test_oversight_requires_an_overseer(client, data):
    assert client.get("/giam-sat/").status_code == 302  # to the login page
    user = create_user(username="citizen-x", password=None)
    client.force_login(user)
    assert client.get("/giam-sat/").status_code == 403


def test_oversight_exports_have_vietnamese_headers(client, data):
    c = _client(client, Role.NATIONAL_OVERSEER)
    r = c.get(f"/giam-sat/xuat/?{Q3}&table=province&format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Tỉnh, thành phố", "Hồ sơ tiếp nhận (hồ sơ)"]
    assert any(row[0] == "01" and row[2] == "4" for row in rows[1:])
    r = c.get(f"/giam-sat/xuat/?{Q3}&province=01&table=field&format=xlsx")
    assert r.content[:2] == b"PK" and "attachment" in r["Content-Disposition"]


def test_oversight_report_button(client, data):
    c = _client(client, Role.NATIONAL_OVERSEER)
    r = c.get("/giam-sat/bao-cao/?from=2025-07-01&to=2025-09-30&format=json")
    assert r.status_code == 200 and r.json()["totals"]["received"] == 4
