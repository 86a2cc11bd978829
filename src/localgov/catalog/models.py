"""Administrative procedures (TTHC) and interconnected bundles (liên thông).

Thin models: the shipped data in `data/` is the source of truth, written only by
`services.load_catalog`; reads go through `selectors`. Every deadline keeps its legal basis.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

from localgov.catalog.schema import HOURS_PER_DAY, budget_hours


class Level(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    PROVINCE = "province", "Cấp tỉnh"
    VERTICAL = "vertical", "Cơ quan ngành dọc"


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "Ngày làm việc"
    WORKING_HOURS = "working_hours", "Giờ làm việc"


def deadline_text(value: Decimal, unit: str) -> str:
    """A procedure's deadline for people: "8 ngày làm việc", "4 giờ làm việc", "Trong ngày" (value 0),
    "0,5 ngày làm việc" (the Vietnamese decimal comma). Pages and the command line both use it."""
    value = Decimal(value)
    n = f"{value.normalize():f}".replace(".", ",") if value != int(value) else str(int(value))
    if unit == DeadlineUnit.WORKING_HOURS:
        return _("%(n)s giờ làm việc") % {"n": n}
    if value == 0:
        return _("Trong ngày")
    return _("%(n)s ngày làm việc") % {"n": n}


class SupplementClock(models.TextChoices):
    # Decree 118/2025 Art. 19(5): the period restarts from zero once the complete dossier arrives.
    RESTART = "restart", "Tính lại từ đầu (NĐ 118/2025 Đ19(5))"
    PAUSE = "pause", "Tạm dừng, tính tiếp (theo luật chuyên ngành)"


class OnlineLevel(models.TextChoices):
    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Không"


class BoundaryScope(models.TextChoices):
    PROVINCE = "province", "Phi địa giới trong tỉnh"
    NATION = "nation", "Phi địa giới toàn quốc"
    NONE = "none", "Không"


class ResultType(models.TextChoices):
    PAPER = "paper", "Bản giấy"
    ELECTRONIC = "electronic", "Điện tử"
    BOTH = "both", "Giấy và điện tử"


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter_officer", "Cán bộ tiếp nhận"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    APPROVER = "approver", "Lãnh đạo phê duyệt"


class Field(models.Model):
    """Lĩnh vực: hộ tịch, cư trú, đất đai, ..."""

    slug = models.SlugField(primary_key=True, max_length=40)
    name_vi = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name_vi


class Procedure(models.Model):
    code = models.CharField(max_length=40, unique=True, help_text="Mã TTHC quốc gia, ví dụ 1.001193")
    name = models.CharField(max_length=500)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(max_length=16, choices=Level.choices)
    competent_agency_kind = models.CharField(max_length=40)
    deadline_value = models.DecimalField(max_digits=8, decimal_places=2)
    deadline_unit = models.CharField(max_length=16, choices=DeadlineUnit.choices)
    deadline_basis = models.TextField()
    deadline_variants = models.JSONField(default=list, blank=True)
    supplement_clock = models.CharField(
        max_length=8, choices=SupplementClock.choices, default=SupplementClock.RESTART
    )
    clock_stops = models.JSONField(default=list, blank=True)
    fee_vnd = models.BigIntegerField(null=True, blank=True)
    fee_text = models.TextField()
    documents = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    online_level = models.CharField(max_length=8, choices=OnlineLevel.choices)
    # "yes" / "no" / "" (not known): full-process (toàn trình) eligibility per the national database.
    full_process = models.CharField(max_length=3, blank=True, default="", db_default="")
    online_level_source = models.TextField(blank=True, default="", db_default="")
    # "yes" / "no" / "" (the record does not say): a fee or charge applies (from `fee_text`).
    fee_bearing = models.CharField(max_length=3, blank=True, default="", db_default="")
    boundary_scope = models.CharField(max_length=8, choices=BoundaryScope.choices)
    result_name = models.TextField()
    result_type = models.CharField(max_length=12, choices=ResultType.choices)
    legal_basis = models.TextField()
    source = models.TextField()
    verified = models.BooleanField(default=True)
    unverified_notes = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    steps_source = models.CharField(max_length=12, default="derived")
    active = models.BooleanField(default=True)
    search_text = models.TextField(blank=True, help_text="Chữ thường, bỏ dấu: tên, mã, từ khóa")
    data_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["field", "level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_same_day(self) -> bool:
        """ "Trong ngày": the result is due the working day the complete dossier is received."""
        return self.deadline_unit == DeadlineUnit.WORKING_DAYS and self.deadline_value == 0

    def deadline_hours(self) -> Decimal:
        """The legal deadline in working hours (8 per working day); 0 for "trong ngày"."""
        if self.deadline_unit == DeadlineUnit.WORKING_HOURS:
            return Decimal(self.deadline_value)
        return Decimal(self.deadline_value) * HOURS_PER_DAY

    def step_budget_hours(self) -> Decimal:
        """Hours the internal steps share (one working day for "trong ngày")."""
        return budget_hours(self.deadline_value, self.deadline_unit)


class ProcedureStep(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=500)
    role = models.CharField(max_length=20, choices=Role.choices)
    agency_kind = models.CharField(max_length=40)
    allotment_hours = models.DecimalField(max_digits=7, decimal_places=2)
    clock_stopped = models.BooleanField(default=False, help_text="Bước không tính vào thời hạn")

    class Meta:
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="catalog_step_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} #{self.order} {self.name}"


class Bundle(models.Model):
    """Nhóm thủ tục liên thông (e.g. Decree 63/2024 groups), one row per variant."""

    code = models.CharField(max_length=40, unique=True)
    group_code = models.CharField(max_length=40, blank=True)
    variant = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=500)
    legal_basis = models.TextField()
    source = models.TextField()
    local_codes = models.JSONField(default=list, blank=True)
    total_deadline_value = models.DecimalField(max_digits=8, decimal_places=2)
    total_deadline_unit = models.CharField(max_length=16, choices=DeadlineUnit.choices)
    total_deadline_basis = models.TextField()
    appointments = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    verified = models.BooleanField(default=True)
    unverified_notes = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    data_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BundleMember(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="bundle_memberships")
    order = models.PositiveSmallIntegerField()
    parallel_group = models.PositiveSmallIntegerField(
        help_text="Cùng nhóm = xử lý song song; nhóm sau chờ nhóm trước"
    )
    agency_kind = models.CharField(max_length=40)
    sub_deadline_value = models.DecimalField(max_digits=8, decimal_places=2)
    sub_deadline_unit = models.CharField(max_length=16, choices=DeadlineUnit.choices)
    stops_clock = models.BooleanField(
        default=False, help_text="Thời gian của bước này không tính vào thời hạn"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["bundle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "order"], name="catalog_member_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bundle.code} #{self.order} {self.procedure.code}"
