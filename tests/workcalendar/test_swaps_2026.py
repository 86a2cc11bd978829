"""2026 swaps: New Year Fri 2 Jan off / Sat 10 Jan worked (12729/VPCP-KGVX); Mon 27 Apr off for
Hùng Kings' day on Sunday (Labour Code art. 111(3)); Mon 31 Aug off / Sat 22 Aug worked
(9441/TB-BNV); Tue 24 Nov Vietnamese Culture Day (NQ 28/2026/QH16)."""

from datetime import date


def test_new_year_swap(cal, vn):
    assert not cal.is_working_day(date(2026, 1, 2))
    info = cal.day_info(date(2026, 1, 10))
    assert info.working and info.reason == "Ngày làm bù cho ngày 02/01/2026"
    # Received Fri 9 Jan 10:00; 1 working day → Sat 10 Jan 10:00 (the make-up Saturday counts).
    assert cal.add_working_days(vn(2026, 1, 9, 10), 1) == vn(2026, 1, 10, 10)


def test_hung_kings_day_on_sunday(cal):
    assert not cal.is_working_day(date(2026, 4, 26))
    assert not cal.is_working_day(date(2026, 4, 27))
    assert "Giỗ Tổ Hùng Vương" in cal.day_info(date(2026, 4, 27)).reason
    assert cal.is_working_day(date(2026, 4, 28))


def test_national_day_swap(cal, vn):
    assert cal.is_working_day(date(2026, 8, 22))
    for d in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not cal.is_working_day(d)
    assert cal.add_working_days(vn(2026, 8, 28, 9), 1) == vn(2026, 9, 3, 9)


def test_culture_day(cal):
    info = cal.day_info(date(2026, 11, 24))
    assert not info.working and "Văn hóa" in info.reason
