"""Leaver cases under Decree 178/2024 as amended by Decree 67/2025: the person, the decision, the
calculation snapshot (frozen once approved), funding and payments. Thin models: only
`payouts.services` writes them; `payouts.selectors` reads them through the access policy
(resource "payout_case", matched on province_code / commune_code)."""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    EARLY_RETIREMENT = "early_retirement", "Nghỉ hưu trước tuổi"
    QUIT = "quit", "Thôi việc"


class StaffType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "Cán bộ, công chức (Điều 9)"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức, người lao động (Điều 10)"


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã phê duyệt"
    CANCELLED = "cancelled", "Đã hủy"


class FundingSource(models.TextChoices):
    """Circular 07/2025/TT-BTC: who funds the payment."""

    CENTRAL = "central", "Ngân sách trung ương"
    LOCAL = "local", "Ngân sách địa phương"
    UNIT = "unit", "Nguồn thu của đơn vị sự nghiệp"
    OTHER = "other", "Nguồn khác"


class PaymentStatus(models.TextChoices):
    PLANNED = "planned", "Chờ chi"
    PAID = "paid", "Đã chi"
    FAILED = "failed", "Chi không thành công"


class PayoutCase(models.Model):
    # The workforce official (workforce.Official.code), linked later; no FK on purpose.
    official_ref = models.CharField("mã cán bộ", max_length=24, blank=True, db_index=True)
    full_name = models.CharField("họ và tên", max_length=120)
    sex = models.CharField("giới tính", max_length=1, choices=[("M", "Nam"), ("F", "Nữ")])
    birth_date = models.DateField("ngày sinh")
    province_code = models.CharField("mã tỉnh", max_length=2)
    commune_code = models.CharField("mã xã", max_length=5, blank=True)
    agency_name = models.CharField("cơ quan, đơn vị", max_length=255)
    position = models.CharField("chức vụ, chức danh", max_length=255, blank=True)
    category = models.CharField("chế độ", max_length=20, choices=Category.choices)
    staff_type = models.CharField("loại", max_length=20, choices=StaffType.choices, default=StaffType.CIVIL_SERVANT)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    restructuring_effective_date = models.DateField("ngày quyết định sắp xếp có hiệu lực")
    leaving_date = models.DateField("ngày nghỉ việc")
    #: The case.json mapping the calculation was made from.
    inputs = models.JSONField("dữ liệu tính")
    #: Calculation.as_dict() — frozen once the case is approved.
    calculation = models.JSONField("kết quả tính")
    eligible = models.BooleanField("đủ điều kiện", default=False)
    total_vnd = models.BigIntegerField("tổng tiền (đồng)", default=0)
    status = models.CharField("trạng thái", max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    approved_at = models.DateTimeField("ngày phê duyệt", null=True, blank=True)
    approved_by = models.CharField("người phê duyệt", max_length=150, blank=True)
    funding_source = models.CharField("nguồn kinh phí", max_length=12, choices=FundingSource.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province_code", "agency_name", "full_name"]
        verbose_name = "hồ sơ chính sách người nghỉ việc"
        verbose_name_plural = "hồ sơ chính sách người nghỉ việc"
        indexes = [
            models.Index(fields=["province_code", "agency_name"]),
            models.Index(fields=["province_code", "decision_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["official_ref", "decision_number"],
                condition=~models.Q(official_ref="") & ~models.Q(decision_number=""),
                name="payouts_case_official_decision",
            ),
            models.CheckConstraint(condition=models.Q(total_vnd__gte=0), name="payouts_case_total_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_category_display()}, {self.province_code})"

    @property
    def frozen(self) -> bool:
        return self.status == CaseStatus.APPROVED


class Payment(models.Model):
    case = models.ForeignKey(PayoutCase, on_delete=models.PROTECT, related_name="payments")
    # The shard key, copied from the case so payments partition with it.
    province_code = models.CharField("mã tỉnh", max_length=2)
    amount_vnd = models.BigIntegerField("số tiền (đồng)")
    paid_on = models.DateField("ngày chi", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PLANNED)
    reference = models.CharField("chứng từ", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = "khoản chi trả"
        verbose_name_plural = "khoản chi trả"
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_vnd__gt=0), name="payouts_payment_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False), name="payouts_payment_paid_on"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_vnd} đ ({self.get_status_display()})"
