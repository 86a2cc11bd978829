"""Tết Bính Ngọ 2026: Mon 16 – Fri 20 Feb off, nine days Sat 14 – Sun 22 Feb, no make-up
Saturday (Thông báo 9441/TB-BNV, 16 Oct 2025)."""

from datetime import date, timedelta


def test_tet_days_off(cal):
    for day in range(16, 21):
        info = cal.day_info(date(2026, 2, day))
        assert not info.working
        assert "Tết Nguyên đán" in info.reason


def test_nine_consecutive_days_off(cal):
    days = [date(2026, 2, 14) + timedelta(days=i) for i in range(9)]
    assert not any(cal.is_working_day(d) for d in days)
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


def test_deadline_across_tet(cal, vn):
    # Received Thu 12 Feb 10:00; 3 working days: Fri 13, Mon 23, Tue 24 → due Tue 24 Feb 10:00.
    assert cal.add_working_days(vn(2026, 2, 12, 10), 3) == vn(2026, 2, 24, 10)


def test_no_make_up_saturday_around_tet(cal):
    assert not cal.is_working_day(date(2026, 2, 7))
    assert not cal.is_working_day(date(2026, 2, 28))
