"""Role grants: a person holds a role in a unit for a period. Temporary grants expire by
themselves (ends_on); revocation keeps the row (revoked_at) so history stays auditable."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from localgov.access.roles import ROLE_LABELS, Role


class RoleGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("vai trò", max_length=24, choices=[(r.value, ROLE_LABELS[r]) for r in Role])
    province = models.ForeignKey("units.Province", on_delete=models.PROTECT, null=True, blank=True)
    commune = models.ForeignKey("units.Commune", on_delete=models.PROTECT, null=True, blank=True)
    centre = models.ForeignKey("units.ServiceCentre", on_delete=models.PROTECT, null=True, blank=True)
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, null=True, blank=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        where = self.commune_id or self.centre_id or self.agency_id or self.province_id or "toàn quốc"
        return f"{self.user} · {ROLE_LABELS.get(Role(self.role), self.role)} · {where}"


class ApiToken(models.Model):
    """A revocable token for another agency's system, with scopes. Only a hash is stored;
    the token is shown once when created (`access.services.issue_token`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("tên hệ thống", max_length=200)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows are append-only: bulk update/delete through the ORM are refused (a
    database trigger refuses them too, migration 0003)."""

    def update(self, **kwargs: object) -> int:
        raise PermissionError("Audit records are append-only and cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit records are append-only and cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Audit records are append-only and cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit records are append-only and cannot be deleted.")


class GrantAudit(AppendOnlyModel):
    """One line per account or grant change: who did what to whom, when and why.
    Written only by `access.services` (create_user, grant_role, revoke_role)."""

    class Action(models.TextChoices):
        CREATE_USER = "create_user", "Tạo tài khoản"
        GRANT = "grant", "Cấp quyền"
        REVOKE = "revoke", "Thu hồi quyền"

    at = models.DateTimeField("thời điểm", db_index=True)
    action = models.CharField("thao tác", max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người thực hiện",
    )
    by_label = models.CharField("người thực hiện", max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="tài khoản"
    )
    grant = models.ForeignKey(RoleGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="audit")
    role = models.CharField("vai trò", max_length=24, blank=True)
    unit = models.CharField("đơn vị", max_length=120, blank=True)
    period = models.CharField("thời hạn", max_length=40, blank=True)
    reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "nhật ký phân quyền"
        verbose_name_plural = "nhật ký phân quyền"
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_label} {self.get_action_display()} {self.user_id}"


class PersonalDataAccess(AppendOnlyModel):
    """Every full view or export of a citizen's personal data (Decree 13/2023): who, what,
    when, why. Written by `access.audit.record_personal_data_access`."""

    at = models.DateTimeField("thời điểm", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người xem",
    )
    who = models.CharField("người xem", max_length=150)
    roles = models.JSONField("vai trò", default=list, blank=True)
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="+")
    dossier_code = models.CharField("mã hồ sơ", max_length=48, db_index=True)
    province_code = models.CharField(max_length=2)
    fields = models.JSONField("dữ liệu", default=list)
    channel = models.CharField("kênh", max_length=12)  # api, web, export
    purpose = models.CharField("mục đích", max_length=300)
    client = models.CharField("địa chỉ máy", max_length=64, blank=True)

    class Meta:
        verbose_name = "truy cập dữ liệu cá nhân"
        verbose_name_plural = "truy cập dữ liệu cá nhân"
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who} {self.dossier_code}"


class ThrottleCounter(models.Model):
    """An expiring counter of failed attempts (sign-ins, applicant look-ups), shared by every
    worker and server: `name` says what is counted (e.g. `login:p:<username>:<client>`), `hits`
    how many within the window, which ends at `expires_at` (epoch milliseconds). Written only
    through access/counters.py (one atomic upsert); used when LOCALGOV_THROTTLE_STORE=database."""

    name = models.CharField(max_length=255, primary_key=True)
    hits = models.PositiveIntegerField()
    expires_at = models.BigIntegerField()

    class Meta:
        verbose_name = "bộ đếm lần thử sai"
        verbose_name_plural = "bộ đếm lần thử sai"
        indexes = [models.Index(fields=["expires_at"], name="access_throttle_expires")]

    def __str__(self) -> str:
        return f"{self.name}: {self.hits}"


class ExternalIdentity(models.Model):
    """A person verified by an external identity provider (e.g. the national VNeID), linked
    to a local account (access/identity.py)."""

    provider = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    linked_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "định danh bên ngoài"
        verbose_name_plural = "định danh bên ngoài"
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="access_external_identity_unique")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
