"""The calendar version is a short stable hash of (overrides, office hours, cut-off, holidays
package version); any change gives a new id, and the registry returns a stored version."""

from dataclasses import replace
from datetime import date

import pytest

from localgov.workcalendar.core import Calendar, CalendarRegistry, UnknownCalendarVersion, default_calendar
from localgov.workcalendar.sources import Override, load_overrides_file


def test_stable_and_short(cal):
    again = Calendar(load_overrides_file())
    assert again.version == cal.version
    assert len(cal.version) == 12
    assert Calendar(list(reversed(load_overrides_file()))).version == cal.version


def test_any_change_gives_a_new_version(cal):
    rows = load_overrides_file()
    changed = [replace(rows[0], reason=rows[0].reason + " (sửa)"), *rows[1:]]
    added = [*rows, Override(date(2027, 1, 4), False, "Nghỉ thử", "Văn bản thử", "https://example.org")]
    versions = {
        cal.version,
        Calendar(changed).version,
        Calendar(added).version,
        Calendar(rows[1:]).version,
        Calendar(rows, office_hours="07:30-11:30,13:30-17:30").version,
        Calendar(rows, cutoff="16:00").version,
    }
    assert len(versions) == 6


def test_registry_returns_the_stored_version(cal, vn):
    reg = CalendarRegistry(capacity=2)
    old = reg.register(cal)
    new = reg.register(Calendar([*cal.overrides, Override(date(2025, 9, 3), False, "Nghỉ thử", "Văn bản thử", "")]))
    assert reg.get(old.version) is cal
    assert reg.get(new.version) is new
    start = vn(2025, 8, 29, 10)
    assert reg.get(old.version).add_working_days(start, 3) == vn(2025, 9, 5, 10)
    assert reg.get(new.version).add_working_days(start, 3) == vn(2025, 9, 8, 10)
    assert reg.register(Calendar(load_overrides_file())) is cal  # same version → same instance
    reg.register(Calendar((), cutoff="16:30"))
    with pytest.raises(UnknownCalendarVersion):
        reg.get(new.version)  # evicted (capacity 2)


def test_default_calendar_is_registered():
    from localgov.workcalendar.core import registry

    assert default_calendar().version in registry
