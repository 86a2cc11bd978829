"""Submission: validate, route to the competent agency, number, store — regardless of
administrative boundaries where the procedure allows it (Decree 118 Art. 3(6)-(7), Art. 14(2),
Art. 20), then (at a counter, with a complete dossier) accept at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from localgov.access.policy import Actor, can_receive_at
from localgov.catalog.models import Bundle, Procedure
from localgov.core.errors import Conflict, PermissionDenied, ValidationFailed
from localgov.dossiers import hooks, uploads
from localgov.dossiers.bundles import create_children
from localgov.dossiers.events import canonical, json_text, json_value
from localgov.dossiers.models import Dossier, DossierDocument
from localgov.dossiers.routing import next_code, resolve_agency
from localgov.dossiers.services import accept, append_event, aware_now
from localgov.dossiers.validation import (
    Errors,
    Upload,
    citizen_id_problem,
    name_problem,
    normalise_phone,
    phone_problem,
    text_problem,
    upload_problem,
)
from localgov.dossiers.workflow import Action, Channel, ReturnMethod, State
from localgov.units.models import Commune, ServiceCentre

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter
SECRET_LENGTH = 10


@dataclass
class Applicant:
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class SubmitInput:
    procedure_code: str  # a procedure's national code, or a bundle's code
    channel: Channel
    applicant: Applicant
    competent_commune_code: str | None = None
    competent_province_code: str | None = None
    received_centre_id: int | None = None
    return_method: ReturnMethod = ReturnMethod.ONLINE
    return_centre_id: int | None = None
    return_address: str = ""
    documents: list[Upload] = field(default_factory=list)
    presented_documents: list[str] = field(default_factory=list)  # doc codes shown on paper
    form_data: dict[str, Any] = field(default_factory=dict)
    idempotency_key: str | None = None
    #: The applicant's choice of notification channels ("email", "sms"); None: not asked. Kept in the
    #: submission event and checked by the outbox (docs/notifications.md).
    notify_channels: list[str] | None = None


@dataclass
class Submitted:
    dossier: Dossier
    secret: str | None  # None when an Idempotency-Key replay returned the earlier dossier
    replayed: bool = False
    children: list[Dossier] = field(default_factory=list)


def secret_hasher() -> Callable[[str], str]:
    """`hash_secret` with its key set up once (HMAC-SHA256 keyed with SECRET_KEY, read now), for a
    caller that hashes many secrets (the bulk simulation)."""
    keyed = hmac.new(settings.SECRET_KEY.encode(), digestmod=hashlib.sha256)

    def hash_one(secret: str) -> str:
        mac = keyed.copy()
        mac.update(secret.strip().upper().encode())
        return mac.hexdigest()

    return hash_one


def hash_secret(secret: str) -> str:
    return secret_hasher()(secret)


def check_secret(dossier: Dossier, secret: str) -> bool:
    return hmac.compare_digest(dossier.secret_hash, hash_secret(secret or ""))


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def _fingerprint(data: SubmitInput) -> str:
    body = {
        "p": data.procedure_code, "c": int(data.channel), "a": vars(data.applicant),
        "cc": data.competent_commune_code, "cp": data.competent_province_code, "rc": data.received_centre_id,
        "rm": str(data.return_method), "rt": data.return_centre_id, "f": data.form_data,
        "d": sorted(hashlib.sha256(u.content).hexdigest() for u in data.documents),
    }
    return hashlib.sha256(canonical(body).encode()).hexdigest()


#: The applicant's attributes (`vars(Applicant(...))`), written in sorted order by `fingerprint_fast`.
_APPLICANT_KEYS = frozenset({"address", "email", "id_number", "name", "phone"})


def fingerprint_fast(data: SubmitInput) -> str:
    """`_fingerprint(data)`, the body written field by field in its canonical form — keys sorted
    (a, c, cc, cp, d, f, p, rc, rm, rt), no spaces, strings escaped by the encoder's own
    `encode_basestring`, numbers as the encoder writes them — instead of a dict built and
    encoded per submission (as `events.event_hash_json` does for the event body). An applicant
    with other attributes than its five, or a value of them that is not a str, is encoded by
    `canonical` as the definition does. Same text, same hash for every input
    (tests/dossiers/testfingerprint_fast.py)."""
    a = vars(data.applicant)
    applicant = None
    if a.keys() == _APPLICANT_KEYS:
        address, email, id_number, name, phone = a["address"], a["email"], a["id_number"], a["name"], a["phone"]
        if (address.__class__ is str and email.__class__ is str and id_number.__class__ is str
                and name.__class__ is str and phone.__class__ is str):
            applicant = (f'{{"address":{json_text(address)},"email":{json_text(email)},'
                         f'"id_number":{json_text(id_number)},"name":{json_text(name)},"phone":{json_text(phone)}}}')
    if applicant is None:
        applicant = canonical(a)
    documents = data.documents
    if documents.__class__ is list and not documents:
        docs = ""  # no uploads (the bulk path's, the counter's paper filings)
    else:
        docs = ",".join([f'"{d}"' for d in sorted(hashlib.sha256(u.content).hexdigest() for u in documents)])
    text = (f'{{"a":{applicant},"c":{int.__repr__(int(data.channel))},'
            f'"cc":{json_value(data.competent_commune_code)},'
            f'"cp":{json_value(data.competent_province_code)},"d":[{docs}],'
            f'"f":{canonical(data.form_data)},"p":{json_value(data.procedure_code)},'
            f'"rc":{json_value(data.received_centre_id)},"rm":{json_text(str(data.return_method))},'
            f'"rt":{json_value(data.return_centre_id)}}}')
    return hashlib.sha256(text.encode()).hexdigest()


def _validate_applicant(applicant: Applicant, errors: Errors) -> None:
    for name, problem in (
        ("applicant.name", name_problem(applicant.name)),
        ("applicant.id_number", citizen_id_problem(applicant.id_number.strip())),
        ("applicant.phone", phone_problem(applicant.phone) if applicant.phone else None),
        ("applicant.address", text_problem(applicant.address, max_length=500)),
        ("applicant.email", text_problem(applicant.email, max_length=254)),
    ):
        if problem:
            errors.add(name, problem)
    if applicant.email and "@" not in applicant.email:
        errors.add("applicant.email", "Địa chỉ thư điện tử không hợp lệ.")


def _check_boundary(procedure: Procedure, centre: ServiceCentre, province_code: str, commune_code: str | None) -> None:
    """Receipt regardless of boundaries: within the province for `province` scope, anywhere
    for `nation`; otherwise only at the competent unit's own desk (Art. 3(6)-(7), 14(2), 20)."""
    scope = procedure.boundary_scope
    if scope == "nation":
        return
    if scope == "province":
        if centre.province_id != province_code:
            raise ValidationFailed(
                "Thủ tục này chỉ được tiếp nhận không phụ thuộc địa giới trong phạm vi tỉnh có thẩm quyền.",
                fields={"received_centre_id": ["Trung tâm thuộc tỉnh khác."]},
            )
        return
    own = centre.province_id == province_code and (
        centre.commune_id == commune_code or (commune_code is None and centre.kind == "provincial_centre")
    )
    if not own:
        raise ValidationFailed(
            "Thủ tục này chưa được tiếp nhận không phụ thuộc địa giới: vui lòng nộp tại Bộ phận Một cửa của "
            "cơ quan có thẩm quyền.",
            fields={"received_centre_id": ["Không phải nơi tiếp nhận của thủ tục này."]},
        )


def submit(data: SubmitInput, *, actor: Actor, now: datetime | None = None, accept_now: bool | None = None,
           max_upload_bytes: int | None = None) -> Submitted:
    """Validate everything first, then write everything in one transaction (nothing half
    written). A counter receipt of a complete dossier is accepted at once (Mẫu 01)."""
    at = aware_now(now)
    errors = Errors()
    code = (data.procedure_code or "").strip()
    bundle = Bundle.objects.filter(code=code, active=True).prefetch_related("members__procedure").first()
    procedure = (
        bundle.members.order_by("order").first().procedure if bundle
        else Procedure.objects.filter(code=code, active=True).first()
    )
    if procedure is None:
        raise ValidationFailed("Không tìm thấy thủ tục hành chính.",
                               fields={"procedure_code": ["Mã thủ tục không tồn tại."]})
    try:
        channel = Channel(int(data.channel))
    except ValueError:
        raise ValidationFailed("Kênh nộp không hợp lệ.", fields={"channel": ["Chọn 1, 2 hoặc 3."]}) from None
    _validate_applicant(data.applicant, errors)
    limit = max_upload_bytes or int(getattr(settings, "LOCALGOV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    for i, upload in enumerate(data.documents):
        problem = upload_problem(upload, max_bytes=limit)
        if problem:
            errors.add(f"documents.{i}", f"{upload.name or upload.doc_code}: {problem}")
    problem = uploads.count_problem(len(data.documents), max_count=int(getattr(
        settings, "LOCALGOV_MAX_UPLOAD_COUNT", uploads.DEFAULT_MAX_COUNT)))
    if problem:
        errors.add("documents", problem)
    provided = {u.doc_code for u in data.documents} | set(data.presented_documents)
    required_docs = procedure.documents if not bundle else _bundle_documents(bundle)
    for doc in required_docs:
        if doc.get("required") and doc.get("code") not in provided:
            errors.add("documents", f"Thiếu giấy tờ bắt buộc: {doc.get('name')}")
    problem = text_problem(canonical(data.form_data), max_length=20000)
    if problem:
        errors.add("form_data", problem)

    commune: Commune | None = None
    if data.competent_commune_code:
        commune = Commune.objects.filter(code=data.competent_commune_code).first()
        if commune is None:
            errors.add("competent_commune_code", "Mã xã/phường không tồn tại.")
    province_code = commune.province_id if commune else (data.competent_province_code or "")
    if not province_code:
        errors.add("competent_province_code", "Vui lòng chọn tỉnh/thành phố hoặc xã/phường có thẩm quyền.")
    errors.raise_if_any()

    centre = None
    if channel is Channel.IN_PERSON or data.received_centre_id:
        centre = ServiceCentre.objects.filter(pk=data.received_centre_id).first()
        if centre is None:
            raise ValidationFailed("Vui lòng chọn nơi tiếp nhận.", fields={"received_centre_id": ["Không tồn tại."]})
        if centre.status != "operating":
            raise ValidationFailed("Nơi tiếp nhận chưa hoạt động.", fields={"received_centre_id": ["Chưa hoạt động."]})
        if channel is Channel.IN_PERSON and not can_receive_at(actor, centre):
            raise PermissionDenied("Bạn không được phân công tiếp nhận hồ sơ tại nơi này.")
        _check_boundary(procedure, centre, province_code, commune.code if commune else None)
    elif channel is Channel.ONLINE and procedure.online_level == "none":
        raise ValidationFailed("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.",
                               fields={"channel": ["Không hỗ trợ."]})

    return_method = ReturnMethod(data.return_method)
    return_centre = None
    if return_method is ReturnMethod.CENTRE:
        return_centre = ServiceCentre.objects.filter(pk=data.return_centre_id or data.received_centre_id).first()
        if return_centre is None:
            raise ValidationFailed("Vui lòng chọn nơi nhận kết quả.", fields={"return_centre_id": ["Bắt buộc."]})
    elif return_method is ReturnMethod.POST and not data.return_address.strip():
        raise ValidationFailed("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.",
                               fields={"return_address": ["Bắt buộc."]})
    problem = text_problem(data.return_address, max_length=500)
    if problem:
        raise ValidationFailed(problem, fields={"return_address": [problem]})

    agency = resolve_agency(procedure.competent_agency_kind if not bundle else _first_kind(bundle),
                            province_code=province_code, commune_code=commune.code if commune else None)
    fingerprint = _fingerprint(data)
    key = (data.idempotency_key or "").strip() or None
    if key:
        if len(key) > 128 or text_problem(key):
            raise ValidationFailed("Idempotency-Key không hợp lệ.", fields={"idempotency_key": ["Tối đa 128 ký tự."]})
        existing = _replay(key, fingerprint)
        if existing:
            return existing

    secret = new_secret()
    applicant = data.applicant
    try:
        with transaction.atomic():
            dossier = Dossier(
                code=next_code(agency.electronic_id, at), province_code=province_code, procedure=procedure,
                bundle=bundle, state=int(State.NEW), channel=int(channel), received_centre=centre,
                received_province_code=centre.province_id if centre else "",
                received_commune_code=centre.commune_id if centre else None, competent_agency=agency,
                competent_commune_code=commune.code if commune else None, return_method=return_method.value,
                return_centre=return_centre, return_address=data.return_address.strip(),
                applicant_user_id=actor.user_id if channel is not Channel.IN_PERSON else None,
                applicant_name=" ".join(applicant.name.split()), applicant_id_number=applicant.id_number.strip(),
                applicant_phone=normalise_phone(applicant.phone) if applicant.phone else "",
                applicant_email=applicant.email.strip(), applicant_address=applicant.address.strip(),
                secret_hash=hash_secret(secret), form_data=data.form_data, submitted_at=at,
                idempotency_key=key, request_fingerprint=fingerprint,
            )
            event = append_event(dossier, action=Action.SUBMIT.value, from_state=None, to_state=int(State.NEW),
                                 actor=actor, at=at, data={"channel": int(channel), "agency": agency.electronic_id,
                                                           "received_centre_id": centre.pk if centre else None,
                                                           **_notify(data)})
            dossier.save(force_insert=True)
            event.save(force_insert=True)
            _store_documents(dossier, data.documents, data.presented_documents)
            hooks.emit(dossier, event, {"state": None, "due_at": None, "paused_since": None})
            if bundle:
                create_children(dossier, bundle, actor=actor, at=at)
            complete = not any(d.get("required") and d.get("code") not in provided for d in required_docs)
            if (accept_now if accept_now is not None else channel is Channel.IN_PERSON) and complete:
                dossier = accept(dossier_id=dossier.pk, version=dossier.version, actor=actor, now=at)
    except IntegrityError:
        if key:
            existing = _replay(key, fingerprint)
            if existing:
                return existing
        raise Conflict("Không thể lưu hồ sơ do xung đột dữ liệu, vui lòng thử lại.") from None
    if not bundle:
        # The object in hand is the row as written (or as `accept` returned it): no re-read.
        return Submitted(dossier=dossier, secret=secret)
    dossier.refresh_from_db()  # creating and starting the children moved the parent
    return Submitted(dossier=dossier, secret=secret, children=list(dossier.children.order_by("bundle_order")))


def _notify(data: SubmitInput) -> dict[str, Any]:
    return {} if data.notify_channels is None else {"notify": [str(c) for c in data.notify_channels]}


def _replay(key: str, fingerprint: str) -> Submitted | None:
    existing = Dossier.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.request_fingerprint != fingerprint:
        raise Conflict("Idempotency-Key này đã được dùng cho một hồ sơ khác.",
                       fields={"idempotency_key": ["Đã dùng cho nội dung khác."]}, code="idempotency_mismatch")
    return Submitted(dossier=existing, secret=None, replayed=True)


def _store_documents(dossier: Dossier, documents: list[Upload], presented: list[str], *,
                     supplement: bool = False) -> None:
    # Every file's kind from its bytes, all checked before the first is written (dossiers/uploads.py).
    kinds = uploads.require_kinds([u.content for u in documents])
    for upload, kind in zip(documents, kinds, strict=True):
        doc = DossierDocument(
            dossier=dossier, province_code=dossier.province_code, doc_code=upload.doc_code, name=upload.name[:300],
            original_name=upload.name[:255], content_type=kind.content_type, size=len(upload.content),
            sha256=hashlib.sha256(upload.content).hexdigest(), is_supplement=supplement,
        )
        doc.file.save(f"{dossier.code}-{upload.doc_code}", ContentFile(upload.content), save=False)
        doc.save()
    for code in presented:
        DossierDocument.objects.create(dossier=dossier, province_code=dossier.province_code, doc_code=code,
                                       name=code, presented_on_paper=True, is_supplement=supplement)


def add_documents(dossier: Dossier, documents: list[Upload], *, presented: list[str] | None = None,
                  supplement: bool = True, max_upload_bytes: int | None = None) -> None:
    """Attach documents to an existing dossier — the papers an applicant brings back after a
    supplement request (`supplement=True`), uploaded or shown on paper — each checked as at
    submission (type, size), all or nothing. Call it in the transaction of the transition they
    belong to (`services.supplement_received`)."""
    limit = max_upload_bytes or int(getattr(settings, "LOCALGOV_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
    errors = Errors()
    for i, upload in enumerate(documents):
        problem = upload_problem(upload, max_bytes=limit)
        if problem:
            errors.add(f"documents.{i}", f"{upload.name or upload.doc_code}: {problem}")
    errors.raise_if_any()
    with transaction.atomic():
        _store_documents(dossier, documents, list(presented or []), supplement=supplement)


def _bundle_documents(bundle: Bundle) -> list[dict[str, Any]]:
    """One declaration for the whole bundle: the documents of its first member (Decree
    63/2024 Art. 5: the e-declaration and the data shared between agencies; the later
    agencies take what they need through the interconnection, not from the applicant)."""
    first = bundle.members.select_related("procedure").order_by("order").first()
    return list(first.procedure.documents) if first else []


def _first_kind(bundle: Bundle) -> str:
    return bundle.members.order_by("order").first().agency_kind
