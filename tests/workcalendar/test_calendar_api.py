"""GET /api/v1/calendar/day/{date} and /api/v1/calendar/due — same JSON as the CLI; 422 on bad input."""

import pytest

pytestmark = pytest.mark.django_db


def test_day(client):
    r = client.get("/api/v1/calendar/day/2025-09-01")
    assert r.status_code == 200
    assert r.json() == {"date": "2025-09-01", "working": False, "reason": "Nghỉ lễ Quốc khánh"}


def test_due_days(client):
    r = client.get("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "days": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["due"] == "2025-09-05T10:00:00+07:00"
    assert len(body["calendar_version"]) == 12


def test_due_hours_with_offset(client):
    r = client.get("/api/v1/calendar/due", {"start": "2026-02-13T14:00:00+07:00", "hours": 4})
    assert r.status_code == 200
    assert r.json()["due"] == "2026-02-23T09:00:00+07:00"


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/v1/calendar/day/2025-02-30", {}),
        ("/api/v1/calendar/day/2060-01-01", {}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "days": -2}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "days": "x"}),
        ("/api/v1/calendar/due", {"start": "không phải ngày", "days": 1}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00"}),
        ("/api/v1/calendar/due", {"days": 1}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "hours": "inf"}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "hours": 1e308}),
        ("/api/v1/calendar/due", {"start": "2025-08-29T10:00", "days": 10**9}),
    ],
)
def test_bad_input_is_422(client, url, params):
    r = client.get(url, params)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "validation_failed"
    assert body["message"]
