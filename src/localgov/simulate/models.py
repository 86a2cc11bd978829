"""A simulation run. Simulated dossiers carry `form_data["simulation"] = true` (a bundle's members
through their parent), so `--reset` deletes exactly them (and their events, documents and
counters' share), never real dossiers."""

from __future__ import annotations

from django.db import models


class SimulationRun(models.Model):
    seed = models.IntegerField()
    scale = models.FloatField()
    date_from = models.DateField()
    date_to = models.DateField()
    path = models.CharField(max_length=8)  # service | bulk
    provinces = models.JSONField(default=list, blank=True)  # empty = all
    parameters_hash = models.CharField(max_length=64)
    #: which staffing sized the commune desks: "" for the documented defaults, else the workforce
    #: data's day, the communes it covered and a hash of their desk ratios (`world.staffing_label`) —
    #: with the seed and the parameters, what makes a run reproducible
    staffing = models.CharField(max_length=120, blank=True, default="")
    #: PostgreSQL: the indexes this run left out while it loaded (`deferred_indexes`), as
    #: {"name", "table", "sql"}, saved when dropped and emptied once built again
    deferred_indexes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, default="running")  # running | done | failed
    last_day = models.DateField(null=True, blank=True)  # last day fully written
    dossiers = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "lượt mô phỏng"
        verbose_name_plural = "lượt mô phỏng"

    def __str__(self) -> str:
        return f"#{self.pk} {self.date_from}–{self.date_to} ×{self.scale} seed {self.seed} ({self.status})"
