"""The officer workspace: landing, queues, and a count page for overseers and officers."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from localgov.access.areas import Area
from localgov.access.web import area_required, home_place, signin_required
from localgov.dossiers.selectors import visible_dossiers
from localgov.dossiers.workflow import State
from localgov.office import queues
from localgov.portal.ui import state_label


@signin_required
def landing(request: HttpRequest) -> HttpResponse:
    """/can-bo/: the person's own home (the queue for officers, oversight for overseers…)."""
    return redirect(home_place(request).path)


@area_required(Area.QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    kind = request.GET.get("hang", "unit")
    kind = kind if kind in queues.QUEUES else "unit"
    sort = request.GET.get("sap_xep", "due")
    sort = sort if sort in queues.SORT_LABELS else "due"
    procedure_code = (request.GET.get("thu_tuc") or "").strip()[:40] or None
    q = (request.GET.get("q") or "").strip()[:60] or None
    try:
        page_no = int(request.GET.get("trang", "1"))
    except ValueError:
        page_no = 1
    page = queues.queue_page(actor, kind, sort=sort, page=page_no, procedure_code=procedure_code, q=q)
    for d in page.rows:
        d.state_text = state_label(d.state)
    counts = queues.queue_counts(actor)
    context = {
        "kind": kind,
        "tabs": [{"key": k, "label": label, "count": counts.get(k)} for k, label in queues.QUEUES.items()],
        "page": page, "sort": sort,
        "sorts": queues.SORT_LABELS, "procedure_code": procedure_code or "", "q": q or "",
        "by_procedure": queues.procedure_counts(actor) if kind == "procedure" else [],
        "cap": queues.COUNT_CAP,
    }
    return render(request, "office/queue.html", context)


@area_required(Area.OVERVIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """Counts by state for the person's jurisdiction."""
    actor = request.actor
    rows = visible_dossiers(actor).values("state").annotate(n=Count("pk")).order_by("state")
    counts = [{"state": r["state"], "label": state_label(r["state"]), "n": r["n"]} for r in rows]
    return render(request, "office/overview.html", {
        "counts": counts, "total": sum(r["n"] for r in counts),
        "open": sum(r["n"] for r in counts if r["state"] not in (State.REFUSED, State.STOPPED, State.RETURNED,
                                                                   State.DONE)),
    })
