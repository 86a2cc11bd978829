"""What `holidays.VN` yields for 2025–2026 versus the official schedule: the overrides table
must supply exactly what the package lacks (checked against holidays 0.109)."""

from datetime import date, timedelta

from localgov.workcalendar.core import Calendar


def test_package_alone_differs_only_where_the_overrides_fill_in(cal):
    package_only = Calendar(())  # weekends + holidays package, no overrides
    differences = []
    d = date(2025, 1, 1)
    while d <= date(2026, 12, 31):
        if package_only.is_working_day(d) != cal.is_working_day(d):
            differences.append((d.isoformat(), cal.is_working_day(d)))
        d += timedelta(days=1)
    # The package does not know the 2026 New Year swap (12729/VPCP-KGVX, 25 Dec 2025).
    assert set(differences) <= {("2026-01-02", False), ("2026-01-10", True)}


def test_every_override_row_has_document_and_source(cal):
    assert len(cal.overrides) >= 30
    for o in cal.overrides:
        assert o.reason and o.document, o
        assert o.source_url.startswith("https://"), o


def test_override_rows_cover_every_official_weekday_off(cal):
    listed = {o.day for o in cal.overrides}
    for d in (
        "2025-05-02",
        "2026-01-02",
        "2026-01-10",
        "2026-04-27",
        "2026-08-22",
        "2026-08-31",
        "2026-11-24",
    ):
        assert date.fromisoformat(d) in listed
    assert date(2026, 11, 23) not in listed
    assert date(2026, 11, 28) not in listed


def test_years_without_overrides_use_weekends_and_holidays(cal):
    # 2027: no override rows; Tết Đinh Mùi from the package (mùng 1 = Sat 6 Feb 2027).
    assert 2027 not in cal.override_years
    assert not cal.is_working_day(date(2027, 2, 8))
    assert not cal.is_working_day(date(2027, 9, 2))
    assert cal.is_working_day(date(2027, 3, 10))
