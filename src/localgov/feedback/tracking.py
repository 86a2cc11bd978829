"""What the office is waiting for on a dossier, and from whom — for the citizen's tracking page
(a small hook in portal/tracking.py). Read from the dossier's state and its stored fields; no
rule of its own."""

from __future__ import annotations

from dataclasses import dataclass

from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State


@dataclass(frozen=True)
class Waiting:
    who: str  # "Bạn (người nộp hồ sơ)" or the office
    what: str


def waiting_for(d: Dossier) -> Waiting | None:
    state = State(d.state)
    competent = d.competent_agency.name if d.competent_agency_id else "cơ quan có thẩm quyền"
    desk = d.received_centre.name if d.received_centre_id else competent
    if state is State.NEW:
        return Waiting(desk, "Tiếp nhận, kiểm tra hồ sơ")
    if state is State.SUPPLEMENT_REQUESTED:
        missing = "; ".join(str(m) for m in (d.supplement_missing or [])) or "giấy tờ theo thông báo"
        return Waiting("Bạn (người nộp hồ sơ)", f"Bổ sung, hoàn thiện hồ sơ: {missing}")
    if state is State.FINANCIAL_OBLIGATION:
        amount = f" {d.payment_amount_vnd:,} đồng".replace(",", ".") if d.payment_amount_vnd else ""
        return Waiting("Bạn (người nộp hồ sơ)", f"Nộp phí, lệ phí, nghĩa vụ tài chính{amount}")
    if state is State.ACCEPTED:
        return Waiting(desk, f"Chuyển hồ sơ đến {competent}")
    if state is State.PROCESSING:
        return Waiting(competent, "Thẩm định, giải quyết hồ sơ")
    if state is State.WITHDRAWAL_REQUESTED:
        return Waiting(desk, "Xử lý đề nghị rút hồ sơ của bạn")
    if state is State.DONE:
        place = d.return_centre.name if d.return_centre_id else "theo hình thức bạn đã chọn"
        return Waiting("Bạn (người nộp hồ sơ)", f"Nhận kết quả ({place})")
    return None
