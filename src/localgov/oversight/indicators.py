"""The indicator registry: what the Government's review reads, each with its definition, its
formula over summed facts, its unit, its target and where the target comes from. Pure: no
Django import (the selectors sum the facts; this module only divides).

`Totals` is a mapping of summed fact counters (facts_rules.COUNTERS) for one area and period,
plus `online.<counter>` (channel 2 only), `overdue_open` (due-day histogram, as of the
period's end), `open` (cumulative received − closed up to the period's end) and
`centres_operating` (units.ServiceCentre).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from localgov.core import numfmt

Totals = Mapping[str, float]
WORKING_DAY_SECONDS = 8 * 3600  # dossiers/clock.py HOURS_PER_WORKING_DAY (8-hour working day)


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _get(t: Totals, key: str) -> float:
    return float(t.get(key) or 0)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # Vietnamese, as shown
    definition: str
    unit: str  # "hồ sơ" | "%" | "ngày làm việc" | "trung tâm" | "điểm"
    formula: Callable[[Totals], float | None]
    target: float | None = None
    higher_is_better: bool = True
    source: str = ""
    #: The dossier list behind the number (oversight dossier page `metric=`), if any.
    metric: str | None = None
    #: For rates: the metric of the denominator's dossiers.
    denominator_metric: str | None = None

    def value(self, totals: Totals) -> float | None:
        return self.formula(totals)

    def meets_target(self, value: float | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.higher_is_better else value <= self.target


def _on_time_21(t: Totals) -> float | None:
    """Decision 766/QĐ-TTg annex, indicator 2.1 (docs/domain/decision-766.md §2, §3): dossiers done
    or still in progress on time ÷ all received and processed. The processed are those that
    reached an end state in the period (refused, stopped — withdrawn included —, done; a returned
    dossier was done first) plus those in progress at the period's end. Late = classified late by
    the 766 method (`late_766`: clock.classify_766, > 1 supplement request included) or open past
    its due time (`overdue_open`). An end state with no 766 classification (refused at reception,
    before any clock ran) is not late."""
    denominator = _get(t, "closed") + _get(t, "open")
    if not denominator:
        return None
    late = _get(t, "late_766") + _get(t, "overdue_open")
    return max(0.0, 1.0 - late / denominator)


def _satisfaction_54(t: Totals) -> float | None:
    """Decision 766/QĐ-TTg annex, indicator 5.4: 100% − (overdue-dossier rate + rate of dossiers
    with complaints or dislikes). The overdue rate is the 766 late count (`late_766` ÷ classified,
    clock.classify_766), the same as indicator 2.1's. Dossiers with complaints: the complaint
    records (feedback app, `dossiers_with_complaints`, docs/feedback.md "5.4"), over the same
    classified dossiers; dislikes and complaints are added (their overlap is not known from totals)."""
    classified = _get(t, "on_time_766") + _get(t, "late_766")
    if not classified and not _get(t, "rating_count"):
        return None
    late = _get(t, "late_766") / classified if classified else 0.0
    disliked = _get(t, "rating_dissatisfied") / _get(t, "rating_count") if _get(t, "rating_count") else 0.0
    complained = _get(t, "dossiers_with_complaints") / classified if classified else 0.0
    return max(0.0, 1.0 - late - disliked - complained)


def _full_online(t: Totals) -> float | None:
    """Full-process online dossiers ÷ online dossiers; None ("chưa đủ dữ liệu") while any online
    dossier is of a procedure whose full-process eligibility the national database does not state
    (catalogue `full_process` blank): its dossiers might be full-process, so a share would be a guess."""
    if _get(t, "received_online_full_unknown"):
        return None
    return _ratio(_get(t, "received_full_online"), _get(t, "online.received"))


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator("received", "Hồ sơ tiếp nhận", "Số hồ sơ nộp trong kỳ (mọi kênh), tính cho đơn vị có thẩm quyền.",
                  "hồ sơ", lambda t: _get(t, "received"), source="NĐ 118/2025 Điều 15, 17", metric="received"),
        Indicator("processed", "Hồ sơ đã giải quyết",
                  "Hồ sơ kết thúc xử lý trong kỳ: giải quyết xong, từ chối, dừng xử lý (trạng thái kết thúc của "
                  "chỉ số 2.1 QĐ 766).", "hồ sơ", lambda t: _get(t, "closed"),
                  source="QĐ 766 chỉ số 2.1 (docs/domain/decision-766.md §2)", metric="processed"),
        Indicator("processed_online", "Hồ sơ trực tuyến đã giải quyết",
                  "Hồ sơ nộp trực tuyến kết thúc xử lý trong kỳ.", "hồ sơ", lambda t: _get(t, "online.closed"),
                  source="Báo cáo Chính phủ 01/10/2025 (docs/domain/one-stop-rules.md §4.1)",
                  metric="processed_online"),
        Indicator("online_share", "Tỷ lệ hồ sơ trực tuyến", "Hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận.", "%",
                  lambda t: _ratio(_get(t, "online.received"), _get(t, "received")), target=0.5,
                  source="QĐ 766 chỉ số 3.3, T = 50% (docs/domain/decision-766.md §2)", metric="received_online",
                  denominator_metric="received"),
        Indicator("full_online_share", "Tỷ lệ hồ sơ trực tuyến toàn trình",
                  "Hồ sơ toàn trình (nộp và xử lý hoàn toàn trực tuyến, trả kết quả trực tuyến hoặc bưu chính) ÷ "
                  "hồ sơ nộp trực tuyến. «Chưa đủ dữ liệu» khi có hồ sơ trực tuyến của TTHC mà CSDL quốc gia "
                  "về TTHC chưa cho biết có đủ điều kiện toàn trình hay không.", "%",
                  _full_online, target=0.2,
                  source="NĐ 42/2022 Điều 11; mục tiêu Hà Nội ≥ 20% (docs/domain/one-stop-rules.md §5 [S62])",
                  metric="received_full_online", denominator_metric="received_online"),
        Indicator("on_time_766", "Tỷ lệ giải quyết đúng hạn (QĐ 766)",
                  "Hồ sơ đã xử lý hoặc đang xử lý trong hạn ÷ hồ sơ đã kết thúc (giải quyết xong, từ chối, dừng, "
                  "rút) và đang giải quyết; yêu cầu bổ sung quá 1 lần tính quá hạn, không tính thời gian chờ "
                  "bổ sung.", "%", _on_time_21,
                  target=1.0, source="QĐ 766 chỉ số 2.1; mục tiêu 100% đúng hạn (docs/domain/decision-766.md §2; "
                                     "docs/domain/one-stop-rules.md §5 [S62])",
                  metric="on_time_766", denominator_metric="measured_766"),
        Indicator("overdue_open", "Hồ sơ đang giải quyết quá hạn",
                  "Hồ sơ chưa kết thúc, đồng hồ đang chạy, hạn (kể cả hẹn lại) trước ngày cuối kỳ.", "hồ sơ",
                  lambda t: _get(t, "overdue_open"), target=0, higher_is_better=False,
                  source="NĐ 118/2025 Điều 19(6); clock.is_overdue", metric="overdue"),
        Indicator("avg_processing_days", "Thời gian giải quyết trung bình",
                  "Tổng thời gian làm việc từ khi tiếp nhận hồ sơ đầy đủ (tính lại sau bổ sung) đến khi có kết quả, "
                  "trừ thời gian tạm dừng ÷ số hồ sơ giải quyết xong.", "ngày làm việc",
                  lambda t: (_get(t, "processing_seconds") / _get(t, "processing_count") / WORKING_DAY_SECONDS
                             if _get(t, "processing_count") else None),
                  higher_is_better=False, source="QĐ 766 chỉ số 2.2 (theo dõi, không chấm điểm)", metric="done"),
        Indicator("centres_operating", "Trung tâm phục vụ hành chính công đang hoạt động",
                  "Trung tâm cấp tỉnh, chi nhánh, trung tâm cấp xã và điểm tiếp nhận có trạng thái đang hoạt động "
                  "vào cuối kỳ.", "trung tâm", lambda t: _get(t, "centres_operating"),
                  source="NĐ 118/2025 Điều 7–9; báo cáo 17/09/2025: 3.139 trung tâm cấp xã "
                         "(docs/domain/one-stop-rules.md §4.1)"),
        Indicator("repeat_supplement_rate", "Tỷ lệ hồ sơ yêu cầu bổ sung quá 1 lần",
                  "Hồ sơ kết thúc trong kỳ đã bị yêu cầu bổ sung sau tiếp nhận hơn một lần ÷ hồ sơ kết thúc.", "%",
                  lambda t: _ratio(_get(t, "closed_repeat_supplement"), _get(t, "closed")), target=0.0,
                  higher_is_better=False, source="NĐ 118/2025 Điều 11(2)(c), 16(3): chỉ yêu cầu bổ sung một lần",
                  metric="repeat_supplement", denominator_metric="processed"),
        Indicator("satisfaction", "Mức độ hài lòng (chỉ số 5.4 QĐ 766)",
                  "100% − (tỷ lệ hồ sơ quá hạn theo QĐ 766 + tỷ lệ hồ sơ bị phản ánh, kiến nghị hoặc đánh giá "
                  "không hài lòng). Hồ sơ bị phản ánh lấy từ phân hệ phản ánh, kiến nghị khi tính điểm 766; bảng số "
                  "liệu theo ngày chỉ trừ hồ sơ quá hạn và đánh giá không hài lòng.", "%", _satisfaction_54,
                  target=0.9, source="QĐ 766 chỉ số 5.4, T = 90% (docs/domain/decision-766.md §2)", metric="rated"),
        Indicator("received_outside", "Hồ sơ tiếp nhận ngoài xã có thẩm quyền",
                  "Hồ sơ nộp tại trung tâm phục vụ hành chính công của xã khác xã có thẩm quyền giải quyết "
                  "(tiếp nhận không phụ thuộc địa giới hành chính).", "hồ sơ", lambda t: _get(t, "received_outside"),
                  source="NĐ 118/2025 Điều 3 khoản 6–7, Điều 14 khoản 2", metric="received_outside"),
        Indicator("outside_share", "Tỷ lệ hồ sơ tiếp nhận ngoài xã có thẩm quyền",
                  "Hồ sơ tiếp nhận ngoài xã có thẩm quyền ÷ hồ sơ tiếp nhận.", "%",
                  lambda t: _ratio(_get(t, "received_outside"), _get(t, "received")),
                  source="NĐ 118/2025 Điều 3 khoản 6–7, Điều 14 khoản 2", metric="received_outside",
                  denominator_metric="received"),
        Indicator("outside_on_time", "Tỷ lệ đúng hạn của hồ sơ tiếp nhận ngoài xã (QĐ 766)",
                  "Hồ sơ tiếp nhận ngoài xã có thẩm quyền, kết thúc đúng hạn ÷ kết thúc đúng hoặc quá hạn "
                  "(phương pháp QĐ 766).", "%",
                  lambda t: _ratio(_get(t, "outside_on_time_766"),
                                   _get(t, "outside_on_time_766") + _get(t, "outside_late_766")),
                  target=1.0, source="QĐ 766/QĐ-TTg chỉ số 2.1; NĐ 118/2025 Điều 14 khoản 2",
                  metric="received_outside"),
        Indicator("rating_avg", "Điểm đánh giá trung bình",
                  "Tổng điểm đánh giá (1 = rất không hài lòng … 5 = rất hài lòng) ÷ lượt đánh giá.", "điểm",
                  lambda t: _ratio(_get(t, "rating_sum"), _get(t, "rating_count")),
                  source="NĐ 118/2025 Điều 33", metric="rated"),
    ]
}

#: The order the dashboards and the briefing show them in.
HEADLINE = ["received", "processed", "processed_online", "online_share", "full_online_share", "on_time_766",
            "overdue_open", "avg_processing_days", "centres_operating", "repeat_supplement_rate", "satisfaction",
            "received_outside", "outside_share", "outside_on_time"]

#: What a None value reads as, where "—" would hide why (the brief: never 0 %).
NONE_TEXT = {"full_online_share": "chưa đủ dữ liệu"}


def evaluate(totals: Totals, codes: list[str] | None = None) -> dict[str, float | None]:
    return {code: INDICATORS[code].value(totals) for code in (codes or list(INDICATORS))}


def format_value(code: str, value: float | None) -> str:
    """Vietnamese number formatting (core/numfmt.py): thousands with '.', decimals with ','."""
    if value is None:
        return NONE_TEXT.get(code, "—")
    unit = INDICATORS[code].unit
    if unit == "%":
        return numfmt.pct(value)
    if unit in ("ngày làm việc", "điểm"):
        return numfmt.num(value, 2)
    return numfmt.num(value)
