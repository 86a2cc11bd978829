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
