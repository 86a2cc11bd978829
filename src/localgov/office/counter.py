"""The counter: receive a walk-in dossier for any procedure of the province, regardless of
boundaries (Decree 118 Art. 3(6)-(7), 14(2), 20): choose the competent commune, tick the
documents checked on paper, attach scans, print the receipt (Mẫu 01). A complete dossier is
accepted at once and its clock starts."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localgov.access.areas import Area
from localgov.access.policy import Actor
from localgov.access.roles import Role
from localgov.access.web import area_required
from localgov.catalog.models import Procedure
from localgov.core.errors import DomainError
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.feedback.models import TripPurpose
from localgov.feedback.services import record_trip
from localgov.office.dossier import SECRETS_KEY
from localgov.office.forms import CounterForm
from localgov.portal.filing import FIELD_MAP
from localgov.portal.ui import apply_domain_error, mark_invalid
from localgov.portal.uploads import UploadStore, take_uploads
from localgov.portal.views import decorate
from localgov.units.models import Commune, ServiceCentre


def counter_centre(actor: Actor) -> ServiceCentre | None:
    """The centre this counter officer receives at (their grant's centre, else their commune's)."""
    scope = actor.scopes.get(Role.COUNTER_OFFICER)
    if scope is None:
        return None
    qs = ServiceCentre.objects.select_related("province", "commune")
    if scope.centres:
        return qs.filter(pk__in=scope.centres).order_by("pk").first()
    return qs.filter(commune_id__in=scope.communes, status="operating").order_by("kind", "pk").first()


@area_required(Area.COUNTER)
def receive(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor
    centre = counter_centre(actor)
    if centre is None:
        return render(request, "error.html", {"message": _("Chỉ công chức tiếp nhận tại Bộ phận Một cửa mới tiếp "
                                                           "nhận hồ sơ trực tiếp.")}, status=403)
    procedures = Procedure.objects.filter(active=True).exclude(boundary_scope="none").order_by("name")
    code = (request.POST.get("thu_tuc") or request.GET.get("thu_tuc") or "").strip()
    p = procedures.filter(code=code).select_related("field").first() if code else None
    if p is None:
        return render(request, "office/counter_choose.html", {
            "centre": centre, "procedures": procedures, "error": bool(code)}, status=422 if code else 200)
    decorate(p)
    needs_commune = p.competent_agency_kind in COMMUNE_AGENCY_KINDS
    communes = list(Commune.objects.filter(province_id=centre.province_id).order_by("name")
                    .values_list("code", "name"))
    documents = list(p.documents or [])
    store = UploadStore(request, f"counter:{p.code}")
    slots = {f"scan-{d['code']}": d["code"] for d in documents}
    problems: dict[str, str] = {}
    if request.method == "POST":
        form = CounterForm(request.POST, communes=communes, documents=documents, needs_commune=needs_commune)
        problems = take_uploads(store, request, slots)
        if form.is_valid() and not problems:
            response = _submit(request, actor, centre, p, form, store)
            if response is not None:
                return response
        if problems:
            form.add_error(None, _("Một số tệp quét chưa hợp lệ; xem thông báo bên cạnh từng giấy tờ."))
    else:
        form = CounterForm(initial={"idem": uuid.uuid4().hex, "competent_commune": centre.commune_id or ""},
                           communes=communes, documents=documents, needs_commune=needs_commune)
    mark_invalid(form)
    attached = store.attached()
    scans = [{**d, "slot": f"scan-{d['code']}", "attached": attached.get(f"scan-{d['code']}"),
              "problem": problems.get(f"scan-{d['code']}")} for d in documents]
    return render(request, "office/counter.html", {"centre": centre, "p": p, "form": form, "scans": scans},
                  status=422 if form.errors else 200)


def _submit(request: HttpRequest, actor: Actor, centre: ServiceCentre, p: Procedure, form: CounterForm,
            store: UploadStore) -> HttpResponse | None:
    data = form.cleaned_data
    commune_code = data.get("competent_commune") or None
    method = ReturnMethod(data["return_method"])
    payload = SubmitInput(
        procedure_code=p.code, channel=Channel.IN_PERSON,
        applicant=Applicant(name=data["applicant_name"], id_number=data["applicant_id_number"],
                            phone=data["applicant_phone"], email=data["applicant_email"],
                            address=data["applicant_address"]),
        notify_channels=list(data.get("notify_channels") or []),
        competent_commune_code=commune_code, competent_province_code=None if commune_code else centre.province_id,
        received_centre_id=centre.pk, return_method=method,
        return_centre_id=centre.pk if method is ReturnMethod.CENTRE else None, return_address=data["return_address"],
        documents=store.uploads(), presented_documents=list(data["presented"]),
        idempotency_key=f"counter-{data['idem']}" if data.get("idem") else None,
    )
    try:
        result = submit(payload, actor=actor)
    except DomainError as exc:
        apply_domain_error(form, exc, {**FIELD_MAP, "documents": "presented"})
        return None
    store.clear()
    record_trip(actor, result.dossier, TripPurpose.FILE, centre=centre)  # filing at the desk is a trip
    if result.secret:
        secrets_ = dict(request.session.get(SECRETS_KEY, {}))
        secrets_[result.dossier.code] = result.secret
        request.session[SECRETS_KEY] = dict(list(secrets_.items())[-20:])
    return redirect("office:dossier", code=result.dossier.code)
