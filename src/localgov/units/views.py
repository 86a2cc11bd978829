"""Server-rendered pages: the 34 provinces, and each province's communes with their centre."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from localgov.units import selectors
from localgov.units.models import CentreKind, CentreStatus


def province_list(request: HttpRequest) -> HttpResponse:
    provinces = list(selectors.provinces_with_counts())
    return render(
        request,
        "units/province_list.html",
        {"provinces": provinces, "commune_total": sum(p.commune_count for p in provinces)},
    )


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    province = selectors.province_with_centre(code)
    if province is None:
        raise Http404("Không có tỉnh, thành phố này.")
    communes = list(selectors.communes_with_centres(code))
    statuses = dict(CentreStatus.choices)
    kinds = dict(CentreKind.choices)
    for c in communes:
        c.centre_status_label = statuses.get(c.centre_status or "", "")
        c.centre_kind_label = kinds.get(c.centre_kind or "", "")
    return render(
        request,
        "units/province_detail.html",
        {
            "province": province,
            "communes": communes,
            "province_centre_status_label": statuses.get(province.centre_status or "", ""),
        },
    )
