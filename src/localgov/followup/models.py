"""Follow-up records. Thin models: only `followup.services` writes them, `followup.selectors`
reads them through the access policy (resources guidance_doc, problem, commitment, premise).
Every change is one `FollowupEvent` row (who, when, what), append-only."""

from __future__ import annotations

from django.db import models

from localgov.followup import rules as r


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(k.value, v) for k, v in labels.items()]


class GuidanceDoc(models.Model):
    """A guidance document owed (văn bản hướng dẫn) by a ministry."""

    title = models.CharField("tên văn bản", max_length=500)
    legal_basis = models.CharField("căn cứ giao (luật, nghị định, điều)", max_length=500)
    ministry = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="bộ, ngành chủ trì")
    responsible_unit = models.CharField("đơn vị chủ trì soạn thảo", max_length=255, blank=True)
    responsible_person = models.CharField("người phụ trách", max_length=150, blank=True)
    field_code = models.CharField("lĩnh vực", max_length=40)
    blocked = models.TextField("thủ tục, nhiệm vụ bị vướng", blank=True)
    due_date = models.DateField("hạn theo căn cứ")
    committed_date = models.DateField("ngày cam kết ban hành", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=16, choices=_choices(r.DOC_STATUS_LABELS),
                              default=r.DocStatus.NOT_STARTED)
    issued_number = models.CharField("số hiệu văn bản", max_length=64, blank=True)
    issued_date = models.DateField("ngày ban hành", null=True, blank=True)
    issued_link = models.URLField("đường dẫn", max_length=500, blank=True)
    late_cause = models.TextField("nguyên nhân chậm", blank=True)
    example = models.BooleanField("dữ liệu minh họa", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "văn bản hướng dẫn"
        verbose_name_plural = "văn bản hướng dẫn"
        indexes = [models.Index(fields=["ministry", "status"]), models.Index(fields=["field_code", "status"]),
                   models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    """A problem or proposal raised by a province or a commune (vướng mắc, kiến nghị)."""

    title = models.CharField("tiêu đề", max_length=500)
    content = models.TextField("nội dung")
    field_code = models.CharField("lĩnh vực", max_length=40)
    procedure = models.CharField("thủ tục, nhiệm vụ liên quan", max_length=255, blank=True)
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã (trống: tỉnh nêu)", max_length=5, blank=True)
    routed_to = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="bộ, ngành, sở trả lời")
    status = models.CharField("trạng thái", max_length=16, choices=_choices(r.PROBLEM_STATUS_LABELS),
                              default=r.ProblemStatus.RAISED)
    raised_on = models.DateField("ngày gửi")
    response_due = models.DateField("hạn trả lời")
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    closed_on = models.DateField("ngày đóng", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("số lần mở lại", default=0)
    waiting_for = models.ForeignKey(GuidanceDoc, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="waiting_problems", verbose_name="chờ văn bản hướng dẫn")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-raised_on", "pk"]
        verbose_name = "vướng mắc, kiến nghị"
        verbose_name_plural = "vướng mắc, kiến nghị"
        indexes = [models.Index(fields=["province_code", "status"]), models.Index(fields=["routed_to", "status"]),
                   models.Index(fields=["status", "response_due"])]

    def __str__(self) -> str:
        return self.title


class Premise(models.Model):
    """A surplus premise or public asset after the merger (trụ sở, tài sản công dôi dư)."""

    name = models.CharField("tên cơ sở", max_length=255)
    former_unit = models.CharField("đơn vị sử dụng trước sắp xếp", max_length=255)
    address = models.CharField("địa chỉ", max_length=500)
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã hiện nay", max_length=5)
    land_area_m2 = models.DecimalField("diện tích đất (m²)", max_digits=12, decimal_places=1)
    floor_area_m2 = models.DecimalField("diện tích sàn (m²)", max_digits=12, decimal_places=1, default=0)
    kind = models.CharField("loại", max_length=40)
    state = models.CharField("hiện trạng", max_length=255, blank=True)
    status = models.CharField("tình trạng xử lý", max_length=16, choices=_choices(r.PREMISE_STATUS_LABELS),
                              default=r.PremiseStatus.IDLE)
    planned_use = models.CharField("phương án sử dụng", max_length=20, choices=_choices(r.PREMISE_USE_LABELS),
                                   blank=True)
    lower_use_reason = models.TextField("lý do không bố trí mục đích ưu tiên", blank=True)
    decision_number = models.CharField("số quyết định phê duyệt", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province_code", "commune_code", "name"]
        verbose_name = "trụ sở, tài sản công dôi dư"
        verbose_name_plural = "trụ sở, tài sản công dôi dư"
        indexes = [models.Index(fields=["province_code", "status"])]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A directive or commitment (nhiệm vụ được giao) from a meeting's conclusion or a dispatch."""

    title = models.CharField("nội dung nhiệm vụ", max_length=500)
    source = models.CharField("văn bản giao (kết luận, công văn)", max_length=255)
    source_number = models.CharField("số văn bản", max_length=64)
    source_date = models.DateField("ngày văn bản")
    responsible_agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name="bộ, ngành chủ trì")
    province_code = models.CharField("tỉnh chủ trì", max_length=2, blank=True)
    commune_code = models.CharField("xã chủ trì", max_length=5, blank=True)
    coordinating = models.TextField("đơn vị phối hợp", blank=True)
    deadline = models.DateField("thời hạn")
    progress_pct = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    progress_note = models.TextField("báo cáo tiến độ gần nhất", blank=True)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    guidance = models.ForeignKey(GuidanceDoc, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name="văn bản hướng dẫn")
    problem = models.ForeignKey(Problem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="kiến nghị")
    premise = models.ForeignKey(Premise, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="trụ sở")
    payment_deadline = models.CharField("hạn chi trả", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "nhiệm vụ, cam kết"
        verbose_name_plural = "nhiệm vụ, cam kết"
        indexes = [models.Index(fields=["deadline", "done_on"]), models.Index(fields=["province_code"])]
        constraints = [models.CheckConstraint(condition=models.Q(progress_pct__lte=100),
                                              name="followup_commitment_pct")]

    def __str__(self) -> str:
        return self.title


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("Follow-up history is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Follow-up history is append-only.")


class FollowupEvent(models.Model):
    """One change to a follow-up record: who, when, what (append-only)."""

    kind = models.CharField("loại", max_length=16)  # guidance_doc | problem | commitment | premise
    object_id = models.BigIntegerField()
    at = models.DateTimeField("thời điểm")
    by_label = models.CharField("người thực hiện", max_length=150)
    action = models.CharField("thao tác", max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField("ghi chú", blank=True)
    changes = models.JSONField("thay đổi", default=dict)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "lịch sử theo dõi"
        verbose_name_plural = "lịch sử theo dõi"
        indexes = [models.Index(fields=["kind", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} · {self.action} · {self.by_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Follow-up history is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Follow-up history is append-only.")
