"""Administration of accounts and grants. Every save goes through access.services, so each
grant and revocation writes its GrantAudit line; grants are never deleted (history), only
revoked; audit tables are read-only here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from localgov.access import services
from localgov.access.forms import LockoutAdminAuthenticationForm
from localgov.access.models import ApiToken, GrantAudit, PersonalDataAccess, RoleGrant, ThrottleCounter
from localgov.access.roles import ROLE_LABELS, Role
from localgov.access.selectors import STATUS_LABELS, active_q, grant_status, who_holds_what
from localgov.access.tokens import revoke_token
from localgov.core.errors import ValidationFailed

# The admin sign-in shows the lockout message too (the backend enforces the lock anyway).
admin.site.login_form = LockoutAdminAuthenticationForm

GRANT_FIELDS = ("user", "role", "province", "commune", "centre", "agency", "starts_on", "ends_on", "reason")


class StatusFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(STATUS_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        value = self.value()
        if value == "active":
            return queryset.filter(active_q(today))
        if value == "future":
            return queryset.filter(revoked_at__isnull=True, starts_on__gt=today)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, ends_on__lt=today)
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class RoleGrantForm(forms.ModelForm):
    revoke = forms.BooleanField(label="Thu hồi quyền này", required=False)
    revoke_reason = forms.CharField(label="Lý do thu hồi", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = RoleGrant
        fields = GRANT_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk is None:
            try:
                services.check_grant(
                    role=data.get("role") or Role.APPLICANT, province=_pk(data.get("province")),
                    commune=_pk(data.get("commune")), centre_id=_pk(data.get("centre")),
                    agency_id=_pk(data.get("agency")), starts_on=data.get("starts_on") or timezone.localdate(),
                    ends_on=data.get("ends_on"),
                )
            except ValidationFailed as exc:
                raise forms.ValidationError(exc.message) from None
        elif data.get("revoke") and not (data.get("revoke_reason") or "").strip():
            self.add_error("revoke_reason", "Vui lòng nêu lý do thu hồi.")
        return data


def _pk(obj: Any) -> Any:
    return obj.pk if obj is not None else None


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    form = RoleGrantForm
    list_display = ("user", "role_label", "unit", "starts_on", "ends_on", "status", "granted_by", "revoked_at")
    list_filter = (StatusFilter, "role", "province", "starts_on", "ends_on")
    search_fields = ("user__username", "user__first_name", "user__last_name", "commune__name", "commune__code",
                     "centre__name", "agency__name", "agency__electronic_id")
    autocomplete_fields = ("user", "province", "commune", "centre", "agency")
    list_select_related = ("user", "province", "commune", "centre", "agency", "granted_by")
    date_hierarchy = "starts_on"
    change_list_template = "admin/access/rolegrant/change_list.html"

    @admin.display(description="vai trò", ordering="role")
    def role_label(self, obj: RoleGrant) -> str:
        return ROLE_LABELS[Role(obj.role)]

    @admin.display(description="đơn vị")
    def unit(self, obj: RoleGrant) -> str:
        return services.unit_label(obj)

    @admin.display(description="tình trạng")
    def status(self, obj: RoleGrant) -> str:
        return STATUS_LABELS[grant_status(obj)]

    def get_fields(self, request: HttpRequest, obj: RoleGrant | None = None) -> Any:
        if obj is None:
            return GRANT_FIELDS
        extra = ("revoke", "revoke_reason") if obj.revoked_at is None else ()
        return (*GRANT_FIELDS, "granted_by", "granted_at", "revoked_at", "revoked_by", *extra)

    def get_readonly_fields(self, request: HttpRequest, obj: RoleGrant | None = None) -> Any:
        if obj is None:
            return ()
        return (*GRANT_FIELDS, "granted_by", "granted_at", "revoked_at", "revoked_by")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        if not change:
            created = services.grant_role(
                user=obj.user, role=obj.role, by=request.user, province=obj.province_id, commune=obj.commune_id,
                centre_id=obj.centre_id, agency_id=obj.agency_id, starts_on=obj.starts_on, ends_on=obj.ends_on,
                reason=obj.reason,
            )
            obj.pk = created.pk
            obj.granted_at = created.granted_at
            obj.granted_by = created.granted_by
            obj._state.adding = False
            return
        if form.cleaned_data.get("revoke"):
            revoked = services.revoke_role(grant=obj, by=request.user, reason=form.cleaned_data["revoke_reason"])
            obj.revoked_at, obj.revoked_by, obj.reason = revoked.revoked_at, revoked.revoked_by, revoked.reason

    @admin.action(description="Thu hồi các quyền đã chọn")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for grant in queryset.filter(revoked_at__isnull=True):
            services.revoke_role(grant=grant, by=request.user, reason="Thu hồi hàng loạt trên trang quản trị")
            count += 1
        self.message_user(request, f"Đã thu hồi {count} quyền.", messages.SUCCESS)

    actions = ("revoke_selected",)

    def get_urls(self) -> list[URLPattern]:
        custom = [path("ai-giu-quyen/", self.admin_site.admin_view(self.who_holds_what_view),
                       name="access_rolegrant_who")]
        return custom + super().get_urls()

    def who_holds_what_view(self, request: HttpRequest) -> HttpResponse:
        """Who holds which role where, on a date (default today)."""
        if not self.has_view_permission(request):

            raise DjangoPermissionDenied
        try:
            on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else timezone.localdate()
        except ValueError:
            on = timezone.localdate()
        rows = who_holds_what(on=on, province=request.GET.get("province") or None,
                              commune=request.GET.get("commune") or None,
                              role=request.GET.get("role") if request.GET.get("role") in set(Role) else None)
        context = {**self.admin_site.each_context(request), "title": "Ai giữ quyền gì", "rows": rows, "on": on,
                   "opts": self.model._meta, "roles": [(r.value, ROLE_LABELS[r]) for r in Role],
                   "params": request.GET}
        return TemplateResponse(request, "admin/access/who_holds_what.html", context)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GrantAudit)
class GrantAuditAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "by_label", "user", "role", "unit", "period", "reason")
    list_filter = ("action", "role", "at")
    search_fields = ("user__username", "by_label", "unit", "reason")
    list_select_related = ("user",)
    date_hierarchy = "at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "who", "dossier_code", "fields", "channel", "purpose", "client")
    list_filter = ("channel", "province_code", "at")
    search_fields = ("dossier_code", "who", "purpose")
    date_hierarchy = "at"


@admin.register(ThrottleCounter)
class ThrottleCounterAdmin(admin.ModelAdmin):
    """Counters of wrong sign-ins and look-ups (access/throttle.py), when they are kept in the
    database; deleting a row lifts that lock (`localgov access unlock` does it by account)."""

    list_display = ("name", "hits", "until")
    search_fields = ("name",)

    @admin.display(description="hết hạn lúc")
    def until(self, obj: ThrottleCounter) -> str:


        return f"{timezone.localtime(datetime.fromtimestamp(obj.expires_at / 1000, UTC)):%Y-%m-%d %H:%M:%S}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `access.tokens.issue_token` (shown once); here they are listed
    and revoked."""

    list_display = ("name", "user", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at")
    exclude = ("token_hash",)
    actions = ("revoke_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Thu hồi các mã truy cập đã chọn")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet) -> None:

        for token in queryset:
            revoke_token(token)
        self.message_user(request, "Đã thu hồi.", messages.SUCCESS)


class RoleGrantInline(admin.TabularInline):
    """The person's grants, read-only here (grant and revoke on the grant pages)."""

    model = RoleGrant
    fk_name = "user"
    fields = ("role", "province", "commune", "centre", "agency", "starts_on", "ends_on", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    """Django's user admin; a new account writes its GrantAudit line."""

    inlines = (RoleGrantInline,)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.record_user_created(obj, by=request.user, reason="Tạo trên trang quản trị")
