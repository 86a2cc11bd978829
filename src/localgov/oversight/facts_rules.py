"""What one dossier event adds to the oversight facts. Pure: no Django import.

Oversight reads facts, never scans dossiers (docs/oversight.md): every dossier event updates, in the
same transaction, a fact row keyed by (province, commune, procedure, day, channel). This
module is the whole rule book for that update; `oversight/facts.py` only feeds it and writes
its answer, and `localgov facts rebuild` feeds it the same inputs read back from the events,
so rebuild == incremental by construction.

The unit of a fact (decided here, documented in docs/oversight.md):

* **province / commune = the competent unit** (`Dossier.province_code`,
  `Dossier.competent_commune_code`; "" for dossiers decided at provincial level). Decision 766
  scores the unit that *handles* the dossier (docs/domain/decision-766.md §2, indicator 2.1 "hồ sơ
  xử lý"), and receipt regardless of boundaries (Decree 118 Art. 3(6)-(7), Art. 14(2)) would
  otherwise credit a ward with dossiers another ward decides;
* **day = the local calendar day (Asia/Ho_Chi_Minh) of the event**: a received dossier counts
  on the day it was submitted, a completed one on the day it was completed (flows, not stocks);
* **channel = the channel of submission** (`KenhThucHien` 1–3, Decree 118 Art. 15).

Bundle parents (liên thông, Decree 63/2024) are skipped: each child is a dossier of one
procedure at one agency and is counted; counting the parent too would count one application
twice.

Stocks:

* open dossiers = cumulative sum over days of (received − closed); closed = refused + stopped
  + done (the 766 end states, docs/domain/decision-766.md §2 indicator 2.1). A dossier closes at most
  once (workflow.TRANSITIONS: no transition leaves REFUSED, STOPPED; DONE only goes to
  RETURNED).
* overdue open dossiers come from a *due-day histogram* (`due_position`): each open dossier
  whose legal clock runs sits in the bucket of the local day of its effective due time
  (`extended_due_at` or `due_at`, Decree 118 Art. 19(6)); overdue as of day D = sum of buckets
  before D (day granularity: a dossier due today counts as overdue from tomorrow). Dossiers
  waiting for the applicant (supplement requested, withdrawal requested) or with a paused
  clock (`paused_since`) are not in the histogram: their delay is not the agency's
  (clock.is_overdue treats a paused clock the same way).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: workflow.State codes (portal TrangThai, docs/domain/one-stop-rules.md §1.4), repeated here so that this
#: module stays free of any import beyond the standard library.
NEW, ACCEPTED, REFUSED, PROCESSING, SUPPLEMENT_REQUESTED = 1, 2, 3, 4, 5
FINANCIAL_OBLIGATION, WITHDRAWAL_REQUESTED, STOPPED, DONE, RETURNED = 6, 7, 8, 9, 10
#: States whose legal clock runs and can become overdue (see module docstring).
RUNNING_STATES = frozenset({ACCEPTED, PROCESSING, FINANCIAL_OBLIGATION})

#: Every counter of a fact row, with its Vietnamese label (column headers of exports).
COUNTERS: dict[str, str] = {
    "received": "Hồ sơ tiếp nhận",
    "received_full_online": "Hồ sơ nộp trực tuyến toàn trình",
    "accepted": "Hồ sơ được tiếp nhận (Mẫu 01)",
    "refused": "Hồ sơ từ chối",
    "stopped": "Hồ sơ dừng xử lý",
    "withdrawn": "Hồ sơ rút theo yêu cầu",
    "done": "Hồ sơ giải quyết xong",
    "early": "Xong trước hạn",
    "on_time": "Xong đúng hạn",
    "late": "Xong quá hạn",
    "on_time_766": "Đúng hạn (QĐ 766)",
    "late_766": "Quá hạn (QĐ 766)",
    "closed": "Hồ sơ kết thúc xử lý",
    "closed_with_supplement": "Kết thúc, có yêu cầu bổ sung",
    "closed_repeat_supplement": "Kết thúc, bổ sung quá 1 lần",
    "supplement_requests": "Lượt yêu cầu bổ sung",
    "processing_seconds": "Tổng thời gian giải quyết (giây làm việc)",
    "processing_count": "Số hồ sơ tính thời gian giải quyết",
    "payment_requested": "Lượt yêu cầu nghĩa vụ tài chính",
    "paid_online": "Lượt thanh toán trực tuyến",
    "result_electronic": "Hồ sơ có kết quả điện tử",
    # Decision 766/QĐ-TTg group 4 (docs/domain/decision-766.md §2): counted when the result is issued.
    "done_paper_result": "Hồ sơ xong của TTHC có kết quả bản giấy",  # 4.1 denominator
    "e_result_paper": "Hồ sơ xong của TTHC có kết quả bản giấy, có kết quả điện tử",  # 4.1
    "done_digitised": "Hồ sơ xong, số hóa đầu vào và có kết quả điện tử",  # 4.2
    "done_reused": "Hồ sơ xong, tái sử dụng dữ liệu số hóa",  # 4.3
    "done_personal_store": "Hồ sơ xong, dùng hoặc cập nhật kho dữ liệu cá nhân",  # 4.4
    "done_identity": "Hồ sơ xong, xác thực qua CSDL dân cư / VNeID",  # 4.5b
    # 3.3 counts an online dossier only with an e-result where a paper result is required:
    "online_paper_no_e_result": "Hồ sơ trực tuyến xong, TTHC có kết quả giấy, không có kết quả điện tử",
    # Full-process eligibility not known from the national database (catalogue `full_process`):
    "received_online_full_unknown": "Hồ sơ trực tuyến của TTHC chưa rõ mức toàn trình",
    # Receipt regardless of boundaries (Decree 118/2025 Art. 3(6)-(7), 14(2)): received at a centre
    # of another commune than the competent one.
    "received_outside": "Hồ sơ tiếp nhận ngoài xã có thẩm quyền",
    "outside_on_time_766": "Hồ sơ tiếp nhận ngoài xã, đúng hạn (QĐ 766)",
    "outside_late_766": "Hồ sơ tiếp nhận ngoài xã, quá hạn (QĐ 766)",
    "rating_sum": "Tổng điểm đánh giá",
    "rating_count": "Lượt đánh giá",
    "rating_dissatisfied": "Lượt đánh giá không hài lòng (1–2)",
}


@dataclass(frozen=True)
class EventIn:
    """The event, as written by dossiers/services.py."""

    action: str
    from_state: int | None
    to_state: int
    data: Mapping[str, Any]


@dataclass(frozen=True)
class DossierIn:
    """What the rules read from the dossier. Only fields that are fixed from submission
    (channel, return method, procedure level) or that the event that reads them sets once and
    for all (at completion: electronic result, supplement counts, processing time) — so the
    rebuild, which sees the dossier as it is today, reads the same values the live hook saw."""

    channel: int
    return_method: str
    procedure_online_level: str
    is_bundle_parent: bool = False
    result_electronic: bool = False
    repeat_supplement: bool = False
    supplement_requests_after_acceptance: int = 0
    #: Working seconds from acceptance to decision, minus time the clock stood still
    #: (computed by the caller with the dossier's calendar version); None if not decided.
    processing_seconds: float | None = None
    #: The procedure returns a paper result (catalogue result_type paper / both): 766 indicator 4.1.
    procedure_paper_result: bool = False
    #: Whether the national database says if the procedure may be served full-process (catalogue
    #: `full_process` not blank).
    procedure_full_known: bool = True
    #: Received at a centre of another commune than the competent one (fixed at submission).
    received_outside: bool = False
    #: Set by the decision (transitions._decide), read only by `decide`.
    result_signed: bool = False
    inputs_digitised: bool = False
    data_reused: bool = False
    identity_verified: bool = False


#: The closing actions and the counter each one adds.
CLOSING: dict[str, str] = {"refuse": "refused", "stop": "stopped", "decide": "done"}
#: Actions to which `deltas` gives nothing whatever the event and the dossier (it counts none of
#: them), so that a bulk caller may skip them without building an `EventIn`. Keep it in step with
#: `deltas` (tests/simulate/test_simulate_no_delta_actions.py checks it).
NO_DELTA_ACTIONS = frozenset({"assign", "advance", "supplement_received", "extend", "request_withdrawal",
                              "return_result"})


def deltas(event: EventIn, dossier: DossierIn) -> dict[str, float]:
    """The counters this event adds to the fact row of its day (empty: nothing to add)."""
    if dossier.is_bundle_parent:
        return {}
    action, data = event.action, event.data or {}
    out: dict[str, float] = {}
    if action == "submit":
        out["received"] = 1
        # Full-process online (toàn trình): submitted online for a procedure offered fully
        # online, the result returned online or by public post (Decree 42/2022 Art. 11,
        # docs/domain/one-stop-rules.md §5).
        if dossier.channel == 2 and dossier.procedure_online_level == "full" and dossier.return_method != "centre":
            out["received_full_online"] = 1
        if dossier.channel == 2 and not dossier.procedure_full_known:
            out["received_online_full_unknown"] = 1  # the toàn trình share cannot be judged
        if dossier.received_outside:
            out["received_outside"] = 1
    elif action == "accept":
        out["accepted"] = 1
    elif action == "request_supplement":
        out["supplement_requests"] = 1
    elif action == "request_payment":
        out["payment_requested"] = 1
    elif action == "payment_received":
        if data.get("online"):
            out["paid_online"] = 1  # 766 indicator 3.6 (docs/domain/decision-766.md §2)
    elif action == "rate":
        rating = int(data.get("rating") or 0)
        if rating:
            out["rating_sum"] = rating
            out["rating_count"] = 1
            if rating <= 2:
                out["rating_dissatisfied"] = 1  # 766 indicator 5.4 "không hài lòng"

    closing = CLOSING.get(action)
    if closing:
        out[closing] = 1
        out["closed"] = 1
        if action == "stop" and event.from_state == WITHDRAWAL_REQUESTED:
            out["withdrawn"] = 1  # Decree 118 Art. 21: stopped at the applicant's request
        if dossier.supplement_requests_after_acceptance >= 1:
            out["closed_with_supplement"] = 1
        if dossier.repeat_supplement or dossier.supplement_requests_after_acceptance > 1:
            out["closed_repeat_supplement"] = 1  # Decree 118 Art. 11(2)(c): once only
        outcome = data.get("outcome")
        if outcome in ("early", "on_time", "late") and action != "stop":
            # legal due time (clock.legal_outcome: a stop has none; events written before that rule
            # still carry one, and a rebuild recounts them by this test)
            out[outcome] = 1
        outcome_766 = data.get("outcome_766")
        if outcome_766 in ("on_time", "late"):
            out[f"{outcome_766}_766"] = 1  # Decision 766 rule (clock.classify_766)
            if dossier.received_outside:
                out[f"outside_{outcome_766}_766"] = 1
        if action == "decide":
            if dossier.result_electronic:
                out["result_electronic"] = 1  # Decree 118 Art. 22
            # Decision 766 group 4 (docs/domain/decision-766.md §2)
            if dossier.procedure_paper_result:
                out["done_paper_result"] = 1
                if dossier.result_electronic:
                    out["e_result_paper"] = 1  # 4.1: e-result where a paper result is issued
                elif dossier.channel == 2:
                    out["online_paper_no_e_result"] = 1  # 3.3: this online dossier does not count
            if dossier.inputs_digitised and dossier.result_electronic:
                out["done_digitised"] = 1  # 4.2: inputs digitised and e-result
            if dossier.data_reused:
                out["done_reused"] = 1  # 4.3
            if dossier.data_reused or (dossier.result_electronic and dossier.result_signed):
                out["done_personal_store"] = 1  # 4.4: used or fed the personal data store
            if dossier.identity_verified:
                out["done_identity"] = 1  # 4.5b
            if dossier.processing_seconds is not None:
                out["processing_seconds"] = max(0.0, float(dossier.processing_seconds))
                out["processing_count"] = 1  # 766 indicator 2.2
    return out


def due_position(*, state: int | None, due_day: date | None, paused: bool) -> date | None:
    """The due-day bucket an open dossier sits in, or None (not in the histogram)."""
    if state not in RUNNING_STATES or due_day is None or paused:
        return None
    return due_day


def due_moves(before: date | None, after: date | None) -> list[tuple[date, int]]:
    """The histogram changes that move a dossier from bucket `before` to bucket `after`."""
    if before == after:
        return []
    moves: list[tuple[date, int]] = []
    if before is not None:
        moves.append((before, -1))
    if after is not None:
        moves.append((after, +1))
    return moves
