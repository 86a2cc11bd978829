"""National Day 2025: Mon 1 and Tue 2 Sep off, with the weekend Sat 30 Aug – Tue 2 Sep; no swap
(Labour Code art. 112(1)(đ), Thông báo 6150/TB-BLĐTBXH point 2)."""

from datetime import date


def test_days_off(cal):
    for d in (date(2025, 8, 30), date(2025, 8, 31), date(2025, 9, 1), date(2025, 9, 2)):
        assert not cal.is_working_day(d)
    assert cal.day_info(date(2025, 9, 1)).reason == "Nghỉ lễ Quốc khánh"
    assert cal.day_info(date(2025, 9, 2)).reason == "Nghỉ lễ Quốc khánh"
    assert cal.day_info(date(2025, 8, 30)).reason == "Thứ Bảy"
    assert cal.day_info(date(2025, 8, 31)).reason == "Chủ nhật"


def test_deadline_over_the_break(cal, vn):
    # The example: Fri 29 Aug 2025 10:00 + 3 working days → Fri 5 Sep 2025 10:00.
    due = cal.add_working_days(vn(2025, 8, 29, 10), 3)
    assert due == vn(2025, 9, 5, 10)
    assert due.isoformat() == "2025-09-05T10:00:00+07:00"


def test_working_days_between(cal, vn):
    assert cal.working_days_between(vn(2025, 8, 29, 10), vn(2025, 9, 5, 10)) == 3
