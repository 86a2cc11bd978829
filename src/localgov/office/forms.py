"""Officer forms: one per dossier action (only the fields that action needs), and the
counter's walk-in reception form. Vietnamese labels and messages, translatable."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localgov.core.bounds import BIGINT_MAX
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import Action
from localgov.portal.forms import RETURN_CHOICES, STALE_PAGE, ApplicantFields, VersionedForm

REQUIRED = _("Vui lòng điền mục này.")


def _text(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    field = forms.CharField(label=label, required=required, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": rows}))
    field.error_messages["required"] = REQUIRED
    return field


class ActionForm(VersionedForm):

    def __init__(self, *args: Any, dossier: Dossier, assignees: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        self.dossier = dossier
        kwargs.setdefault("prefix", self.action.value)
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = dossier.version
        self.fields["version"].required = True  # the officer acts on the version the page showed
        self.fields["version"].error_messages["required"] = STALE_PAGE
        if "assignee" in self.fields:
            self.fields["assignee"].choices = [("", _("— Giữ nguyên —"))] + list(assignees or [])

    action: Action = Action.ACCEPT

    def service_kwargs(self) -> dict[str, Any]:
        return {}


class AcceptForm(ActionForm):
    action = Action.ACCEPT


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT


class RefuseForm(ActionForm):
    action = Action.REFUSE
    reason = _text(_("Lý do từ chối (ghi trên Mẫu 03)"), required=True)

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class AssignForm(ActionForm):
    action = Action.ASSIGN
    assignee = forms.ChoiceField(label=_("Giao cho"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        value = self.cleaned_data.get("assignee")
        return {"assignee_id": int(value) if value else None}


class AdvanceForm(AssignForm):
    action = Action.ADVANCE
    note = _text(_("Ghi chú (Mẫu 06)"))

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "note": self.cleaned_data["note"]}


class RequestSupplementForm(ActionForm):
    action = Action.REQUEST_SUPPLEMENT
    missing_docs = forms.MultipleChoiceField(label=_("Giấy tờ cần bổ sung"), required=False,
                                             widget=forms.CheckboxSelectMultiple)
    missing_other = _text(_("Nội dung khác cần bổ sung, hoàn thiện (mỗi dòng một nội dung)"))
    reason = _text(_("Lý do"))
    override_reason = _text(_("Lý do yêu cầu bổ sung lần nữa (chỉ lãnh đạo)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missing_docs"].choices = [(d["name"], d["name"]) for d in self.dossier.procedure.documents or []]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        items = list(data.get("missing_docs") or []) + [
            line.strip() for line in (data.get("missing_other") or "").splitlines() if line.strip()]
        if not items:
            self.add_error("missing_docs", _("Chọn hoặc ghi ít nhất một nội dung cần bổ sung (một lần, đầy đủ)."))
        data["missing"] = items
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {"missing": self.cleaned_data["missing"], "reason": self.cleaned_data["reason"],
                "override_reason": self.cleaned_data["override_reason"]}


class SupplementReceivedForm(ActionForm):
    action = Action.SUPPLEMENT_RECEIVED
    note = _text(_("Ghi chú"))

    def service_kwargs(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"]}


class RequestPaymentForm(ActionForm):
    action = Action.REQUEST_PAYMENT
    amount_vnd = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, max_value=BIGINT_MAX,
                                    error_messages={"required": REQUIRED,
                                                    "invalid": _("Nhập số nguyên, không có dấu chấm."),
                                                    "min_value": _("Số tiền không được âm."),
                                                    "max_value": _("Số tiền quá lớn.")})
    reason = _text(_("Nội dung"))

    def service_kwargs(self) -> dict[str, Any]:
        return {"amount_vnd": self.cleaned_data["amount_vnd"], "reason": self.cleaned_data["reason"]}


class PaymentReceivedForm(ActionForm):
    action = Action.PAYMENT_RECEIVED
    online = forms.BooleanField(label=_("Đã thanh toán trực tuyến"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        return {"online": self.cleaned_data["online"]}


class ExtendForm(ActionForm):
    action = Action.EXTEND
    new_due_date = forms.DateField(label=_("Ngày hẹn mới"), widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"required": _("Vui lòng chọn ngày hẹn mới."),
                                                   "invalid": _("Ngày không hợp lệ.")})
    new_due_time = forms.TimeField(label=_("Giờ hẹn mới"), initial=time(16, 0),
                                   widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                                   error_messages={"required": REQUIRED, "invalid": _("Giờ không hợp lệ.")})
    reason = _text(_("Lý do chậm trễ (ghi trên Mẫu 04)"), required=True)

    def service_kwargs(self) -> dict[str, Any]:
        new_due = timezone.make_aware(datetime.combine(self.cleaned_data["new_due_date"],
                                                       self.cleaned_data["new_due_time"]))
        return {"new_due": new_due, "reason": self.cleaned_data["reason"]}


class RequestWithdrawalForm(ActionForm):
    action = Action.REQUEST_WITHDRAWAL
    reason = _text(_("Nội dung yêu cầu rút hồ sơ"))

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class StopForm(ActionForm):
    action = Action.STOP
    reason = _text(_("Lý do dừng giải quyết (ghi trên Mẫu 05)"), required=True)

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class DecideForm(ActionForm):
    action = Action.DECIDE
    result_summary = _text(_("Nội dung kết quả giải quyết"), required=True)
    electronic = forms.BooleanField(label=_("Có kết quả điện tử"), required=False, initial=True)
    signed = forms.BooleanField(label=_("Kết quả điện tử đã ký số"), required=False, initial=True)
    digitised = forms.BooleanField(label=_("Thành phần hồ sơ đã được số hóa"), required=False)
    reused = forms.BooleanField(label=_("Tái sử dụng dữ liệu đã số hóa / CSDL quốc gia về dân cư"), required=False)
    identity_verified = forms.BooleanField(label=_("Đã xác thực định danh điện tử (VNeID)"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {"result_summary": c["result_summary"], "electronic": c["electronic"],
                "signed": c["electronic"] and c["signed"], "digitised": c["digitised"], "reused": c["reused"],
                "identity_verified": c["identity_verified"]}


ACTION_FORMS: dict[Action, type[ActionForm]] = {
    f.action: f for f in (AcceptForm, RefuseForm, AssignForm, AdvanceForm, RequestSupplementForm,
                          SupplementReceivedForm, RequestPaymentForm, PaymentReceivedForm, ExtendForm,
                          RequestWithdrawalForm, StopForm, DecideForm, ReturnResultForm)
}
#: Domain field names → form field names, for inline errors.
ACTION_FIELD_MAP = {"missing": "missing_docs", "new_due": "new_due_date", "version": "__all__"}


class CounterForm(ApplicantFields):
    competent_commune = forms.ChoiceField(label=_("Xã/phường có thẩm quyền giải quyết"))
    return_method = forms.ChoiceField(label=_("Nhận kết quả"), choices=RETURN_CHOICES, initial="centre",
                                      widget=forms.RadioSelect)
    return_address = forms.CharField(label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=500, required=False)
    presented = forms.MultipleChoiceField(label=_("Giấy tờ đã kiểm tra (bản giấy xuất trình)"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    idem = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, communes: list[tuple[str, str]], documents: list[dict[str, Any]],
                 needs_commune: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competent_commune"]
        field.choices = [("", _("— Chọn xã/phường —"))] + communes
        field.error_messages["required"] = _("Vui lòng chọn xã/phường có thẩm quyền.")
        field.error_messages["invalid_choice"] = _("Xã/phường không thuộc tỉnh của trung tâm.")
        if not needs_commune:
            field.required = False
        self.fields["presented"].choices = [
            (d["code"], f"{d['name']}{'' if d.get('required') else ' ' + str(_('(nếu có)'))}") for d in documents]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("return_method") == "post" and not (data.get("return_address") or "").strip():
            self.add_error("return_address", _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."))
        return data
