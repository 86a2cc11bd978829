"""The effective-dated history of each service centre (`centres/history.py` has the rules).
`units.ServiceCentre.status`/`opened_on`/`address` keep the status as of today, for the code
that reads them; the counts by date read this history (`centres/selectors.py`)."""

from __future__ import annotations

from django.db import models

from localgov.centres.history import KINDS


class CentreChange(models.Model):
    centre = models.ForeignKey("units.ServiceCentre", on_delete=models.PROTECT, related_name="changes")
    province_code = models.CharField("mã tỉnh", max_length=2)  # the centre's, for the access policy and counts
    commune_code = models.CharField("mã xã", max_length=5, blank=True, default="")  # the centre's commune
    kind = models.CharField("thay đổi", max_length=10, choices=list(KINDS.items()))
    effective_on = models.DateField("ngày hiệu lực")
    #: The day the next change takes effect (None: still in force) — the change is in force on
    #: [effective_on, until), so "operating on a day" is one range condition (selectors.count_operating).
    until = models.DateField("hết hiệu lực từ", null=True, blank=True)
    address = models.TextField("địa chỉ mới", blank=True)
    decision = models.CharField("văn bản, quyết định", max_length=200, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)
    recorded_by = models.CharField("người ghi", max_length=150)

    class Meta:
        verbose_name = "thay đổi trạng thái trung tâm"
        verbose_name_plural = "thay đổi trạng thái trung tâm"
        ordering = ["centre_id", "effective_on", "id"]
        indexes = [models.Index(fields=["province_code", "effective_on"], name="centres_change_pday")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.kind} {self.effective_on}"
