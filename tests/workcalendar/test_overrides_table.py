"""The `CalendarOverride` table: when it has rows, `get_calendar()` uses them (not the file);
saving or deleting a row invalidates the cache and yields a new calendar version; a dossier
can still recompute with the version it stored."""

from datetime import date, datetime

import pytest
from django.test import override_settings

from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.core import VN_TZ, UnknownCalendarVersion
from localgov.workcalendar.models import CalendarOverride
from localgov.workcalendar.services import load_overrides

pytestmark = pytest.mark.django_db


def test_empty_table_uses_the_shipped_file(cal):
    assert CalendarOverride.objects.count() == 0
    assert get_calendar().version == cal.version


def test_loaded_table_gives_the_same_version(cal):
    result = load_overrides()
    assert (result.created, result.updated) == (30, 0)
    assert get_calendar().version == cal.version


def test_saving_and_deleting_an_override_invalidates(cal):
    load_overrides()
    before = get_calendar()
    extra = CalendarOverride.objects.create(
        date=date(2027, 1, 4), working=False, reason="Nghỉ thử", document="Văn bản thử"
    )
    after = get_calendar()
    assert after.version != before.version
    assert not after.is_working_day(date(2027, 1, 4))
    assert after.day_info(date(2027, 1, 4)).reason == "Nghỉ thử"
    # The old version is still loaded, so a dossier that stored it can recompute.
    assert get_calendar(before.version) is before
    assert before.is_working_day(date(2027, 1, 4))
    extra.delete()
    assert get_calendar().version == before.version


def test_editing_a_row_changes_the_version():
    load_overrides()
    before = get_calendar().version
    row = CalendarOverride.objects.get(date=date(2026, 11, 24))
    row.reason = "Nghỉ lễ Ngày Văn hóa Việt Nam (sửa)"
    row.save()
    assert get_calendar().version != before
    load_overrides()  # re-import restores the shipped row
    assert get_calendar().version == before


def test_unknown_version():
    with pytest.raises(UnknownCalendarVersion):
        get_calendar("000000000000")


def test_settings_drive_hours_and_cutoff():
    received = datetime(2025, 8, 28, 15, 30, tzinfo=VN_TZ)
    default = get_calendar()
    with override_settings(LOCALGOV_RECEIPT_CUTOFF="16:00", LOCALGOV_OFFICE_HOURS="07:30-11:30,13:30-17:30"):
        custom = get_calendar()
        assert custom.version != default.version
        assert custom.clock_start(received) == received
    assert default.clock_start(received) == datetime(2025, 8, 29, 8, tzinfo=VN_TZ)
