"""File a dossier online (multipart). On rejection nothing is lost: typed values come back
in the form and uploaded files stay in the session's temporary store (`uploads.py`),
shown as already attached."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localgov.access.policy import resolve_actor
from localgov.catalog import selectors as catalog
from localgov.catalog.models import Procedure
from localgov.core.errors import DomainError, NotFound
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.portal.access import grant
from localgov.portal.forms import FileOnlineForm
from localgov.portal.ui import apply_domain_error, mark_invalid
from localgov.portal.uploads import UploadStore, take_uploads
from localgov.portal.views import decorate
from localgov.units.models import Commune, Province, ServiceCentre

#: Domain field names (dossiers.submission) → form field names.
FIELD_MAP = {
    "applicant.name": "applicant_name", "applicant.id_number": "applicant_id_number",
    "applicant.phone": "applicant_phone", "applicant.email": "applicant_email",
    "applicant.address": "applicant_address", "competent_commune_code": "competent_commune",
    "return_address": "return_address", "channel": "return_method", "return_centre_id": "return_method",
    "notify_channels": "notify_channels",
}


def doc_slots(p: Procedure) -> dict[str, str]:
    """File input name → document code, for every document of the procedure."""
    return {f"doc-{d['code']}": d["code"] for d in (p.documents or [])}


def file_online(request: HttpRequest, code: str) -> HttpResponse:
    try:
        p = decorate(catalog.get_procedure(code))
    except NotFound:
        raise Http404(_("Không tìm thấy thủ tục.")) from None
    if p.online_level == "none" or not p.active:
        return render(request, "error.html", {"message": _("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.")},
                      status=409)
    province_code = request.POST.get("tinh") or request.GET.get("tinh") or ""
    preselected = request.GET.get("xa", "")
    if not province_code and preselected:
        province_code = Commune.objects.filter(code=preselected).values_list("province_id", flat=True).first() or ""
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        return render(request, "portal/file_choose_province.html", {
            "p": p, "provinces": Province.objects.order_by("name"), "error": bool(province_code),
        }, status=422 if province_code else 200)

    needs_commune = p.competent_agency_kind in COMMUNE_AGENCY_KINDS
    communes = list(Commune.objects.filter(province_id=province.code).order_by("name").values_list("code", "name"))
    store = UploadStore(request, f"file:{p.code}:{province.code}")
    slots = doc_slots(p)
    upload_problems: dict[str, str] = {}
    if request.method == "POST":
        form = FileOnlineForm(request.POST, communes=communes, needs_commune=needs_commune)
        upload_problems = take_uploads(store, request, slots)
        attached = store.attached()
        valid = form.is_valid()
        for slot, doc_code in slots.items():
            doc = next(d for d in p.documents if d["code"] == doc_code)
            if doc.get("required") and slot not in attached and slot not in upload_problems:
                upload_problems[slot] = _("Vui lòng đính kèm giấy tờ bắt buộc này (PDF, JPG hoặc PNG).")
        if valid and not upload_problems:
            response = _submit(request, p, province, form, store)
            if response is not None:
                return response
    else:
        form = FileOnlineForm(initial={"idem": uuid.uuid4().hex, "competent_commune": preselected},
                              communes=communes, needs_commune=needs_commune)
    if upload_problems:
        form.add_error(None, _("Một số giấy tờ chưa hợp lệ hoặc còn thiếu; xem thông báo bên cạnh từng giấy tờ."))
    mark_invalid(form)
    attached = store.attached()
    documents = [
        {**d, "slot": f"doc-{d['code']}", "attached": attached.get(f"doc-{d['code']}"),
         "problem": upload_problems.get(f"doc-{d['code']}")}
        for d in (p.documents or [])
    ]
    status = 422 if form.errors else 200
    return render(request, "portal/file.html", {
        "p": p, "province": province, "form": form, "documents": documents,
    }, status=status)


def _submit(request: HttpRequest, p: Procedure, province: Province, form: FileOnlineForm,
            store: UploadStore) -> HttpResponse | None:
    data: dict[str, Any] = form.cleaned_data
    commune_code = data.get("competent_commune") or None
    return_method = ReturnMethod(data["return_method"])
    return_centre_id = None
    if return_method is ReturnMethod.CENTRE:
        centre = (ServiceCentre.objects.filter(commune_id=commune_code, status="operating").order_by("kind", "pk")
                  .first() if commune_code else None) or ServiceCentre.objects.filter(
            province_id=province.code, kind="provincial_centre").first()
        return_centre_id = centre.pk if centre else None
    actor = resolve_actor(request.user)
    payload = SubmitInput(
        procedure_code=p.code, channel=Channel.ONLINE,
        applicant=Applicant(name=data["applicant_name"], id_number=data["applicant_id_number"],
                            phone=data["applicant_phone"], email=data["applicant_email"],
                            address=data["applicant_address"]),
        notify_channels=list(data.get("notify_channels") or []),
        competent_commune_code=commune_code, competent_province_code=None if commune_code else province.code,
        return_method=return_method, return_centre_id=return_centre_id, return_address=data["return_address"],
        documents=store.uploads(), idempotency_key=(f"portal-{data['idem']}" if data.get("idem") else None),
    )
    try:
        result = submit(payload, actor=actor)
    except DomainError as exc:
        apply_domain_error(form, exc, FIELD_MAP)
        return None
    store.clear()
    if result.secret:
        grant(request, result.dossier.code, result.secret)
    return redirect("portal:receipt", code=result.dossier.code)
