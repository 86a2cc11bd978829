"""`localgov calendar load | day | due` — JSON output, clear errors on stderr, non-zero exit."""

import json

import pytest

from localgov.cli import main
from localgov.workcalendar.models import CalendarOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """run_from_argv closes every DB connection when it ends; the test transaction needs it."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(capsys, *args):
    code = 0
    try:
        main(["calendar", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_day_json(capsys):
    code, out, _ = run(capsys, "day", "2025-09-01", "--json")
    assert code == 0
    assert json.loads(out) == {"date": "2025-09-01", "working": False, "reason": "Nghỉ lễ Quốc khánh"}


def test_day_make_up_saturday(capsys):
    code, out, _ = run(capsys, "day", "2026-01-10", "--json")
    assert json.loads(out)["working"] is True
    assert json.loads(out)["reason"].startswith("Ngày làm bù")


def test_due_days_json(capsys):
    code, out, _ = run(capsys, "due", "2025-08-29T10:00", "--days", "3", "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["due"] == "2025-09-05T10:00:00+07:00"
    assert len(payload["calendar_version"]) == 12


def test_due_hours_and_offset(capsys):
    code, out, _ = run(capsys, "due", "2025-08-29T03:00+00:00", "--hours", "8", "--json")
    assert code == 0
    assert json.loads(out)["due"] == "2025-09-03T10:00:00+07:00"


def test_human_output(capsys):
    code, out, _ = run(capsys, "day", "2025-09-03")
    assert code == 0 and "ngày làm việc" in out


@pytest.mark.parametrize(
    "args",
    [
        ("day", "2025-13-01"),
        ("day", "hôm nay"),
        ("due", "2025-08-29T10:00", "--days", "-1"),
        ("due", "2025-08-29T10:00", "--days", "ba"),
        ("due", "29/08/2025", "--days", "3"),
        ("due", "2025-08-29T10:00"),
        ("due", "2025-08-29T10:00", "--days", "1", "--hours", "2"),
        ("day", "2050-01-03"),
    ],
)
def test_bad_arguments(capsys, args):
    code, out, err = run(capsys, *args)
    assert code != 0
    assert err.strip()
    assert "Traceback" not in err
    assert out == ""


def test_load_is_idempotent(capsys):
    code, out, _ = run(capsys, "load")
    assert code == 0 and "30 mới" in out
    count = CalendarOverride.objects.count()
    code, out, _ = run(capsys, "load")
    assert code == 0 and "0 mới" in out and "30 không đổi" in out
    assert CalendarOverride.objects.count() == count == 30
