"""Portal forms. Labels and messages in Vietnamese (translatable); the domain's own
validation (dossiers.validation) stays the single source of truth and its errors are put
next to these fields by `ui.apply_domain_error`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from localgov.catalog.models import Field
from localgov.core.bounds import INT_MAX
from localgov.dossiers import validation
from localgov.outbox import rules

REQUIRED = _("Vui lòng điền mục này.")


def _required(field: forms.Field) -> forms.Field:
    field.error_messages["required"] = REQUIRED
    return field


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Bạn cần làm thủ tục gì?"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("ví dụ: đăng ký khai sinh"),
                                                      "autocomplete": "off"}))
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].choices = [("", _("Tất cả lĩnh vực"))] + [
            (f.slug, f.name_vi) for f in Field.objects.order_by("name_vi")
        ]


class ConvertForm(forms.Form):
    dia_chi = _required(forms.CharField(
        label=_("Địa chỉ cũ (trước 1/7/2025)"), max_length=300,
        help_text=_("Ví dụ: Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    ))


RETURN_CHOICES = [
    ("online", _("Nhận kết quả trực tuyến (bản điện tử)")),
    ("centre", _("Nhận tại Trung tâm Phục vụ hành chính công")),
    ("post", _("Nhận qua bưu chính công ích")),
]


class ApplicantFields(forms.Form):
    applicant_name = _required(forms.CharField(label=_("Họ và tên"), max_length=200,
                                               widget=forms.TextInput(attrs={"autocomplete": "name"})))
    applicant_id_number = _required(forms.CharField(
        label=_("Số định danh cá nhân"), max_length=12, help_text=_("12 chữ số, in trên thẻ căn cước"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    ))
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                                      widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    applicant_email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False,
                                      widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    applicant_address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=500, required=False,
                                        widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    # The applicant chooses how to be told of each step (Decree 118 Art. 17, 19; docs/notifications.md).
    notify_channels = forms.MultipleChoiceField(
        label=_("Nhận thông báo về hồ sơ qua"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(c, rules.CHANNEL_LABELS[c]) for c in rules.APPLICANT_CHANNELS],
        help_text=_("Tiếp nhận, yêu cầu bổ sung, từ chối, xin lỗi hẹn lại, có kết quả, dừng xử lý."),
    )


    def _check(self, name: str, problem: str | None) -> str:
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data[name]

    # The dossier engine's own checks, run here too so every error shows at once, inline.
    def clean_applicant_name(self) -> str:
        return self._check("applicant_name", validation.name_problem(self.cleaned_data["applicant_name"]))

    def clean_applicant_id_number(self) -> str:
        value = self.cleaned_data["applicant_id_number"].strip()
        self._check("applicant_id_number", validation.citizen_id_problem(value))
        return value

    def clean_applicant_phone(self) -> str:
        value = self.cleaned_data["applicant_phone"].strip()
        self._check("applicant_phone", validation.phone_problem(value) if value else None)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = data.get("notify_channels") or []
        if rules.EMAIL in chosen and not data.get("applicant_email") and "applicant_email" not in self.errors:
            self.add_error("notify_channels", _("Nhập thư điện tử để nhận thông báo qua thư điện tử."))
        if rules.SMS in chosen and not data.get("applicant_phone") and "applicant_phone" not in self.errors:
            self.add_error("notify_channels", _("Nhập số điện thoại để nhận thông báo qua tin nhắn SMS."))
        return data

    def clean_applicant_email(self) -> str:
        value = self.cleaned_data["applicant_email"].strip()
        if value and "@" not in value:
            raise forms.ValidationError(_("Địa chỉ thư điện tử không hợp lệ."))
        return value


class FileOnlineForm(ApplicantFields):
    competent_commune = forms.ChoiceField(label=_("Xã/phường có thẩm quyền giải quyết"))
    return_method = forms.ChoiceField(label=_("Nhận kết quả"), choices=RETURN_CHOICES, initial="online",
                                      widget=forms.RadioSelect)
    return_address = forms.CharField(label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=500, required=False)
    idem = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, communes: list[tuple[str, str]] | None = None, needs_commune: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competent_commune"]
        field.error_messages["required"] = _("Vui lòng chọn xã/phường.")
        field.error_messages["invalid_choice"] = _("Xã/phường không thuộc tỉnh đã chọn.")
        field.choices = [("", _("— Chọn xã/phường —"))] + list(communes or [])
        if not needs_commune:
            del self.fields["competent_commune"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("return_method") == "post" and not (data.get("return_address") or "").strip():
            self.add_error("return_address", _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."))
        return data


class TrackForm(forms.Form):
    ma = _required(forms.CharField(label=_("Mã hồ sơ"), max_length=48,
                                   help_text=_("In trên giấy tiếp nhận, ví dụ 000.00.04.H01-250804-0001"),
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})))
    secret = _required(forms.CharField(label=_("Mã tra cứu"), max_length=20,
                                       help_text=_("10 ký tự in trên giấy tiếp nhận"),
                                       widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                                     "autocapitalize": "characters"})))


STALE_PAGE = _("Trang đã cũ hoặc bị sửa (phiên bản hồ sơ không hợp lệ); vui lòng tải lại trang rồi gửi lại.")


class VersionedForm(forms.Form):
    """A form acting on a dossier: the page's hidden `version` (optimistic locking). A value that
    is not a version (not a whole number from 1 to the column's maximum) is the page's fault,
    said at the top of the form, since the field is hidden; absent, the dossier's current one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=INT_MAX,
                                 error_messages={"invalid": STALE_PAGE, "min_value": STALE_PAGE,
                                                 "max_value": STALE_PAGE})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for message in self._errors.pop("version", []):
            self.add_error(None, message)
        return data


class RateForm(VersionedForm):
    rating = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 — Rất hài lòng")), (4, _("4 — Hài lòng")), (3, _("3 — Bình thường")),
                 (2, _("2 — Không hài lòng")), (1, _("1 — Rất không hài lòng"))],
        error_messages={"required": _("Vui lòng chọn mức độ hài lòng.")},
    )
    comment = forms.CharField(label=_("Góp ý (không bắt buộc)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SupplementForm(VersionedForm):
    note = forms.CharField(label=_("Ghi chú cho cơ quan (không bắt buộc)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
