"""The outbox: one row per (event × consumer × channel), written in the transaction of the dossier
event that causes it (`outbox/enqueue.py`, a `dossiers/hooks.py` listener), sent later by the worker
(`outbox/worker.py`, `localgov outbox work`). Also each dossier's synchronisation status with the
national public service portal (DVCQG) and the applicant's choice of notification channels.

Only `outbox/services.py`, `outbox/enqueue.py` and the worker write these; `outbox/selectors.py`
reads them. `province_code` is the shard key, as on every dossier table (ADR 0003).
"""

from __future__ import annotations

from django.db import models

from localgov.outbox.rules import CHANNELS, CONSUMERS, STATUSES, SYNC_STATUSES


class Message(models.Model):
    """One delivery to one consumer on one channel. `key` is the idempotency key
    (`rules.idempotency_key`): the unique constraint suppresses duplicates at the source and the
    key travels with every attempt (e-mail Message-ID, SMS and DVCQG `Idempotency-Key`), so the
    receiving side drops a resend after a crash between the send and the mark."""

    key = models.CharField("khóa chống trùng", max_length=160, unique=True)
    consumer = models.CharField(max_length=8, choices=[(c, c) for c in CONSUMERS])
    channel = models.CharField(max_length=8, choices=[(c, c) for c in CHANNELS])
    topic = models.CharField("loại thông báo", max_length=16)
    template_version = models.CharField(max_length=8, blank=True)
    #: NULL for an officer's daily digest.
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="outbox_messages", db_index=False)
    province_code = models.CharField(max_length=2, blank=True)
    event_seq = models.PositiveIntegerField(null=True, blank=True)
    #: An e-mail address or a phone number (personal data: shown masked, access/personal_data.py).
    recipient = models.CharField(max_length=254, blank=True)
    #: What the template needs, captured at the event (the dossier may change before the send).
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=[(s, s) for s in STATUSES], default="queued")
    attempts = models.PositiveSmallIntegerField(default=0)
    #: When the worker may take it: the next retry (backoff), or the end of a claim's lease.
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thư đi"
        verbose_name_plural = "thư đi"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["dossier", "consumer", "event_seq"], name="outbox_dossier"),
        ]

    def __str__(self) -> str:
        return self.key


class DossierSync(models.Model):
    """A dossier's synchronisation with DVCQG, kept by the worker: the last event the national
    portal acknowledged. No row yet = never synchronised (`selectors.sync_status` says "pending")."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, primary_key=True,
                                   related_name="dvcqg_sync")
    province_code = models.CharField(max_length=2)
    status = models.CharField("trạng thái đồng bộ", max_length=8, choices=[(s, s) for s in SYNC_STATUSES])
    synced_seq = models.PositiveIntegerField("sự kiện đã đồng bộ", default=0)
    synced_state = models.PositiveSmallIntegerField("trạng thái DVCQG đã nhận", null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "đồng bộ DVCQG"
        verbose_name_plural = "đồng bộ DVCQG"
        indexes = [models.Index(fields=["province_code", "status"], name="outbox_sync_status")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.status} #{self.synced_seq}"


class NotificationChoice(models.Model):
    """The channels the applicant chose when filing ("email", "sms", both, or none)."""

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, primary_key=True,
                                   related_name="notification_choice")
    channels = models.CharField("kênh nhận thông báo", max_length=16, blank=True)

    class Meta:
        verbose_name = "kênh nhận thông báo"
        verbose_name_plural = "kênh nhận thông báo"

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.channels or '-'}"
