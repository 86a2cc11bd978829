"""GET /api/v1/calendar/day/{date} and GET /api/v1/calendar/due?start=...&days=N (or hours=H)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from localgov.core.api_errors import errors
from localgov.core.errors import ValidationFailed
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.core import CalendarError
from localgov.workcalendar.inputs import day_payload, due_payload, parse_day, parse_due_request

router = Router(tags=["calendar"])


class DayOut(Schema):
    date: str
    working: bool
    reason: str


class DueOut(Schema):
    due: str
    calendar_version: str


@router.get("/day/{date}", response={200: DayOut, **errors(422)}, summary="Ngày làm việc hay ngày nghỉ")
def day(request: HttpRequest, date: str) -> dict[str, object]:
    """`date` is YYYY-MM-DD."""
    try:
        return day_payload(get_calendar(), parse_day(date))
    except CalendarError as exc:
        raise ValidationFailed(str(exc), fields={"date": [str(exc)]}) from exc


@router.get("/due", response={200: DueOut, **errors(422)}, summary="Hạn giải quyết tính từ thời điểm tiếp nhận")
def due(
    request: HttpRequest, start: str, days: int | None = None, hours: float | None = None
) -> dict[str, object]:
    """`start` is ISO 8601 (no offset = Asia/Ho_Chi_Minh); give exactly one of `days`, `hours`."""
    try:
        return due_payload(get_calendar(), parse_due_request(start, days, hours))
    except CalendarError as exc:
        raise ValidationFailed(str(exc)) from exc
