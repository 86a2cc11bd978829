"""Due dates across weekends, National Day 2025 (30 Aug – 2 Sep) and Tết 2026, the 15:00
cut-off, and the apology (Mẫu 04) window."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.core.errors import IllegalTransition, ValidationFailed
from localgov.dossiers import services


def _accepted(file_online, s, at, code="1.004873"):
    d = file_online(code, at=at).dossier
    return services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=at)


def test_over_a_weekend(file_online, staff):
    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2025, 8, 8, 9, 0))  # Friday, 3 working days
    assert d.due_at == vn(2025, 8, 13, 9, 0)  # Wednesday


def test_across_national_day_2025(file_online, staff):
    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2025, 8, 29, 10, 0))  # Fri; Sat 30 – Tue 2 Sep off
    assert d.due_at == vn(2025, 9, 5, 10, 0)


def test_across_tet_2026(file_online, staff):
    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2026, 2, 12, 14, 0))  # Thu; 14–22 Feb off
    assert d.due_at == vn(2026, 2, 24, 14, 0)  # Fri 13, Mon 23, Tue 24


def test_after_cutoff_counts_from_next_working_day(file_online, staff):
    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2025, 8, 4, 15, 30))  # after 15:00
    assert d.clock_started_at == vn(2025, 8, 5, 8, 0)
    assert d.due_at == vn(2025, 8, 7, 17, 0)


def test_apology_once_and_at_least_one_working_day_before(file_online, staff):
    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2025, 8, 4, 9, 0))  # due Thu 7 Aug 09:00
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 5))
    with pytest.raises(IllegalTransition) as late:
        services.extend(dossier_id=d.pk, version=d.version, actor=s["approver"], new_due=vn(2025, 8, 12, 9, 0),
                        reason="Cần xác minh", now=vn(2025, 8, 6, 10, 0))
    assert late.value.code == "extension_too_late"
    with pytest.raises(ValidationFailed):
        services.extend(dossier_id=d.pk, version=d.version, actor=s["approver"], new_due=vn(2025, 8, 6, 9, 0),
                        reason="Cần xác minh", now=vn(2025, 8, 5, 9, 0))
    d = services.extend(dossier_id=d.pk, version=d.version, actor=s["approver"], new_due=vn(2025, 8, 12, 9, 0),
                        reason="Cần xác minh với cơ quan khác", now=vn(2025, 8, 5, 9, 0))
    assert d.extended_due_at == vn(2025, 8, 12, 9, 0) and d.extension_count == 1
    with pytest.raises(IllegalTransition) as twice:
        services.extend(dossier_id=d.pk, version=d.version, actor=s["approver"], new_due=vn(2025, 8, 14, 9, 0),
                        reason="Lần nữa", now=vn(2025, 8, 5, 10, 0))
    assert twice.value.code == "extension_once"


def test_calendar_version_is_stored(file_online, staff):
    from localgov.workcalendar.adapter import get_calendar

    s = staff(BA_DINH)
    d = _accepted(file_online, s, vn(2025, 8, 4, 9, 0))
    assert d.calendar_version == get_calendar().version
