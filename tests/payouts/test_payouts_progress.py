"""Progress by province and agency: decided, paid, unpaid, overdue — through the access policy."""

from datetime import date

import pytest
from payouts_helpers import actor, record

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.payouts import selectors, services

pytestmark = pytest.mark.django_db


def make(ref, province, agency, *, decided="2025-05-20", pay_on=None, partial=False):
    data = record(official_ref=ref, province_code=province, agency_name=agency, decision_number=f"{ref}/QĐ",
                  decision_date=decided)
    if decided is None:
        data["decision_number"] = ""
    case = services.create_case(actor=SYSTEM, data=data)
    if decided is None:
        return case
    services.approve(actor=SYSTEM, case_id=case.pk, funding_source="local")
    if pay_on:
        amount = case.total_vnd // 2 if partial else case.total_vnd
        services.record_payment(actor=SYSTEM, case_id=case.pk, amount_vnd=amount, paid_on=pay_on)
    return case


@pytest.fixture
def world():
    make("A1", "01", "Sở Nội vụ", pay_on=date(2025, 9, 1))
    make("A2", "01", "Sở Nội vụ", pay_on=date(2025, 10, 20))  # paid after the deadline
    make("A3", "01", "Sở Tài chính", pay_on=date(2025, 9, 1), partial=True)
    make("A4", "01", "Sở Tài chính", decided="2025-09-05")  # decision after 31 Aug
    make("A5", "01", "Sở Tài chính", decided=None)  # no decision yet
    make("B1", "79", "UBND phường Sài Gòn", pay_on=date(2025, 8, 1))
    make("B2", "79", "UBND phường Sài Gòn")


def by_code(rows):
    return {(r.province_code, r.agency_name): r for r in rows}


def test_by_province_before_the_deadline(world):
    rows = by_code(selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 1)))
    hn, hcm = rows[("01", None)], rows[("79", None)]
    assert (hn.decided, hn.paid, hn.unpaid, hn.overdue, hn.decided_late) == (4, 1, 3, 0, 1)
    assert (hcm.decided, hcm.paid, hcm.unpaid, hcm.overdue) == (2, 1, 1, 0)
    assert hn.amount_decided_vnd == 4 * 786_854_250
    assert hn.amount_paid_vnd == 786_854_250 + 786_854_250 // 2
    assert hcm.paid_share == 0.5


def test_overdue_from_the_payment_deadline(world):
    rows = by_code(selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 15)))
    assert rows[("01", None)].overdue == 3 and rows[("79", None)].overdue == 1
    later = by_code(selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 31)))
    assert (later[("01", None)].paid, later[("01", None)].overdue) == (2, 2)
    assert selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 14))[0].overdue == 0


def test_by_agency(world):
    rows = by_code(selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 31), by="agency"))
    assert (rows[("01", "Sở Nội vụ")].decided, rows[("01", "Sở Nội vụ")].paid) == (2, 2)
    assert (rows[("01", "Sở Tài chính")].decided, rows[("01", "Sở Tài chính")].unpaid) == (2, 2)


def test_province_overseer_sees_only_the_province(world):
    rows = selectors.progress(actor=actor(Role.PROVINCE_OVERSEER, ["79"]), as_of=date(2025, 10, 1))
    assert [r.province_code for r in rows] == ["79"]
    assert selectors.progress(actor=actor(Role.APPLICANT, ["01"]), as_of=date(2025, 10, 1)) == []
    national = selectors.progress(actor=actor(Role.NATIONAL_OVERSEER, nation=True), as_of=date(2025, 10, 1))
    assert [r.province_code for r in national] == ["01", "79"]


def test_deadlines_are_configurable(world, settings):
    assert selectors.deadlines().payment_before == date(2025, 10, 15)
    assert selectors.deadlines().decision_before == date(2025, 8, 31)
    settings.LOCALGOV_PAYOUT_DEADLINES = {"payment_before": "2025-10-10"}
    dl = selectors.deadlines()
    assert dl.payment_before == date(2025, 10, 10) and dl.decision_before == date(2025, 8, 31)
    assert by_code(selectors.progress(actor=SYSTEM, as_of=date(2025, 10, 12)))[("79", None)].overdue == 1


def test_briefing_sentences(world):
    lines = selectors.briefing(actor=SYSTEM, as_of=date(2025, 10, 20))
    assert lines[0].startswith("Đến 20/10/2025: 6 người có quyết định nghỉ việc")
    assert "đã chi trả đủ 3 người (50,00%)" in lines[0] and "còn 3 người chưa nhận đủ" in lines[0]
    assert lines[1].startswith("Quá hạn chi trả (trước 15/10/2025): 3 người tại 2 tỉnh")
    assert "1 quyết định ban hành từ 31/08/2025" in lines[2]
    early = selectors.briefing(actor=SYSTEM, as_of=date(2025, 10, 1))
    assert "Hạn chi trả trước 15/10/2025; 2 tỉnh còn người chưa nhận đủ." in early
    assert selectors.briefing(actor=SYSTEM, as_of=date(2025, 1, 1))[0].startswith("Đến 01/01/2025: chưa có")


def test_official_link_by_code(world):
    from localgov.payouts.models import PayoutCase

    case = PayoutCase.objects.get(official_ref="A1")
    assert selectors.official_for(case) is None
    from localgov.workforce.models import Official

    official = Official.objects.create(code="A1", full_name="Nguyễn Văn M")
    assert selectors.official_for(case) == official
