"""The register of service centres (Trung tâm Phục vụ hành chính công, Decree 118/2025 Art. 7):
a centre's status on any date from its effective-dated changes. Pure: no Django import.

Changes: opened (mở, hoạt động), suspended (tạm dừng), resumed (hoạt động trở lại), closed
(đóng, chấm dứt), moved (chuyển địa điểm: the centre keeps operating at a new address).
A centre is *operating* on a day when its latest change on or before that day is opened,
resumed or moved; before its first change it does not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

OPENED, SUSPENDED, RESUMED, CLOSED, MOVED = "opened", "suspended", "resumed", "closed", "moved"
KINDS: dict[str, str] = {
    OPENED: "Bắt đầu hoạt động",
    SUSPENDED: "Tạm dừng hoạt động",
    RESUMED: "Hoạt động trở lại",
    CLOSED: "Chấm dứt hoạt động",
    MOVED: "Chuyển địa điểm",
}
#: The status a change leaves the centre in (units.CentreStatus values).
STATUS_AFTER = {OPENED: "operating", SUSPENDED: "suspended", RESUMED: "operating", CLOSED: "closed",
                MOVED: "operating"}
#: Which change may follow which status (None = no change yet).
ALLOWED_FROM: dict[str | None, frozenset[str]] = {
    None: frozenset({OPENED}),
    "operating": frozenset({SUSPENDED, CLOSED, MOVED}),
    "suspended": frozenset({RESUMED, CLOSED, MOVED}),
    "closed": frozenset({OPENED}),  # re-opened by a new decision
}


@dataclass(frozen=True)
class Change:
    kind: str
    on: date
    address: str = ""


def status_on(changes: Iterable[Change], day: date) -> str | None:
    """The status on `day` (None: not yet opened). Changes in any order; same-day changes apply in
    the order given."""
    status = None
    for c in sorted(changes, key=lambda c: c.on):
        if c.on > day:
            break
        status = STATUS_AFTER[c.kind]
    return status


def address_on(changes: Iterable[Change], day: date, default: str = "") -> str:
    address = default
    for c in sorted(changes, key=lambda c: c.on):
        if c.on > day:
            break
        if c.address:
            address = c.address
    return address


def check(history: Sequence[Change], new: Change, *, today: date, max_ahead_days: int = 366) -> dict[str, str]:
    """Why `new` cannot follow `history` ({field: Vietnamese reason}); {} when it can. A change is
    recorded in date order (on or after the last one) and at most a year ahead."""
    errors: dict[str, str] = {}
    if new.kind not in KINDS:
        errors["kind"] = "Loại thay đổi không hợp lệ."
        return errors
    last = max(history, key=lambda c: c.on) if history else None
    if last and new.on < last.on:
        errors["on"] = f"Ngày hiệu lực phải từ {last.on:%d/%m/%Y} (ngày của thay đổi gần nhất) trở đi."
    if (new.on - today).days > max_ahead_days:
        errors["on"] = "Ngày hiệu lực quá xa trong tương lai (tối đa một năm)."
    current = status_on(history, date.max) if history else None
    if new.kind not in ALLOWED_FROM[current]:
        label = {None: "chưa hoạt động", "operating": "đang hoạt động", "suspended": "đang tạm dừng",
                 "closed": "đã chấm dứt"}[current]
        errors["kind"] = f"Không thể ghi «{KINDS[new.kind]}» khi trung tâm {label}."
    if new.kind == MOVED and not new.address.strip():
        errors["address"] = "Chuyển địa điểm cần địa chỉ mới."
    return errors
