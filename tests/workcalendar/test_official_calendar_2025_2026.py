"""The final calendar equals docs/domain/calendar-2025-2026.md day by day: every weekday off and
every working weekend day of 2025 and 2026, and nothing else."""

from datetime import date, timedelta

WEEKDAYS_OFF = {
    # 2025 (Thông báo 6150/TB-BLĐTBXH; Labour Code art. 112)
    "2025-01-01",
    "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
    "2025-04-07",
    "2025-04-30", "2025-05-01", "2025-05-02",
    "2025-09-01", "2025-09-02",
    # 2026 (12729/VPCP-KGVX; 9441/TB-BNV; Labour Code arts. 111(3), 112; NQ 28/2026/QH16)
    "2026-01-01", "2026-01-02",
    "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
    "2026-04-27",
    "2026-04-30", "2026-05-01",
    "2026-08-31", "2026-09-01", "2026-09-02",
    "2026-11-24",
}  # fmt: skip
WEEKEND_WORKING = {"2025-04-26", "2026-01-10", "2026-08-22"}


def test_every_day_of_2025_and_2026(cal):
    off = {date.fromisoformat(d) for d in WEEKDAYS_OFF}
    work = {date.fromisoformat(d) for d in WEEKEND_WORKING}
    d = date(2025, 1, 1)
    mismatches = []
    while d <= date(2026, 12, 31):
        expected = (d.weekday() < 5 and d not in off) or d in work
        if cal.is_working_day(d) != expected:
            mismatches.append(d.isoformat())
        d += timedelta(days=1)
    assert mismatches == []


def test_working_day_counts(cal):
    assert cal.working_days_in(date(2025, 1, 1), date(2025, 12, 31)) == 261 - 12 + 1
    assert cal.working_days_in(date(2026, 1, 1), date(2026, 12, 31)) == 261 - 14 + 2


def test_unconfirmed_november_2026_swap_not_applied(cal):
    assert cal.is_working_day(date(2026, 11, 23))
    assert not cal.is_working_day(date(2026, 11, 28))
    assert cal.day_info(date(2026, 11, 28)).reason == "Thứ Bảy"


def test_make_up_saturdays_named(cal):
    assert cal.day_info(date(2026, 1, 10)).reason.startswith("Ngày làm bù")
    assert cal.day_info(date(2025, 4, 26)).reason.startswith("Ngày làm bù")
    assert cal.day_info(date(2026, 8, 22)).reason.startswith("Ngày làm bù")
