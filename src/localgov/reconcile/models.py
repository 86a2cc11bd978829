"""What was imported from the national portal's report export (docs/reconciliation.md).

* `NationalImport` — one accepted file: who, when, its digest, kind and the days it covers.
* `NationalCount` — the portal's counts per unit and day (kind "counts").
* `NationalDossier` — the portal's dossier list (kind "dossiers"): code, unit, day, state.

A later file replaces the earlier rows of the same unit-day (counts) or dossier code (list);
the import rows keep the history of what came in. Unit fields are the oversight facts' own
(`province_code`, `commune_code` = "" for a provincial-level unit), so the access policy's
"fact" resource filters them.
"""

from __future__ import annotations

from django.db import models


class NationalImport(models.Model):
    KINDS = [("counts", "Số liệu theo đơn vị, ngày"), ("dossiers", "Danh sách hồ sơ")]

    kind = models.CharField("loại", max_length=8, choices=KINDS)
    filename = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField("số dòng")
    first_day = models.DateField("từ ngày")
    last_day = models.DateField("đến ngày")
    imported_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)
    imported_by = models.CharField("người nhập", max_length=150)

    class Meta:
        verbose_name = "tệp nhập từ Cổng DVCQG"
        verbose_name_plural = "tệp nhập từ Cổng DVCQG"
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind}, {self.rows} dòng)"


class NationalCount(models.Model):
    source = models.ForeignKey(NationalImport, on_delete=models.PROTECT, related_name="counts")
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã", max_length=5, blank=True, default="")
    day = models.DateField("ngày")
    received = models.PositiveIntegerField("tiếp nhận (DVCQG)")
    processed = models.PositiveIntegerField("đã giải quyết (DVCQG)")

    class Meta:
        verbose_name = "số liệu DVCQG"
        verbose_name_plural = "số liệu DVCQG"
        constraints = [models.UniqueConstraint(fields=["province_code", "commune_code", "day"],
                                               name="reconcile_count_unit_day")]
        indexes = [models.Index(fields=["day"], name="reconcile_count_day")]

    def __str__(self) -> str:
        return f"{self.commune_code or self.province_code} {self.day}: {self.received}/{self.processed}"


class NationalDossier(models.Model):
    source = models.ForeignKey(NationalImport, on_delete=models.PROTECT, related_name="dossiers")
    code = models.CharField("mã hồ sơ", max_length=48, unique=True)
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã", max_length=5, blank=True, default="")
    day = models.DateField("ngày tiếp nhận")
    state = models.PositiveSmallIntegerField("trạng thái (DVCQG)")

    class Meta:
        verbose_name = "hồ sơ trên DVCQG"
        verbose_name_plural = "hồ sơ trên DVCQG"
        indexes = [models.Index(fields=["province_code", "day"], name="reconcile_dossier_pday")]

    def __str__(self) -> str:
        return self.code
