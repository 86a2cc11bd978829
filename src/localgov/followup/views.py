"""Pages under /theo-doi/ (Vietnamese, the site's layout, htmx filters): the follow-up summary
(overdue documents by ministry and field next to what they block, problems open longest, the
four classes of tasks, premises still idle by province) with the reminders of the person signed
in; for each record type a list with filters, a form, a record's page with its history and
actions, XLSX export, template and import. Who sees and changes what is the access policy's."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from localgov.access.areas import Area
from localgov.access.web import area_required
from localgov.core.errors import DomainError, ValidationFailed
from localgov.followup import inputs, reference, selectors, services, spreadsheets
from localgov.followup import rules as r

SLUGS = {"van-ban": "guidance_doc", "kien-nghi": "problem", "nhiem-vu": "commitment", "tru-so": "premise"}
KIND_SLUG = {v: k for k, v in SLUGS.items()}
TITLES = {"guidance_doc": "Văn bản hướng dẫn còn nợ", "problem": "Vướng mắc, kiến nghị của địa phương",
          "commitment": "Nhiệm vụ, cam kết được giao", "premise": "Trụ sở, tài sản công dôi dư"}
STATUS_LABELS = {"guidance_doc": r.DOC_STATUS_LABELS, "problem": r.PROBLEM_STATUS_LABELS,
                 "premise": r.PREMISE_STATUS_LABELS, "commitment": {}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 200


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("ngay", ""))
    except ValueError:
        return timezone.localdate()


def _kind(slug: str) -> str:
    if slug not in SLUGS:
        raise Http404("Không có trang này.")
    return SLUGS[slug]


def _common(kind: str) -> dict[str, Any]:
    return {"kind": kind, "slug": KIND_SLUG[kind], "title": TITLES[kind], "fields": reference.fields(),
            "ministries": selectors.ministries(), "statuses": STATUS_LABELS[kind],
            "classes": r.TASK_CLASS_LABELS}


@area_required(Area.FOLLOWUP)
def home(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    province = request.GET.get("tinh") or None
    if province and not (len(province) == 2 and province.isdigit()):
        province = None
    if request.headers.get("HX-Request") or request.GET.get("phan") == "tong-hop":
        # the section alone (htmx, the dashboard): rendered once per data version, day, area, scopes
        key = selectors.summary_key(actor=request.actor, today=day, province=province) + ":html"
        html = cache.get(key)
        if html is None:
            html = render_to_string("followup/_summary.html", {
                "day": day, "province": province,
                "s": selectors.cached_summary(actor=request.actor, today=day, province=province)}, request)
            cache.set(key, html, selectors.SUMMARY_TTL)
        return HttpResponse(html)
    ctx = {"day": day, "s": selectors.cached_summary(actor=request.actor, today=day, province=province),
           "province": province}
    ctx.update(names=selectors.province_names(), reminders=selectors.due_soon_for(actor=request.actor, today=day))
    return render(request, "followup/home.html", ctx)


def _rows(kind: str, request: HttpRequest, day: date) -> list[dict[str, Any]]:
    qs = selectors.READERS[kind](actor=request.actor)
    g = request.GET
    if g.get("linh_vuc") and kind != "premise":
        qs = qs.filter(field_code=g["linh_vuc"])
    if g.get("trang_thai") and g["trang_thai"] in STATUS_LABELS[kind]:
        qs = qs.filter(status=g["trang_thai"])
    unit = g.get("don_vi", "").strip()
    if unit:
        fk = {"guidance_doc": "ministry", "problem": "routed_to", "commitment": "responsible_agency"}.get(kind)
        qs = qs.filter(**{f"{fk}__electronic_id__in": [unit, f"BN.{unit}"]}) if fk else qs.filter(province_code=unit)
    out = []
    for obj in qs.order_by("pk")[:PAGE]:
        cls = {"guidance_doc": selectors.doc_class, "problem": selectors.problem_class,
               "commitment": selectors.commitment_class, "premise": selectors.premise_class}[kind](obj, day)
        out.append({"obj": obj, "cls": cls, "cls_label": r.TASK_CLASS_LABELS[cls] if cls else "—"})
    if g.get("qua_han") == "1":
        out = [x for x in out if x["cls"] is r.TaskClass.OVERDUE]
    return out


@area_required(Area.FOLLOWUP)
def record_list(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    day = _day(request)
    ctx = {**_common(kind), "day": day, "rows": _rows(kind, request, day), "q": request.GET}
    if request.headers.get("HX-Request"):
        return render(request, "followup/_rows.html", ctx)
    return render(request, "followup/list.html", ctx)


def _form_fields(kind: str, values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    out = []
    for name, spec in inputs.FIELDS[kind].items():
        out.append({"name": name, "spec": spec, "value": values.get(name, ""), "errors": errors.get(name, []),
                    "choices": [(c, (STATUS_LABELS[kind].get(c) if name == "status" else
                                     r.PREMISE_USE_LABELS.get(c, c))) for c in spec.choices]})  # type: ignore[call-overload]
    return out


def _initial(kind: str, obj: Any) -> dict[str, Any]:
    out = {}
    for name, spec in inputs.FIELDS[kind].items():
        value = getattr(obj, name)
        if spec.kind == "ref":
            value = spreadsheets._ref(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[name] = "" if value is None else value
    return out


def _posted(kind: str, request: HttpRequest, *, partial: bool) -> dict[str, Any]:
    return {n: request.POST.get(n, "") for n in inputs.FIELDS[kind] if not partial or n in request.POST}


@area_required(Area.FOLLOWUP)
def record_new(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    message = ""
    if request.method == "POST":
        values = _posted(kind, request, partial=False)
        try:
            obj = spreadsheets._create(kind)(request.actor, values)
        except DomainError as exc:
            errors, message = exc.fields, exc.message
            status = exc.http_status
        else:
            return redirect("followup:detail", slug=slug, pk=obj.pk)
    else:
        status = 200
    return render(request, "followup/form.html", {**_common(kind), "form": _form_fields(kind, values, errors),
                                                  "message": message}, status=status)


def _detail_ctx(kind: str, request: HttpRequest, obj: Any) -> dict[str, Any]:
    day = _day(request)
    ctx: dict[str, Any] = {**_common(kind), "obj": obj, "day": day,
                           "history": selectors.history(kind, obj.pk)}
    if kind == "guidance_doc":
        ctx["cls"] = selectors.doc_class(obj, day)
        ctx["waiting"] = selectors.waiting_units(obj)
    elif kind == "problem":
        ctx["cls"] = selectors.problem_class(obj, day)
        ctx["actions"] = [(a.value, {"acknowledge": "Tiếp nhận", "answer": "Trả lời", "close": "Đóng (đã giải quyết)",
                                     "reopen": "Mở lại (chưa giải quyết)"}[a.value])
                          for a, (sources, _, _) in r.PROBLEM_MOVES.items() if obj.status in sources]
    elif kind == "commitment":
        ctx["cls"] = selectors.commitment_class(obj, day)
        ctx["effective"] = selectors.commitment_deadline(obj)
    else:
        ctx["cls"] = selectors.premise_class(obj, day)
    ctx["cls_label"] = r.TASK_CLASS_LABELS[ctx["cls"]] if ctx.get("cls") else "—"
    return ctx


@area_required(Area.FOLLOWUP)
def record_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(slug)
    obj = selectors.READERS[kind](actor=request.actor).filter(pk=pk).first()
    if obj is None:
        raise Http404("Không tìm thấy bản ghi (hoặc bạn không có quyền xem).")
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    values = _initial(kind, obj)
    if request.method == "POST":
        what = request.POST.get("thao_tac", "sua")
        try:
            if what == "sua":
                values = _posted(kind, request, partial=True)
                spreadsheets._update(kind)(request.actor, obj.pk, values)
            elif what == "bao_cao" and kind == "commitment":
                services.report_progress(actor=request.actor, pk=obj.pk, percent=request.POST.get("percent"),
                                         note=request.POST.get("note", ""),
                                         done_on=request.POST.get("done_on") or None)
            elif kind == "problem":
                services.act_problem(actor=request.actor, pk=obj.pk, action=what,
                                     answer=request.POST.get("answer", ""), note=request.POST.get("note", ""))
            else:
                raise Http404("Thao tác không hợp lệ.")
        except DomainError as exc:
            errors, message, status = exc.fields, exc.message, exc.http_status
        else:
            return redirect("followup:detail", slug=slug, pk=obj.pk)
        obj = selectors.READERS[kind](actor=request.actor).get(pk=pk)
    return render(request, "followup/detail.html", {**_detail_ctx(kind, request, obj),
                                                    "form": _form_fields(kind, values, errors),
                                                    "errors": errors, "message": message}, status=status)


@area_required(Area.FOLLOWUP)
def export(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    content = spreadsheets.export_workbook(kind, actor=request.actor, today=_day(request))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="theo-doi-{slug}.xlsx"'
    return response


@area_required(Area.FOLLOWUP)
def template(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    response = HttpResponse(spreadsheets.template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{slug}.xlsx"'
    return response


@area_required(Area.FOLLOWUP)
def import_view(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    ctx: dict[str, Any] = {**_common(kind), "errors": [], "done": None}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationFailed("Chưa chọn tệp.", fields={"file": ["Chọn tệp XLSX."]})
            ctx["done"] = spreadsheets.import_workbook(kind, upload.read(), actor=request.actor)
        except DomainError as exc:
            ctx["message"] = exc.message
            ctx["errors"] = [{"row": k, "message": m} for k, ms in exc.fields.items() for m in ms]
            status = exc.http_status
    return render(request, "followup/import.html", ctx, status=status)
