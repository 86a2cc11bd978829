"""The only writers of follow-up records. Each change is one transaction: the checks (inputs,
references, the access policy, the legal move), the row, and one history event (who, when,
what). Bad input raises ValidationFailed with a Vietnamese message per field and writes nothing.

Who may do what (access.policy, docs/followup.md "Roles"):
* guidance documents: the responsible ministry's officers (MINISTRY_OFFICER granted in that
  ministry's agency row) and the Government Office;
* problems: raised by a province's or a commune's follow-up officer, for their own unit; the
  officers of the ministry or department it is routed to acknowledge and answer it; the raiser
  closes or re-opens it;
* directives and commitments: assigned by the Government Office; progress reported by the
  responsible unit's officers;
* premises: the follow-up officers of the province or commune where they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from localgov.access.policy import Actor, matches
from localgov.access.roles import Role
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.followup import inputs, reference
from localgov.followup import rules as r
from localgov.followup.models import Commitment, FollowupEvent, GuidanceDoc, Premise, Problem
from localgov.units.models import Agency, AgencyLevel, Commune, Province
from localgov.workcalendar.adapter import get_calendar

DOC_EDIT = (Role.MINISTRY_OFFICER, Role.GOVERNMENT_OFFICE)
PROBLEM_RAISE = (Role.FOLLOWUP_OFFICER,)
PROBLEM_ANSWER = (Role.MINISTRY_OFFICER, Role.GOVERNMENT_OFFICE)
COMMITMENT_ASSIGN = (Role.GOVERNMENT_OFFICE,)
COMMITMENT_REPORT = (Role.MINISTRY_OFFICER, Role.FOLLOWUP_OFFICER, Role.GOVERNMENT_OFFICE)
PREMISE_EDIT = (Role.FOLLOWUP_OFFICER, Role.GOVERNMENT_OFFICE)
MINISTRY_KIND = "ministry"
#: The cache key of the follow-up data's version (selectors.cached_summary).
VERSION_KEY = "followup:version"


def bump_version() -> None:
    """After a write commits: cached summaries of older versions are no longer read."""
    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, None)

    transaction.on_commit(bump)
MODELS: dict[str, type] = {"guidance_doc": GuidanceDoc, "problem": Problem, "commitment": Commitment,
                           "premise": Premise}


def config() -> dict[str, Any]:
    """data/rules.json's values, with the setting LOCALGOV_FOLLOWUP_RULES over them."""
    values = {k: r.rule_value(reference.rules(), k) for k in reference.rules()}
    return {**values, **getattr(settings, "LOCALGOV_FOLLOWUP_RULES", {})}


@transaction.atomic
def ensure_ministries() -> int:
    """The ministries of data/ministries.csv as agency rows (kind "ministry", seat Hà Nội), so a
    ministry officer's grant names one (access.RoleGrant.agency). Idempotent; returns the count."""
    hanoi = Province.objects.filter(pk="01").first()
    if hanoi is None:
        raise ValidationFailed("Chưa nạp danh mục đơn vị hành chính (localgov load units).")
    for m in reference.ministries():
        Agency.objects.update_or_create(electronic_id=m.electronic_id, defaults={
            "name": m.name, "kind": MINISTRY_KIND, "level": AgencyLevel.VERTICAL, "province": hanoi})
    return len(reference.ministries())


def ministry(code: str) -> Agency:
    return Agency.objects.get(electronic_id=f"BN.{code}")


# --- references ---------------------------------------------------------------------------


def _agency(value: Any, *, ministries_only: bool) -> Agency:
    text = str(value).strip()
    qs = Agency.objects.all()
    if ministries_only:
        qs = qs.filter(kind=MINISTRY_KIND)
    found = (qs.filter(electronic_id=f"BN.{text.upper()}").first() or qs.filter(electronic_id=text).first()
             or qs.filter(name__iexact=text).first())
    if found is None and text.isdigit():
        found = qs.filter(pk=int(text)).first()
    if found is None:
        raise ValueError("Không có bộ, ngành này (mã như BTC, BNV…)." if ministries_only
                         else "Không có cơ quan này (mã bộ như BTC, hoặc mã định danh của sở).")
    return found


def _field(value: str) -> str:
    names = reference.fields()
    if value in names:
        return value
    for code, name in names.items():
        if name.lower() == value.lower():
            return code
    raise ValueError("Lĩnh vực không có trong danh mục: " + ", ".join(names) + ".")


def _row(model: type, value: Any, label: str) -> Any:
    try:
        return model.objects.get(pk=int(str(value).strip()))
    except (ValueError, model.DoesNotExist):  # type: ignore[attr-defined]
        raise ValueError(f"Không có {label} mã {value}.") from None


def resolve(kind: str, values: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Turn the reference fields of `values` into rows / checked codes (errors per field)."""
    out = dict(values)

    def check(name: str, fn: Any) -> None:
        if name not in out:
            return
        if out.get(name) in (None, ""):
            if name in ("commune_code", "province_code", "payment_deadline", "field_code"):
                out[name] = out.get(name) or ""
            else:
                out[name] = None
            return
        try:
            out[name] = fn(out[name])
        except ValueError as exc:
            errors.setdefault(name, []).append(str(exc))

    check("field_code", _field)
    check("ministry", lambda v: _agency(v, ministries_only=True))
    check("routed_to", lambda v: _agency(v, ministries_only=False))
    check("responsible_agency", lambda v: _agency(v, ministries_only=False))

    def province(v: Any) -> str:
        code = str(v).strip().zfill(2)
        if not Province.objects.filter(pk=code).exists():
            raise ValueError(f"Không có tỉnh mã {code}.")
        return code

    def commune(v: Any) -> str:
        code = str(v).strip().zfill(5)
        row = Commune.objects.filter(pk=code).values_list("province_id", flat=True).first()
        if row is None:
            raise ValueError(f"Không có xã mã {code}.")
        if out.get("province_code") and row != out["province_code"]:
            raise ValueError(f"Xã {code} không thuộc tỉnh {out['province_code']}.")
        return code

    check("province_code", province)
    check("commune_code", commune)
    check("waiting_for", lambda v: _row(GuidanceDoc, v, "văn bản hướng dẫn"))
    check("guidance", lambda v: _row(GuidanceDoc, v, "văn bản hướng dẫn"))
    check("problem", lambda v: _row(Problem, v, "kiến nghị"))
    check("premise", lambda v: _row(Premise, v, "trụ sở"))

    def payment(v: Any) -> str:
        keys = config()["payment_deadlines"]
        if v not in keys:
            raise ValueError("Phải là một trong: " + ", ".join(keys) + ".")
        return str(v)

    check("payment_deadline", payment)
    return out


def _require(actor: Actor, resource: str, obj: object, roles: Iterable[Role], what: str) -> None:
    if not matches(actor, resource, obj, roles=roles):
        raise PermissionDenied(f"Bạn không có quyền {what}.")


def _event(kind: str, obj: Any, actor: Actor, action: str, *, before: str = "", after: str = "", note: str = "",
           changes: Mapping[str, Any] | None = None) -> FollowupEvent:
    bump_version()
    return FollowupEvent.objects.create(
        kind=kind, object_id=obj.pk, at=timezone.now(), by_label=actor.label[:150], action=action,
        from_status=before, to_status=after, note=note,
        changes={k: (str(v.pk) if hasattr(v, "pk") else (v if isinstance(v, (int, str, bool)) or v is None
                                                           else str(v))) for k, v in (changes or {}).items()})


def validated(kind: str, data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Typed and resolved values of `data` for record `kind`, or ValidationFailed (every field)."""
    values, errors = inputs.clean(kind, data, partial=partial)
    values = resolve(kind, values, errors)
    if errors:
        raise ValidationFailed("Dữ liệu không hợp lệ: " + ", ".join(
            inputs.FIELDS[kind][f].label if f in inputs.FIELDS[kind] else f for f in errors) + ".", fields=errors)
    return values


def _assign(obj: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    changed = {}
    for name, value in values.items():
        if getattr(obj, name) != value:
            changed[name] = value
            setattr(obj, name, value)
    return changed


# --- guidance documents -------------------------------------------------------------------


def _doc_checks(doc: GuidanceDoc) -> None:
    errors: dict[str, list[str]] = {}
    if doc.status == r.DocStatus.ISSUED and not (doc.issued_number and doc.issued_date):
        errors["issued_number"] = ["Văn bản đã ban hành phải có số hiệu và ngày ban hành."]
    if doc.issued_date and doc.status not in r.DOC_DONE:
        errors["issued_date"] = ["Chỉ ghi ngày ban hành khi văn bản đã ban hành."]
    if errors:
        raise ValidationFailed("Thông tin ban hành chưa đúng.", fields=errors)


def build_doc(values: Mapping[str, Any]) -> GuidanceDoc:
    doc = GuidanceDoc(**{k: v for k, v in values.items() if k != "status"})
    doc.status = values.get("status") or r.DocStatus.NOT_STARTED
    _doc_checks(doc)
    return doc


@transaction.atomic
def create_doc(*, actor: Actor, data: Mapping[str, Any], example: bool = False) -> GuidanceDoc:
    doc = build_doc(validated("guidance_doc", data))
    _require(actor, "guidance_doc", doc, DOC_EDIT, "lập văn bản hướng dẫn của bộ, ngành khác")
    doc.example = example
    doc.save()
    _event("guidance_doc", doc, actor, "create", after=doc.status)
    return doc


def _locked(model: type, pk: int) -> Any:
    try:
        return model.objects.select_for_update().get(pk=pk)  # type: ignore[attr-defined]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise NotFound("Không tìm thấy bản ghi.") from None


@transaction.atomic
def update_doc(*, actor: Actor, pk: int, data: Mapping[str, Any], note: str = "") -> GuidanceDoc:
    """Change fields and/or the status (a legal move, rules.DOC_MOVES); the change is in the history."""
    doc = _locked(GuidanceDoc, pk)
    _require(actor, "guidance_doc", doc, DOC_EDIT, "sửa văn bản hướng dẫn của bộ, ngành khác")
    values = validated("guidance_doc", data, partial=True)
    before = doc.status
    if values.get("status") is not None:
        reason = r.doc_move_error(before, values["status"])
        if reason:
            raise ValidationFailed(reason, fields={"status": [reason]})
    elif "status" in values:
        values.pop("status")
    changed = _assign(doc, values)
    _require(actor, "guidance_doc", doc, DOC_EDIT, "chuyển văn bản sang bộ, ngành khác")
    _doc_checks(doc)
    doc.save()
    _event("guidance_doc", doc, actor, "status" if doc.status != before else "update", before=before,
           after=doc.status, note=note, changes=changed)
    return doc


# --- problems -----------------------------------------------------------------------------


def build_problem(values: Mapping[str, Any]) -> Problem:
    p = Problem(**values)
    p.response_due = r.response_due(p.raised_on, int(config()["problem_response_working_days"]), get_calendar())
    return p


@transaction.atomic
def raise_problem(*, actor: Actor, data: Mapping[str, Any]) -> Problem:
    p = build_problem(validated("problem", data))
    _require(actor, "problem", p, PROBLEM_RAISE, "nêu kiến nghị thay cho tỉnh, xã khác")
    p.save()
    _event("problem", p, actor, "raise", after=p.status, note=f"Hạn trả lời {p.response_due:%d/%m/%Y}")
    return p


@transaction.atomic
def update_problem(*, actor: Actor, pk: int, data: Mapping[str, Any]) -> Problem:
    """The raiser corrects a problem that nobody has taken yet (status raised)."""
    p = _locked(Problem, pk)
    _require(actor, "problem", p, PROBLEM_RAISE, "sửa kiến nghị của tỉnh, xã khác")
    if p.status != r.ProblemStatus.RAISED:
        raise ValidationFailed("Kiến nghị đã được tiếp nhận, không sửa được; hãy mở lại hoặc gửi kiến nghị mới.",
                               fields={"status": ["Chỉ sửa khi kiến nghị mới gửi."]})
    changed = _assign(p, validated("problem", data, partial=True))
    _require(actor, "problem", p, PROBLEM_RAISE, "chuyển kiến nghị sang tỉnh, xã khác")
    if "raised_on" in changed:
        p.response_due = build_problem({"raised_on": p.raised_on}).response_due
    p.save()
    _event("problem", p, actor, "update", before=p.status, after=p.status, changes=changed)
    return p


@transaction.atomic
def act_problem(*, actor: Actor, pk: int, action: str, answer: str = "", on: date | None = None,
                note: str = "") -> Problem:
    """Acknowledge / answer (the routed-to agency), close / reopen (the raiser)."""
    p = _locked(Problem, pk)
    if action not in r.ProblemAction.__members__.values():
        raise ValidationFailed(f"Thao tác không hợp lệ: {action!r}.", fields={"action": ["Không hợp lệ."]})
    side = r.PROBLEM_MOVES[r.ProblemAction(action)][2]
    if side == "routed":
        _require(actor, "problem", p, PROBLEM_ANSWER, "trả lời kiến nghị chuyển cho cơ quan khác")
    else:
        _require(actor, "problem", p, PROBLEM_RAISE, "đóng hoặc mở lại kiến nghị của tỉnh, xã khác")
    target = r.problem_move(p.status, action)
    if not isinstance(target, r.ProblemStatus):
        raise ValidationFailed(target, fields={"action": [target]})
    day = on or timezone.localdate()
    if day < p.raised_on:
        raise ValidationFailed("Ngày thao tác trước ngày gửi kiến nghị.", fields={"on": ["Không hợp lệ."]})
    before = p.status
    if action == r.ProblemAction.ANSWER:
        if not answer.strip():
            raise ValidationFailed("Thiếu nội dung trả lời.", fields={"answer": ["Bắt buộc."]})
        if len(answer) > 20000:
            raise ValidationFailed("Nội dung trả lời quá dài.", fields={"answer": ["Dài quá 20000 ký tự."]})
        p.answer, p.answered_on = answer.strip(), day
    elif action == r.ProblemAction.CLOSE:
        p.closed_on = day
    elif action == r.ProblemAction.REOPEN:
        # a new response period from the day it is re-opened (same rule as a new problem)
        p.reopen_count += 1
        p.answered_on = None
        p.closed_on = None
        p.response_due = r.response_due(day, int(config()["problem_response_working_days"]), get_calendar())
    p.status = target
    p.save()
    _event("problem", p, actor, action, before=before, after=p.status, note=note or answer[:500])
    return p


# --- commitments --------------------------------------------------------------------------


def _commitment_checks(c: Commitment) -> None:
    owners = [bool(c.responsible_agency_id), bool(c.province_code)]
    if sum(owners) != 1:
        raise ValidationFailed("Nhiệm vụ phải có đúng một đơn vị chủ trì: một bộ, ngành (sở) hoặc một tỉnh/xã.",
                               fields={"responsible_agency": ["Chọn bộ, ngành hoặc tỉnh chủ trì."]})
    if c.commune_code and not c.province_code:
        raise ValidationFailed("Xã chủ trì phải kèm tỉnh.", fields={"province_code": ["Bắt buộc khi có xã."]})
    if c.deadline < c.source_date:
        raise ValidationFailed("Thời hạn trước ngày văn bản giao.", fields={"deadline": ["Không hợp lệ."]})


def build_commitment(values: Mapping[str, Any]) -> Commitment:
    c = Commitment(**values)
    _commitment_checks(c)
    return c


@transaction.atomic
def create_commitment(*, actor: Actor, data: Mapping[str, Any]) -> Commitment:
    c = build_commitment(validated("commitment", data))
    _require(actor, "commitment", c, COMMITMENT_ASSIGN, "giao nhiệm vụ (chỉ Văn phòng Chính phủ)")
    c.save()
    _event("commitment", c, actor, "assign", note=f"Hạn {c.deadline:%d/%m/%Y}")
    return c


@transaction.atomic
def update_commitment(*, actor: Actor, pk: int, data: Mapping[str, Any]) -> Commitment:
    c = _locked(Commitment, pk)
    _require(actor, "commitment", c, COMMITMENT_ASSIGN, "sửa nhiệm vụ (chỉ Văn phòng Chính phủ)")
    changed = _assign(c, validated("commitment", data, partial=True))
    _commitment_checks(c)
    c.save()
    _event("commitment", c, actor, "update", changes=changed)
    return c


@transaction.atomic
def report_progress(*, actor: Actor, pk: int, percent: Any, note: str = "", done_on: Any = None) -> Commitment:
    """A progress report by the responsible unit; `done_on` marks completion (100%)."""
    c = _locked(Commitment, pk)
    _require(actor, "commitment", c, COMMITMENT_REPORT, "báo cáo tiến độ nhiệm vụ của đơn vị khác")
    errors: dict[str, list[str]] = {}
    try:
        pct = inputs.clean_value("percent", inputs.Field("Tiến độ", "pct", required=True), percent)
    except ValueError as exc:
        errors["percent"] = [str(exc)]
    try:
        done = inputs.clean_value("done_on", inputs.Field("Ngày hoàn thành", "date"), done_on)
    except ValueError as exc:
        errors["done_on"] = [str(exc)]
    if len(note) > 20000:
        errors["note"] = ["Dài quá 20000 ký tự."]
    if errors:
        raise ValidationFailed("Báo cáo tiến độ không hợp lệ.", fields=errors)
    if done is not None:
        if done < c.source_date:
            raise ValidationFailed("Ngày hoàn thành trước ngày giao.", fields={"done_on": ["Không hợp lệ."]})
        pct = 100
    elif c.done_on is not None:
        raise ValidationFailed("Nhiệm vụ đã hoàn thành.", fields={"done_on": ["Đã có ngày hoàn thành."]})
    c.progress_pct, c.progress_note, c.done_on = pct, note.strip(), done
    c.save()
    _event("commitment", c, actor, "done" if done else "report", note=note, changes={"percent": pct})
    return c


# --- premises -----------------------------------------------------------------------------


def _premise_checks(p: Premise) -> None:
    reason = r.premise_plan_error(p.status, p.planned_use, p.decision_number,
                                  tuple(config()["premise_priority"]), bool(p.lower_use_reason.strip()))
    if reason:
        raise ValidationFailed(reason, fields={"planned_use": [reason]})
    if p.status == r.PremiseStatus.DONE and not p.done_on:
        raise ValidationFailed("Đã xử lý xong phải có ngày hoàn thành.", fields={"done_on": ["Bắt buộc."]})
    if p.done_on and p.status != r.PremiseStatus.DONE:
        raise ValidationFailed("Chỉ ghi ngày hoàn thành khi đã xử lý xong.", fields={"done_on": ["Không hợp lệ."]})


def build_premise(values: Mapping[str, Any]) -> Premise:
    p = Premise(**{k: v for k, v in values.items() if v is not None or k not in ("floor_area_m2", "status")})
    p.status = values.get("status") or r.PremiseStatus.IDLE
    _premise_checks(p)
    return p


@transaction.atomic
def create_premise(*, actor: Actor, data: Mapping[str, Any]) -> Premise:
    p = build_premise(validated("premise", data))
    _require(actor, "premise", p, PREMISE_EDIT, "khai báo trụ sở của tỉnh, xã khác")
    p.save()
    _event("premise", p, actor, "create", after=p.status)
    return p


@transaction.atomic
def update_premise(*, actor: Actor, pk: int, data: Mapping[str, Any]) -> Premise:
    p = _locked(Premise, pk)
    _require(actor, "premise", p, PREMISE_EDIT, "sửa trụ sở của tỉnh, xã khác")
    before = p.status
    values = validated("premise", data, partial=True)
    if values.get("status") is None:
        values.pop("status", None)
    if values.get("floor_area_m2", 0) is None:
        values["floor_area_m2"] = 0
    changed = _assign(p, values)
    _require(actor, "premise", p, PREMISE_EDIT, "chuyển trụ sở sang tỉnh, xã khác")
    _premise_checks(p)
    p.save()
    _event("premise", p, actor, "status" if p.status != before else "update", before=before, after=p.status,
           changes=changed)
    return p
