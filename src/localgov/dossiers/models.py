"""Dossiers (hồ sơ TTHC), their documents and their append-only event chain.

Only `dossiers/services.py` writes these. `province_code` (the competent province) is the
shard key and sits in every table (docs/adr/0003-province-code-shard-key.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from localgov.access.roles import Phase
from localgov.dossiers.workflow import STATE_LABELS, Channel, ReturnMethod, State, phase_of


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=48, unique=True)
    # Indexed through (province_code, state) below; a second single-column index (and its LIKE
    # twin) would only cost every write.
    province_code = models.CharField("mã tỉnh (thẩm quyền)", max_length=2)
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.PROTECT, related_name="dossiers")
    bundle = models.ForeignKey("catalog.Bundle", on_delete=models.PROTECT, null=True, blank=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    bundle_order = models.PositiveSmallIntegerField(null=True, blank=True)

    state = models.PositiveSmallIntegerField(
        "trạng thái", choices=[(int(s), STATE_LABELS[s]) for s in State], db_index=True
    )
    channel = models.PositiveSmallIntegerField("kênh", choices=[(int(c), c.label) for c in Channel])

    # Where it came in, who decides, where the result goes: three separate things
    # (Decree 118 Art. 3(6)-(7), Art. 20, Art. 22(3)).
    received_centre = models.ForeignKey(  # indexed through (received_centre, state)
        "units.ServiceCentre", on_delete=models.PROTECT, null=True, blank=True, related_name="received_dossiers",
        db_index=False,
    )
    received_province_code = models.CharField(max_length=2, blank=True, default="")
    # NULL = received at a provincial centre / online, not at a commune (DJ001 intended).
    received_commune_code = models.CharField(max_length=5, null=True, blank=True)  # noqa: DJ001
    competent_agency = models.ForeignKey(  # indexed through (competent_agency, state)
        "units.Agency", on_delete=models.PROTECT, related_name="dossiers", db_index=False
    )
    competent_commune_code = models.CharField(max_length=5, null=True, blank=True)  # noqa: DJ001
    return_method = models.CharField(max_length=8, choices=[(m.value, m.value) for m in ReturnMethod])
    return_centre = models.ForeignKey(
        "units.ServiceCentre", on_delete=models.PROTECT, null=True, blank=True, related_name="returned_dossiers"
    )
    return_address = models.TextField(blank=True)

    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="dossiers"
    )
    applicant_name = models.CharField("họ tên", max_length=200)
    applicant_id_number = models.CharField("số định danh cá nhân", max_length=12)
    applicant_phone = models.CharField("điện thoại", max_length=15, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    applicant_address = models.TextField("địa chỉ", blank=True)
    #: Hash of the secret printed on the receipt (applicant access without an account).
    secret_hash = models.CharField(max_length=128)
    form_data = models.JSONField(default=dict, blank=True)

    # --- clocks (dossiers/clock.py) ------------------------------------------------------
    submitted_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    clock_started_at = models.DateTimeField(null=True, blank=True)
    first_due_at = models.DateTimeField("hẹn trả (Mẫu 01)", null=True, blank=True)
    due_at = models.DateTimeField("hạn xử lý", null=True, blank=True, db_index=True)
    extended_due_at = models.DateTimeField("hẹn lại (Mẫu 04)", null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(default=0)
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.FloatField(default=0)
    calendar_version = models.CharField(max_length=32, blank=True)

    supplement_requests = models.PositiveSmallIntegerField(default=0)
    supplement_requests_after_acceptance = models.PositiveSmallIntegerField(default=0)
    supplement_stage = models.CharField(max_length=12, blank=True)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    supplement_seconds = models.FloatField("thời gian bổ sung (giây)", default=0)
    supplement_missing = models.JSONField(default=list, blank=True)
    repeat_supplement = models.BooleanField("yêu cầu bổ sung quá 1 lần", default=False)
    payment_requested_at = models.DateTimeField(null=True, blank=True)
    payment_amount_vnd = models.BigIntegerField(null=True, blank=True)
    paid_online = models.BooleanField(default=False)

    current_step = models.PositiveSmallIntegerField(default=0)
    assignee = models.ForeignKey(  # indexed through (assignee, state)
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_dossiers",
        db_index=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField("kết quả đúng hạn", max_length=8, blank=True)
    outcome_766 = models.CharField("đúng hạn (766)", max_length=8, blank=True)
    result_summary = models.TextField(blank=True)
    result_electronic = models.BooleanField(default=False)
    # Decision 766/QĐ-TTg group 4 (số hóa hồ sơ; docs/domain/decision-766.md §2, indicators 4.1–4.5),
    # recorded by the officer who issues the result (transitions._decide):
    result_signed = models.BooleanField("kết quả điện tử đã ký số", default=False, db_default=False)
    inputs_digitised = models.BooleanField("thành phần hồ sơ đã số hóa", default=False, db_default=False)
    data_reused = models.BooleanField("tái sử dụng dữ liệu số hóa / CSDL dân cư", default=False, db_default=False)
    identity_verified = models.BooleanField("xác thực định danh điện tử (VNeID)", default=False, db_default=False)
    refusal_reason = models.TextField(blank=True)
    stop_reason = models.TextField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)

    idempotency_key = models.CharField(max_length=128, null=True, blank=True, unique=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)

    version = models.PositiveIntegerField(default=1)
    event_count = models.PositiveIntegerField(default=0)
    last_event_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["province_code", "state"]),
            models.Index(fields=["competent_commune_code", "state", "due_at"]),
            models.Index(fields=["received_commune_code", "state"]),
            models.Index(fields=["received_centre", "state"]),
            models.Index(fields=["competent_agency", "state"]),
            models.Index(fields=["assignee", "state"]),
            models.Index(fields=["submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def effective_due_at(self) -> Any:
        return self.extended_due_at or self.due_at

    @property
    def phase(self) -> Phase:
        """Where it stands, for the unit an action is judged against (access.policy.can_act)."""
        return phase_of(self.state, accepted=self.accepted_at is not None)

    @property
    def returns_at_centre(self) -> bool:
        """The applicant chose to take the result at a centre (access.policy.holds, Unit.RETURN)."""
        return self.return_method == ReturnMethod.CENTRE


class EventQuerySet(models.QuerySet):
    """Events are append-only: bulk update/delete through the ORM are refused."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Dossier events are append-only and cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Dossier events are append-only and cannot be deleted.")


class DossierEvent(models.Model):
    """One transition. Carries the hash of the dossier's previous event (hash chain), so
    editing or removing any event breaks the chain (`localgov audit verify`). A database
    trigger on PostgreSQL and SQLite also refuses UPDATE and DELETE (migration 0002)."""

    # No index of its own: the unique (dossier, seq) constraint's index serves every lookup by
    # dossier, and a second index cost every event insert (dossiers migration 0004).
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events", db_index=False)
    province_code = models.CharField(max_length=2)
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=24)
    from_state = models.PositiveSmallIntegerField(null=True, blank=True)
    to_state = models.PositiveSmallIntegerField()
    #: None: the system itself (SYSTEM: automatic closures, the simulation). Indexed only where set
    #: (Meta.indexes): every lookup is by a given user; system events would only cost index writes.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              db_index=False)
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects: ClassVar[models.Manager] = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "sự kiện hồ sơ"
        verbose_name_plural = "sự kiện hồ sơ"
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")]
        indexes = [models.Index(fields=["province_code", "at"]),
                   models.Index(fields=["actor"], condition=models.Q(actor__isnull=False), name="dossiers_event_actor")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("Dossier events are append-only and cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Dossier events are append-only and cannot be deleted.")


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    province_code = models.CharField(max_length=2)
    doc_code = models.CharField("mã giấy tờ", max_length=40)
    name = models.CharField("tên giấy tờ", max_length=300)
    file = models.FileField(upload_to="dossiers/%Y/%m/", null=True, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    is_supplement = models.BooleanField(default=False)
    presented_on_paper = models.BooleanField("xuất trình bản giấy", default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ"
        verbose_name_plural = "giấy tờ"

    def __str__(self) -> str:
        return f"{self.doc_code} {self.name}"


class DossierCounter(models.Model):
    """Daily sequence per agency for dossier codes `{agency id}-{YYMMDD}-{sequence}`
    (Decree 118 Art. 28; Circular 03/2025 Art. 13). Incremented with one atomic upsert."""

    prefix = models.CharField(max_length=40)
    day = models.CharField(max_length=6)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "day"], name="dossier_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day}: {self.value}"
