"""Administrative units (two-tier since 1 Jul 2025), their legacy (pre-2025) predecessors, the
official old→new ward table, service centres and agencies.

Thin models: keys are the NSO (Tổng cục Thống kê) codes as zero-padded strings, because
`province_code` is the shard key everywhere. Rows are written only by `units.loading`
(`localgov load units`) from the installed `vietnam-provinces` package and `units/data/`.
"""

from __future__ import annotations

from django.db import models


class DivisionType(models.TextChoices):
    """Division types as spelled by the NSO code list (vietnam-provinces)."""

    PROVINCE = "tỉnh", "Tỉnh"
    CENTRAL_CITY = "thành phố trung ương", "Thành phố trực thuộc trung ương"
    COMMUNE = "xã", "Xã"
    WARD = "phường", "Phường"
    SPECIAL_ZONE = "đặc khu", "Đặc khu"


class Province(models.Model):
    code = models.CharField("mã", max_length=2, primary_key=True)
    name = models.CharField("tên", max_length=100)
    division_type = models.CharField("loại", max_length=30)
    codename = models.CharField("tên mã", max_length=100)
    area_km2 = models.DecimalField("diện tích (km²)", max_digits=10, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField("dân số", null=True, blank=True)
    source = models.TextField("nguồn", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.CharField("mã", max_length=5, primary_key=True)
    name = models.CharField("tên", max_length=100)
    division_type = models.CharField("loại", max_length=20)  # xã / phường / đặc khu
    codename = models.CharField("tên mã", max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["code"]
        verbose_name = "xã, phường, đặc khu"
        verbose_name_plural = "xã, phường, đặc khu"
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self) -> str:
        return self.name


class LegacyProvince(models.Model):
    """One of the 63 provinces before 1 Jul 2025."""

    code = models.CharField("mã", max_length=2, primary_key=True)
    name = models.CharField("tên", max_length=100)
    division_type = models.CharField("loại", max_length=30)
    codename = models.CharField("tên mã", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh cũ (trước 2025)"
        verbose_name_plural = "tỉnh cũ (trước 2025)"

    def __str__(self) -> str:
        return self.name


class LegacyDistrict(models.Model):
    """A district (huyện/quận/thị xã/thành phố thuộc tỉnh) before 1 Jul 2025."""

    code = models.CharField("mã", max_length=3, primary_key=True)
    name = models.CharField("tên", max_length=100)
    division_type = models.CharField("loại", max_length=30)
    codename = models.CharField("tên mã", max_length=100)
    province = models.ForeignKey(LegacyProvince, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["code"]
        verbose_name = "huyện cũ (trước 2025)"
        verbose_name_plural = "huyện cũ (trước 2025)"

    def __str__(self) -> str:
        return self.name


class LegacyWard(models.Model):
    """A commune/ward/township (xã/phường/thị trấn) before 1 Jul 2025."""

    code = models.CharField("mã", max_length=5, primary_key=True)
    name = models.CharField("tên", max_length=100)
    division_type = models.CharField("loại", max_length=30)
    codename = models.CharField("tên mã", max_length=100, blank=True)
    district = models.ForeignKey(LegacyDistrict, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["code"]
        verbose_name = "xã cũ (trước 2025)"
        verbose_name_plural = "xã cũ (trước 2025)"

    def __str__(self) -> str:
        return self.name


class WardMapping(models.Model):
    """One row of the NSO old→new ward conversion table (effective 1 Jul 2025).

    `is_split`: the old ward was only partly merged into this new commune, or maps to several
    new communes — an old address there does not determine the new commune by itself.
    """

    old_ward = models.ForeignKey(LegacyWard, on_delete=models.CASCADE, related_name="mappings")
    new_commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="legacy_mappings")
    is_split = models.BooleanField("bị chia tách", default=False)

    class Meta:
        ordering = ["old_ward", "new_commune"]
        verbose_name = "chuyển đổi xã cũ → mới"
        verbose_name_plural = "chuyển đổi xã cũ → mới"
        constraints = [
            models.UniqueConstraint(fields=["old_ward", "new_commune"], name="units_wardmapping_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.old_ward_id} → {self.new_commune_id}"


class CentreKind(models.TextChoices):
    PROVINCIAL_CENTRE = "provincial_centre", "Trung tâm Phục vụ hành chính công cấp tỉnh"
    PROVINCIAL_BRANCH = "provincial_branch", "Chi nhánh Trung tâm Phục vụ hành chính công cấp tỉnh"
    COMMUNE_CENTRE = "commune_centre", "Trung tâm Phục vụ hành chính công cấp xã"
    RECEPTION_POINT = "reception_point", "Điểm tiếp nhận"


class CentreStatus(models.TextChoices):
    OPERATING = "operating", "Đang hoạt động"
    PREPARING = "preparing", "Đang chuẩn bị"
    SUSPENDED = "suspended", "Tạm dừng hoạt động"
    CLOSED = "closed", "Đã đóng"


class ServiceCentre(models.Model):
    """A public administrative service centre (Trung tâm Phục vụ hành chính công, Decree 118 Art. 7)."""

    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=20, choices=CentreKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="service_centres")
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="service_centres"
    )
    status = models.CharField("trạng thái", max_length=12, choices=CentreStatus.choices)
    opened_on = models.DateField("ngày hoạt động", null=True, blank=True)
    address = models.TextField("địa chỉ", blank=True)
    #: True once the register of service centres (`centres`) holds this centre's history: its
    #: status on a date is then read from there (centres.selectors.count_operating).
    in_register = models.BooleanField("có lịch sử trong sổ theo dõi", default=False, db_default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "trung tâm phục vụ hành chính công"
        verbose_name_plural = "trung tâm phục vụ hành chính công"
        indexes = [models.Index(fields=["province", "kind"])]

    def __str__(self) -> str:
        return self.name


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"
    VERTICAL = "vertical", "Ngành dọc"


class Agency(models.Model):
    """An agency that receives or decides dossiers. `electronic_id` prefixes dossier codes
    (Decree 118 Art. 28); see units/data/agencies.csv for the (provisional) scheme.
    `centre` is the one-stop desk that receives dossiers on the agency's behalf."""

    electronic_id = models.CharField("mã định danh điện tử", max_length=32, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=32)
    level = models.CharField("cấp", max_length=10, choices=AgencyLevel.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="agencies")
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies"
    )
    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.SET_NULL, null=True, blank=True, related_name="agencies"
    )

    class Meta:
        ordering = ["electronic_id"]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        indexes = [models.Index(fields=["province", "kind"]), models.Index(fields=["commune", "kind"])]

    def __str__(self) -> str:
        return self.name
