"""Citizen portal: home, procedure search and page, "Tìm xã/phường mới"."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from localgov.catalog import selectors as catalog
from localgov.catalog.models import Procedure, deadline_text
from localgov.core import numfmt
from localgov.core.errors import NotFound, ValidationFailed
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.portal.forms import ConvertForm, SearchForm
from localgov.portal.ui import apply_domain_error, mark_invalid
from localgov.units.convert import convert as convert_address
from localgov.units.models import Commune, Province, ServiceCentre

#: Shown on the home page: what people come for most.
POPULAR = ["1.001193", "1.004873", "1.004194", "1.013831", "2.000815", "1.014063"]


def fee_text(p: Procedure) -> str:
    if p.fee_vnd is None:
        return p.fee_text or _("Theo quy định")
    if p.fee_vnd == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": numfmt.num(p.fee_vnd)}


def online_text(level: str) -> str:
    return {"full": _("Trực tuyến toàn trình"), "partial": _("Trực tuyến một phần"),
            "none": _("Chưa nộp trực tuyến được")}.get(level, level)


def where_text(p: Procedure) -> str:
    if p.boundary_scope == "nation":
        return _("Tại bất kỳ Trung tâm Phục vụ hành chính công nào trên cả nước, không phụ thuộc nơi cư trú.")
    if p.boundary_scope == "province":
        return _("Tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh, thành phố có thẩm quyền "
                 "(không phụ thuộc địa giới hành chính).")
    return _("Tại Bộ phận Một cửa của cơ quan có thẩm quyền giải quyết.")


def decorate(p: Procedure) -> Procedure:
    p.deadline_label = deadline_text(p.deadline_value, p.deadline_unit)
    p.fee_label = fee_text(p) if hasattr(p, "fee_text") else ""
    p.online_label = online_text(p.online_level)
    return p


def home(request: HttpRequest) -> HttpResponse:
    popular = [decorate(p) for p in Procedure.objects.filter(code__in=POPULAR, active=True).select_related("field")]
    return render(request, "portal/home.html", {
        "form": SearchForm(), "fields": catalog.list_fields(), "popular": popular,
    })


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: list[Procedure] = []
    searched = False
    if form.is_bound and form.is_valid():
        q, field = form.cleaned_data["q"].strip(), form.cleaned_data["linh_vuc"] or None
        if q or field:
            searched = True
            results = [decorate(p) for p in catalog.search_procedures(q, field=field, limit=50)]
    mark_invalid(form)
    return render(request, "portal/search.html", {"form": form, "results": results, "searched": searched})


def procedure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        p = catalog.get_procedure(code)
    except NotFound:
        raise Http404(_("Không tìm thấy thủ tục.")) from None
    decorate(p)
    return render(request, "portal/procedure.html", {
        "p": p, "where": where_text(p), "can_file_online": p.online_level != "none" and p.active,
        "provinces": Province.objects.order_by("name"),
        "needs_commune": p.competent_agency_kind in COMMUNE_AGENCY_KINDS,
        "documents": p.documents or [],
    })


def _centre_of(commune_code: str) -> ServiceCentre | None:
    return (ServiceCentre.objects.filter(commune_id=commune_code).order_by("kind", "pk").first())


def convert(request: HttpRequest) -> HttpResponse:

    form = ConvertForm(request.GET or None)
    result: dict[str, Any] | None = None
    candidates: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        try:
            result = dict(convert_address(form.cleaned_data["dia_chi"]))
        except ValidationFailed as exc:
            apply_domain_error(form, exc, {"address": "dia_chi"})
        else:
            codes = [c["code"] for c in result["candidates"]]
            communes = {c.code: c for c in Commune.objects.filter(code__in=codes).select_related("province")}
            for c in result["candidates"]:
                commune = communes.get(c["code"])
                candidates.append({"code": c["code"], "name": c["name"], "commune": commune,
                                   "centre": _centre_of(c["code"])})
    mark_invalid(form)
    status = 200 if not form.errors else 422
    return render(request, "portal/convert.html", {"form": form, "result": result, "candidates": candidates},
                  status=status)
