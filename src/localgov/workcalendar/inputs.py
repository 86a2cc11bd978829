"""Parsing of user input for the CLI and the API (pure; errors are Vietnamese `CalendarError`s)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from localgov.workcalendar.core import VN_TZ, Calendar, CalendarError


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise CalendarError(f"Ngày không hợp lệ: {text!r} (cần dạng YYYY-MM-DD)") from exc


def page_day(text: str | None, first: date, last: date) -> date | None:
    """A day typed in a page's address or form (YYYY-MM-DD), or None when it is not one or falls
    outside [first, last] — the working calendar's range, where a page's date arithmetic holds
    (0001-01-01 or 9999-12-31 overflowed it: server errors). The page then shows its default."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if first <= day <= last else None


def parse_moment(text: str) -> datetime:
    """ISO 8601 date-time; without an offset it is taken as Vietnam time (Asia/Ho_Chi_Minh)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError) as exc:
        raise CalendarError(
            f"Thời điểm không hợp lệ: {text!r} (cần dạng YYYY-MM-DDTHH:MM, có thể kèm +07:00)"
        ) from exc
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment


def parse_amount(text: str | float | None, what: str, *, integer: bool) -> float | int | None:
    if text is None or text == "":
        return None
    try:
        value: float | int = int(str(text).strip()) if integer else float(str(text).strip())
    except ValueError as exc:
        kind = "số nguyên" if integer else "số"
        raise CalendarError(f"Số {what} không hợp lệ: {text!r} (cần {kind} không âm)") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise CalendarError(f"Số {what} không hợp lệ: {text!r}")
    if value < 0:
        raise CalendarError(f"Số {what} không được âm: {text!r}")
    return value


@dataclass(frozen=True)
class DueRequest:
    start: datetime
    days: int | None
    hours: float | None


def parse_due_request(start: str, days: str | float | None, hours: str | float | None) -> DueRequest:
    n_days = parse_amount(days, "ngày làm việc", integer=True)
    n_hours = parse_amount(hours, "giờ làm việc", integer=False)
    if (n_days is None) == (n_hours is None):
        raise CalendarError("Cần đúng một trong hai tham số: số ngày (days) hoặc số giờ (hours)")
    return DueRequest(
        parse_moment(start),
        None if n_days is None else int(n_days),
        None if n_hours is None else float(n_hours),
    )


def day_payload(cal: Calendar, day: date) -> dict[str, object]:
    info = cal.day_info(day)
    return {"date": info.date.isoformat(), "working": info.working, "reason": info.reason}


def due_payload(cal: Calendar, req: DueRequest) -> dict[str, object]:
    if req.days is not None:
        due = cal.add_working_days(req.start, req.days)
    else:
        due = cal.add_working_hours(req.start, req.hours or 0.0)
    return {"due": due.isoformat(), "calendar_version": cal.version}
