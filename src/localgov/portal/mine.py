"""/ho-so-cua-toi/: the signed-in person's own dossiers (filed online while signed in), newest
first, each opening its tracking page — the citizen's home after signing in (access/areas.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localgov.access.areas import Area
from localgov.access.web import area_required
from localgov.dossiers import selectors
from localgov.portal.ui import state_label

PER_PAGE = 50


@area_required(Area.MY_DOSSIERS)
def my_dossiers(request: HttpRequest) -> HttpResponse:
    qs = selectors.own_dossiers(request.actor).order_by("-submitted_at", "-id")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("trang"))
    for d in page.object_list:
        d.state_text = state_label(d.state)
    return render(request, "portal/mine.html", {"page": page})
