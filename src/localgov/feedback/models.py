"""Complaints and feedback (phản ánh, kiến nghị) and trips to the office. Written only by
`feedback/services.py`, read by `feedback/selectors.py` (docs/feedback.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from localgov.feedback.lifecycle import KIND_LABELS, STATUS_LABELS, Kind, Status


class Channel(models.TextChoices):
    PORTAL = "portal", "Cổng dịch vụ công"
    CENTRE = "centre", "Tại Bộ phận Một cửa"


class Complaint(models.Model):
    code = models.CharField("mã phản ánh", max_length=32, unique=True)
    secret_hash = models.CharField(max_length=128)
    kind = models.CharField("loại", max_length=12, choices=[(k.value, KIND_LABELS[k]) for k in Kind])
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    status = models.CharField("trạng thái", max_length=16,
                              choices=[(s.value, STATUS_LABELS[s]) for s in Status], default=Status.RECEIVED)
    # The responsible unit (routing: docs/feedback.md, "Routing"). The same fields as a dossier's,
    # so the access policy matches complaints the way it matches dossiers.
    province_code = models.CharField(max_length=2, db_index=True)
    commune_code = models.CharField(max_length=5, null=True, blank=True, db_index=True)  # noqa: DJ001
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    centre = models.ForeignKey("units.ServiceCentre", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="complaints")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    # The person (personal data: shown to the unit handling it only, never published).
    filer_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    name = models.CharField("họ tên", max_length=200)
    phone = models.CharField("điện thoại", max_length=15, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    title = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    # What the office publishes: its own summary of the question, and the answer.
    public_summary = models.TextField("tóm tắt công khai", blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    refusal_reason = models.TextField(blank=True)
    info_request = models.TextField(blank=True)
    info_reply = models.TextField(blank=True)

    received_at = models.DateTimeField("thời điểm tiếp nhận")
    started_at = models.DateTimeField("bắt đầu lượt xử lý")  # receipt, or the last re-opening
    refused_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    info_received_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField("hạn xử lý", null=True, blank=True, db_index=True)
    answer_due_at = models.DateTimeField(null=True, blank=True)
    #: A step of some round was done after its limit (indicator 5.2); an open complaint past
    #: its due time is late as well (selectors.late_q).
    late = models.BooleanField(default=False)
    reopened = models.PositiveSmallIntegerField("số lần đề nghị xem xét lại", default=0)
    rating = models.CharField(max_length=12, blank=True)  # satisfied | unsatisfied
    rated_at = models.DateTimeField(null=True, blank=True)
    calendar_version = models.CharField(max_length=32, blank=True)
    simulated = models.BooleanField(default=False)  # written by the simulation (simulate.runner.reset removes)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["province_code", "received_at"]),
                   models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return self.code

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[Kind(self.kind)]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]


class ComplaintEvent(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    at = models.DateTimeField()
    actor_label = models.CharField(max_length=150)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class TripPurpose(models.TextChoices):
    FILE = "file", "Nộp hồ sơ"
    SUPPLEMENT = "supplement", "Bổ sung hồ sơ"
    COLLECT = "collect", "Nhận kết quả"
    ASK = "ask", "Hỏi, tra cứu"


class Trip(models.Model):
    """One time the applicant came to a desk for a dossier (docs/feedback.md, "Trips"). Online
    filing and online return are no trip: nothing is recorded for them."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="trips")
    purpose = models.CharField("mục đích", max_length=12, choices=TripPurpose.choices)
    at = models.DateTimeField()
    centre = models.ForeignKey("units.ServiceCentre", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    # Copied from the dossier for the counts by unit and procedure.
    province_code = models.CharField(max_length=2)
    commune_code = models.CharField(max_length=5, null=True, blank=True)  # noqa: DJ001
    recorded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.at:%Y-%m-%d %H:%M}"
