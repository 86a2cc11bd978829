"""Officials of the commune governments, their effective-dated history, and rebalancing plans.

Thin models; only `workforce.services` writes them. `Official` is the person (stable facts);
everything that changes — unit, department, job position, category, field, competences, skills,
status — lives in `OfficialRecord` rows with `valid_from`/`valid_to` (the latter exclusive).
A change closes the open row and opens a new one: nothing is overwritten, and
`selectors.records_as_of(day)` answers "who was where on that day".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Category(models.TextChoices):
    CADRE = "can_bo", "Cán bộ"
    CIVIL_SERVANT = "cong_chuc", "Công chức"
    PUBLIC_EMPLOYEE = "vien_chuc", "Viên chức"
    CONTRACT = "hop_dong", "Hợp đồng lao động"


class OfficialStatus(models.TextChoices):
    ACTIVE = "active", "Đang công tác"
    SECONDED = "seconded", "Biệt phái đến"
    LEFT = "left", "Đã nghỉ việc"


class Department(models.TextChoices):
    LEADERSHIP = "leadership", "Lãnh đạo HĐND, UBND"
    COUNCIL = "council", "Các Ban của HĐND"
    OFFICE = "office", "Văn phòng HĐND và UBND"
    ECONOMIC = "economic", "Phòng Kinh tế (Kinh tế, Hạ tầng và Đô thị)"
    CULTURE_SOCIAL = "culture_social", "Phòng Văn hóa - Xã hội"
    CENTRE = "centre", "Trung tâm Phục vụ hành chính công"
    PROVINCE = "province", "Cơ quan cấp tỉnh"


#: The five capacity areas (data/norms.json `capacity.areas`); the columns of OfficialRecord.
SKILL_AREAS = ("management", "legal", "professional", "digital", "development")


class Official(models.Model):
    code = models.CharField("mã cán bộ", max_length=24, unique=True)
    full_name = models.CharField("họ và tên", max_length=120)
    # Optional; personal data (Decree 13/2023): shown masked in lists and exports.
    citizen_id = models.CharField("số định danh cá nhân", max_length=12, null=True, blank=True)  # noqa: DJ001
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="official"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=Q(citizen_id__isnull=False), name="workforce_official_citizen_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"


class OfficialRecord(models.Model):
    """One period of an official's working life; `valid_to` is exclusive, NULL = still open."""

    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="records")
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến (không gồm)", null=True, blank=True)
    province_code = models.CharField("mã tỉnh", max_length=2)
    # NULL = a provincial agency, not a commune (DJ001 intended).
    commune_code = models.CharField("mã xã", max_length=5, null=True, blank=True)  # noqa: DJ001
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    department = models.CharField("phòng, bộ phận", max_length=20, choices=Department.choices)
    position = models.CharField("vị trí việc làm", max_length=40)
    position_title = models.CharField("chức danh", max_length=200, blank=True)
    category = models.CharField("loại", max_length=12, choices=Category.choices)
    field = models.CharField("lĩnh vực công tác", max_length=24)
    competences = models.JSONField("lĩnh vực có chuyên môn", default=list)
    skill_management = models.PositiveSmallIntegerField("quản lý", default=2)
    skill_legal = models.PositiveSmallIntegerField("pháp luật", default=2)
    skill_professional = models.PositiveSmallIntegerField("chuyên môn", default=2)
    skill_digital = models.PositiveSmallIntegerField("kỹ năng số", default=2)
    skill_development = models.PositiveSmallIntegerField("tư duy phát triển", default=2)
    status = models.CharField("trạng thái", max_length=10, choices=OfficialStatus.choices)
    status_reason = models.TextField("lý do (nghỉ việc, biệt phái)", blank=True)
    seconded_from = models.CharField("biệt phái từ", max_length=200, blank=True)
    change_reason = models.CharField("lý do thay đổi", max_length=200, blank=True)
    source = models.CharField("nguồn", max_length=40, blank=True)
    recorded_by = models.CharField("người ghi", max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["official", "valid_from"]
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        constraints = [
            models.UniqueConstraint(
                fields=["official"], condition=Q(valid_to__isnull=True), name="workforce_record_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")), name="workforce_record_period"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"skill_{a}__gte": 1, f"skill_{a}__lte": 4}), name=f"workforce_skill_{a}_1_4"
                )
                for a in SKILL_AREAS
            ],
        ]
        indexes = [
            models.Index(fields=["commune_code", "valid_to"]),
            models.Index(fields=["province_code", "field", "valid_to"]),
            models.Index(fields=["official", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.official_id} {self.valid_from}→{self.valid_to or '…'} {self.commune_code}/{self.field}"

    def skills(self) -> dict[str, int]:
        return {a: getattr(self, f"skill_{a}") for a in SKILL_AREAS}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã phê duyệt"
    REJECTED = "rejected", "Không phê duyệt"


class RebalancePlan(models.Model):
    """A proposed set of transfers in one province; effective only once an HR officer approves it."""

    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    as_of = models.DateField("số liệu ngày")
    status = models.CharField("trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    needed = models.PositiveIntegerField("cần bổ sung", default=0)
    filled = models.PositiveIntegerField("đáp ứng", default=0)
    total_cost = models.PositiveIntegerField("tổng chi phí", default=0)
    solver = models.CharField(max_length=20, blank=True)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField("người lập", max_length=150, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by_label = models.CharField("người phê duyệt", max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField("hiệu lực từ", null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "phương án điều chuyển"
        verbose_name_plural = "phương án điều chuyển"

    def __str__(self) -> str:
        return f"#{self.pk} {self.province_code} {self.as_of} ({self.status})"

    #: The access policy matches "official" rows by province_code / commune_code.
    commune_code = None


class PlanTransfer(models.Model):
    plan = models.ForeignKey(RebalancePlan, on_delete=models.CASCADE, related_name="transfers")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="+")
    province_code = models.CharField(max_length=2)
    from_commune_code = models.CharField("từ xã", max_length=5)
    from_field = models.CharField("từ lĩnh vực", max_length=24)
    to_commune_code = models.CharField("đến xã", max_length=5)
    to_field = models.CharField("đến lĩnh vực", max_length=24)
    distance = models.PositiveSmallIntegerField("khoảng cách (0-3)")
    cost = models.PositiveIntegerField("chi phí")

    class Meta:
        ordering = ["plan", "to_commune_code", "to_field", "official"]
        verbose_name = "điều chuyển"
        verbose_name_plural = "điều chuyển"
        constraints = [models.UniqueConstraint(fields=["plan", "official"], name="workforce_transfer_once")]

    def __str__(self) -> str:
        return (f"{self.official_id}: {self.from_commune_code}/{self.from_field} → "
                f"{self.to_commune_code}/{self.to_field}")
