"""The bundles behind the numbers of the "Hồ sơ liên thông" section (`bundle_flow.bundles_for`,
/giam-sat/lien-thong/): every number of the table — per bundle kind and metric, and each "đang
chờ tại" count — equals the length of its list, for the nation, a province and a commune; the
page lists them through the access policy; a province overseer gets no other province's list and
no national one; a metric, bundle or member procedure that does not exist is a 400 with its reason."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from tests.oversight.test_oversight_bundle_flow import PERIOD, Q, bundles  # noqa: F401
from tests.oversight.test_oversight_dashboard_views import _client
from tests.simulate.conftest import simulate  # noqa: F401

from localgov.access.roles import Role
from localgov.dossiers.models import Dossier
from localgov.oversight.bundle_flow import BUNDLE_METRICS, bundle_flow, bundles_for, step_labels
from localgov.oversight.selectors import Area


def _a_commune() -> str:
    return Counter(Dossier.objects.filter(bundle__isnull=False, parent__isnull=True, province_code="11")
                   .values_list("competent_commune_code", flat=True)).most_common(1)[0][0]


@pytest.mark.parametrize("level", ["nation", "province", "commune"])
def test_every_number_equals_the_length_of_its_list(bundles, level) -> None:  # noqa: ARG001, F811
    area = {"nation": Area("nation"), "province": Area("province", "11")}.get(level) or \
        Area("commune", "11", _a_commune())
    rows = bundle_flow(area, PERIOD)
    assert rows
    seen = Counter()
    for row in rows:
        for metric in BUNDLE_METRICS:
            listed = bundles_for(metric, area, PERIOD, bundle=row.code)
            assert listed.count() == getattr(row, metric), (row.code, metric)
            assert all(d.bundle.code == row.code and d.parent_id is None for d in listed.select_related("bundle"))
            seen[metric] += getattr(row, metric)
        for (member, _name), n in row.waiting_at.items():
            assert bundles_for("open", area, PERIOD, bundle=row.code, waiting_at=member).count() == n
    # all kinds together: the sum of the rows
    assert bundles_for("filed", area, PERIOD).count() == seen["filed"]
    if level == "nation":  # the data has lists to check for the numbers that matter most
        assert seen["open"] and seen["decided"] and seen["member_supplement"], seen


def test_the_page_lists_them_for_the_area_s_overseer(client, bundles) -> None:  # noqa: ARG001, F811
    c = _client(client, Role.PROVINCE_OVERSEER, province="11")
    dashboard = c.get(f"/giam-sat/tinh/11/?{Q}").content.decode()
    assert "/giam-sat/lien-thong/?" in dashboard and "metric=open_past_due" in dashboard
    row = bundle_flow(Area("province", "11"), PERIOD)[0]
    for metric in ("filed", "open", "member_supplement"):
        page = c.get(f"/giam-sat/lien-thong/?{Q}&province=11&bundle={row.code}&metric={metric}")
        assert page.status_code == 200
        text = page.content.decode()
        assert f"{getattr(row, metric)} hồ sơ liên thông" in text, metric
        assert BUNDLE_METRICS[metric] in text
        codes = re.findall(r'href="/giam-sat/ho-so/([^/"]+)/"', text)
        assert len(codes) == min(getattr(row, metric), 50)
        assert set(codes) <= set(Dossier.objects.filter(province_code="11", bundle__code=row.code,
                                                        parent__isnull=True).values_list("code", flat=True))
    member, name = next(iter(row.waiting_at))
    assert f'{name}: <a href="/giam-sat/lien-thong/?' in dashboard  # each step's count opens its list
    assert f'waiting_at={member}">{row.waiting_at[(member, name)]}</a>' in dashboard
    text = c.get(f"/giam-sat/lien-thong/?{Q}&province=11&bundle={row.code}&metric=open&waiting_at={member}"
                 ).content.decode()
    assert f"{row.waiting_at[(member, name)]} hồ sơ liên thông" in text and f"đang chờ tại: {name}" in text


def test_another_province_and_the_nation_are_denied(client, bundles) -> None:  # noqa: ARG001, F811
    c = _client(client, Role.PROVINCE_OVERSEER, province="11")
    assert c.get(f"/giam-sat/lien-thong/?{Q}&province=12").status_code == 403
    assert c.get(f"/giam-sat/lien-thong/?{Q}").status_code == 403
    commune = Dossier.objects.filter(province_code="12").values_list("competent_commune_code", flat=True).first()
    assert c.get(f"/giam-sat/lien-thong/?{Q}&commune={commune}").status_code == 403


def test_a_procedure_that_is_two_steps_of_a_bundle_is_told_apart(bundles) -> None:  # noqa: ARG001, F811
    """The land transfer's registry works before and after the tax step: "(bước 1)", "(bước 3)"."""
    labels = step_labels(["LT.DD.CHUYEN-NHUONG", "2.002621"])
    assert labels[("LT.DD.CHUYEN-NHUONG", 1)].endswith("(bước 1)")
    assert labels[("LT.DD.CHUYEN-NHUONG", 3)].endswith("(bước 3)")
    assert labels[("LT.DD.CHUYEN-NHUONG", 1)][:-9] == labels[("LT.DD.CHUYEN-NHUONG", 3)][:-9]
    assert not labels[("LT.DD.CHUYEN-NHUONG", 2)].endswith("(bước 2)")  # the tax step is one step
    assert not any("(bước" in label for (code, _), label in labels.items() if code == "2.002621")


def test_a_step_the_bundle_does_not_have_is_a_400(client, bundles) -> None:  # noqa: ARG001, F811
    c = _client(client, Role.NATIONAL_OVERSEER)
    for step in ("9", "x"):
        response = c.get(f"/giam-sat/lien-thong/?{Q}&bundle=2.002621&metric=open&waiting_at={step}")
        assert response.status_code == 400
        assert f"Nhóm thủ tục liên thông «2.002621» không có bước «{step}»" in response.content.decode()


def test_a_national_overseer_sees_every_province_s_bundles(client, bundles) -> None:  # noqa: ARG001, F811
    c = _client(client, Role.NATIONAL_OVERSEER)
    text = c.get(f"/giam-sat/lien-thong/?{Q}&metric=filed").content.decode()
    total = sum(b.filed for b in bundle_flow(Area("nation"), PERIOD))
    assert f"{total} hồ sơ liên thông" in text


@pytest.mark.parametrize(("query", "reason"), [
    ("metric=late", "Không có chỉ tiêu «late»"),
    ("bundle=9.999999", "Không có nhóm thủ tục liên thông mã «9.999999»"),
    ("metric=open&waiting_at=2", "Chỉ xem theo bước trong một nhóm thủ tục liên thông"),
])
def test_what_does_not_exist_is_a_400_with_its_reason(client, db, query, reason) -> None:
    c = _client(client, Role.NATIONAL_OVERSEER)
    response = c.get(f"/giam-sat/lien-thong/?{Q}&{query}")
    assert response.status_code == 400
    assert reason in response.content.decode()
