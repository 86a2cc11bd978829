"""Oversight facts: counters per (competent unit, procedure, day, channel), kept in step with
every dossier event by `oversight/facts.py` (docs/oversight.md: oversight reads facts, never
scans dossiers). The rules of what an event adds are in `facts_rules.py` (pure).

* `Fact` — the base grain the brief names: (province, commune, procedure, day, channel).
* `FactRollup` — the same counters summed by province, by commune, by province × procedure
  and by nation × procedure, per day, week, month and quarter (the grains each scope keeps are
  in `buckets.py`), maintained in the same transaction. A national view over
  a quarter reads a few thousand rollup rows instead of millions of base rows.
* `DueFact` — the due-day histogram of open dossiers whose clock runs (overdue = buckets
  before today); `DueRollup` — the same per province × procedure by due day and due month.

No foreign key constraints: facts are derived data (`localgov facts rebuild` recomputes them),
and `province_code` leads every key so the tables partition like the dossiers
(docs/adr/0003-province-code-shard-key.md).
"""

from __future__ import annotations

from django.db import models

from localgov.oversight.facts_rules import COUNTERS


def _counter_fields() -> dict[str, models.Field]:
    fields: dict[str, models.Field] = {}
    for name, label in COUNTERS.items():
        if name == "processing_seconds":
            fields[name] = models.FloatField(label, default=0, db_default=0)
        else:
            fields[name] = models.BigIntegerField(label, default=0, db_default=0)
    return fields


class Counters(models.Model):
    locals().update(_counter_fields())

    class Meta:
        abstract = True


class Fact(Counters):
    province_code = models.CharField("mã tỉnh (thẩm quyền)", max_length=2)
    #: The competent commune; "" when the dossier is decided at provincial level.
    commune_code = models.CharField("mã xã (thẩm quyền)", max_length=5, blank=True, default="")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.DO_NOTHING, db_constraint=False,
                                  db_index=False, related_name="+")
    day = models.DateField("ngày")
    channel = models.PositiveSmallIntegerField("kênh")

    class Meta:
        verbose_name = "số liệu tổng hợp"
        verbose_name_plural = "số liệu tổng hợp"
        constraints = [
            models.UniqueConstraint(fields=["province_code", "commune_code", "procedure", "day", "channel"],
                                    name="oversight_fact_key"),
        ]
        indexes = [models.Index(fields=["day"], name="oversight_fact_day")]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.commune_code}/{self.procedure_id}/{self.day}/{self.channel}"


class Grain(models.TextChoices):
    """oversight/buckets.py: which scope keeps which grain, and how a period splits into them."""

    DAY = "d", "Ngày"
    WEEK = "w", "Tuần (từ thứ Hai)"
    MONTH = "m", "Tháng"
    QUARTER = "q", "Quý"


class Scope(models.TextChoices):
    PROVINCE = "p", "Tỉnh"
    COMMUNE = "c", "Xã"
    PROCEDURE = "r", "Tỉnh × thủ tục"
    #: The nation's totals per procedure (province_code ""): the national page's by-procedure,
    #: by-field and 766 national rows read 77 procedures × 2 channels per month instead of 34 × that.
    NATION_PROCEDURE = "n", "Toàn quốc × thủ tục"


class FactRollup(Counters):
    grain = models.CharField(max_length=1, choices=Grain.choices)
    scope = models.CharField(max_length=1, choices=Scope.choices)
    province_code = models.CharField(max_length=2, blank=True)  # "" in scope "n"
    commune_code = models.CharField(max_length=5, blank=True, default="")  # scope "c" only
    procedure_id = models.IntegerField(default=0)  # scopes "r" and "n" only
    bucket = models.DateField("ngày đầu của ngày / tuần / tháng / quý")
    channel = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "scope", "bucket", "province_code", "commune_code", "procedure_id", "channel"],
                name="oversight_rollup_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain}{self.scope} {self.province_code}/{self.commune_code}/{self.procedure_id}/{self.bucket}"


class DueFact(models.Model):
    province_code = models.CharField(max_length=2)
    commune_code = models.CharField(max_length=5, blank=True, default="")
    procedure_id = models.IntegerField()
    channel = models.PositiveSmallIntegerField()
    due_day = models.DateField("ngày đến hạn")
    open_count = models.BigIntegerField("hồ sơ đang giải quyết", default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province_code", "commune_code", "procedure_id", "channel", "due_day"],
                                    name="oversight_duefact_key"),
        ]
        # Covering on PostgreSQL (index-only scan for "overdue = buckets before X"); plain elsewhere.
        indexes = [models.Index(fields=["due_day"], include=["province_code", "commune_code", "procedure_id",
                                                             "open_count"], name="oversight_duefact_day_cov")]

    def __str__(self) -> str:
        return f"{self.province_code}/{self.commune_code}/{self.procedure_id} {self.due_day}: {self.open_count}"


class DueRollup(models.Model):
    """The due-day histogram summed per province × procedure, per due day ("d") and per due
    month ("m"), kept in the same statement batch as `DueFact`. A national or provincial
    overdue count as of day X reads the month rows before X's month and the day rows of it —
    a few thousand rows however long the tail of old overdue dossiers — instead of one row per
    commune × procedure × channel × due day."""

    grain = models.CharField(max_length=1, choices=[("d", "Ngày"), ("m", "Tháng")])
    bucket = models.DateField("ngày đến hạn / tháng đến hạn")
    province_code = models.CharField(max_length=2)
    procedure_id = models.IntegerField()
    open_count = models.BigIntegerField("hồ sơ đang giải quyết", default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grain", "bucket", "province_code", "procedure_id"],
                                    name="oversight_duerollup_key"),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.province_code}/{self.procedure_id} {self.bucket}: {self.open_count}"
