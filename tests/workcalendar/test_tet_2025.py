"""Tết Ất Tỵ 2025: Mon 27 – Fri 31 Jan off, nine days Sat 25 Jan – Sun 2 Feb, no make-up
Saturday (Thông báo 6150/TB-BLĐTBXH, 3 Dec 2024)."""

from datetime import date, timedelta


def test_nine_days_off(cal):
    days = [date(2025, 1, 25) + timedelta(days=i) for i in range(9)]
    assert not any(cal.is_working_day(d) for d in days)
    assert cal.is_working_day(date(2025, 1, 24))
    assert cal.is_working_day(date(2025, 2, 3))
    assert cal.day_info(date(2025, 1, 29)).reason == "Nghỉ Tết Nguyên đán Ất Tỵ"


def test_receipt_on_the_eve(cal, vn):
    # Fri 24 Jan 16:00 is after the cut-off → clock starts Mon 3 Feb 08:00 → 1 day: 17:00.
    assert cal.clock_start(vn(2025, 1, 24, 16)) == vn(2025, 2, 3, 8)
    assert cal.add_working_days(vn(2025, 1, 24, 16), 1) == vn(2025, 2, 3, 17)
