"""Pages (server-rendered): progress of decisions and payments by province and agency against the
deadlines, the cases of a province, one case with its itemised calculation and the PDF statement.

Who sees what is the access policy's "payout_case" resource (finance and HR officers of the
unit, province and national overseers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from localgov.access.areas import Area
from localgov.access.policy import matches
from localgov.access.web import area_required, signin_required
from localgov.core import numfmt, svgcharts
from localgov.payouts import selectors
from localgov.payouts.models import PayoutCase
from localgov.payouts.rules import calculate_data
from localgov.payouts.statement import render_statement
from localgov.units.models import Province


@dataclass(frozen=True)
class _Unit:
    province_code: str
    commune_code: str = ""


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        return timezone.localdate()


def _denied(request: HttpRequest) -> HttpResponse:
    return render(request, "error.html", {"message": "Bạn không có quyền xem hồ sơ chính sách này."}, status=403)


def _province_names() -> dict[str, str]:

    return dict(Province.objects.values_list("code", "name"))


def _table(rows: list[selectors.ProgressRow], names: dict[str, str]) -> list[dict]:
    return [{"code": r.province_code, "name": names.get(r.province_code, r.province_code), "agency": r.agency_name,
             "decided": r.decided, "paid": r.paid, "unpaid": r.unpaid, "overdue": r.overdue,
             "decided_late": r.decided_late, "share": r.paid_share,
             "amount_decided": r.amount_decided_vnd, "amount_paid": r.amount_paid_vnd} for r in rows]


def _totals(rows: list[selectors.ProgressRow]) -> dict:
    decided = sum(r.decided for r in rows)
    paid = sum(r.paid for r in rows)
    return {"decided": decided, "paid": paid, "unpaid": decided - paid, "overdue": sum(r.overdue for r in rows),
            "share": paid / decided if decided else 0,
            "amount_paid": sum(r.amount_paid_vnd for r in rows)}


@area_required(Area.PAYOUTS)
def progress(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    rows = selectors.progress(actor=request.actor, as_of=day)
    table = _table(rows, _province_names())
    dl = selectors.deadlines()
    return render(request, "payouts/progress.html", {
        "day": day, "deadlines": dl, "rows": table, "totals": _totals(rows), "chart": _progress_chart(table, dl),
    })


def _progress_chart(table: list[dict], dl: object) -> str:
    """Paid in full against those decided, by province, least advanced first, to the payment
    deadline (core/svgcharts.py: the same SVG can go into the briefing's PDF)."""
    due = getattr(dl, "payment_before", None)
    rows = sorted((r for r in table if r["decided"]), key=lambda r: (r["share"], r["name"]))
    return svgcharts.progress_bars(
        [(r["name"].removeprefix("Thành phố ").removeprefix("Tỉnh "), r["share"],
          f"{numfmt.num(r['unpaid'])} chưa chi" + (f", {numfmt.num(r['overdue'])} quá hạn" if r["overdue"] else ""))
         for r in rows],
        title="Tiến độ chi trả theo tỉnh, thành phố" + (f" đến hạn {numfmt.day(due)}" if due else ""),
        marker_label=f"Đủ 100 % (hạn {numfmt.day(due)})" if due else "Đủ 100 %")


@signin_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    if not matches(request.actor, "payout_case", _Unit(code)):
        return _denied(request)
    day = _day(request)
    rows = [r for r in selectors.progress(actor=request.actor, as_of=day, by="agency") if r.province_code == code]
    cases = selectors.cases(actor=request.actor).filter(province_code=code).order_by("agency_name", "full_name")
    return render(request, "payouts/province.html", {
        "day": day, "code": code, "name": _province_names().get(code, code), "deadlines": selectors.deadlines(),
        "rows": _table(rows, {}), "totals": _totals(rows), "cases": cases[:200], "count": cases.count(),
    })


def _case(request: HttpRequest, pk: int) -> PayoutCase:
    try:
        case = selectors.cases(actor=request.actor).get(pk=pk)
    except PayoutCase.DoesNotExist as exc:
        raise Http404("Không tìm thấy hồ sơ") from exc
    return case


@signin_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    calc = case.calculation
    return render(request, "payouts/case.html", {
        "case": case, "calc": calc, "total": case.total_vnd,
        "components": calc["components"],
        "payments": case.payments.all(),
    })


@signin_required
def case_statement(request: HttpRequest, pk: int) -> HttpResponse:

    case = _case(request, pk)
    # the frozen snapshot is what the person was told; recomputing from the stored inputs must agree
    calculation = calculate_data(case.inputs)
    person = {**case.inputs, "name": case.full_name, "official_ref": case.official_ref,
              "position": case.position, "agency": case.agency_name, "decision_number": case.decision_number,
              "decision_date": case.decision_date}
    if calculation.total_vnd != case.total_vnd:
        return render(request, "error.html", {"message": "Kết quả tính hiện hành khác bản đã chốt; liên hệ bộ phận "
                                                         "tổ chức để đối chiếu."}, status=409)
    response = HttpResponse(render_statement(calculation, person), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="thong-bao-{case.pk}.pdf"'
    return response
