"""`facts.rebuild_due` is set-based (one INSERT … SELECT … GROUP BY): it must give exactly the
rows of the per-dossier rule (`due_position` of the local day of the effective due time) — the
Python reading it replaced, kept here as the reference — including due times on either side of
local midnight (UTC+7: 16:59 and 17:00 UTC are different local days), extended due times, paused
clocks, a missing commune code and bundle parents (not counted)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.oversight.conftest import BA_DINH, HOAN_KIEM, PROCEDURES, run_dossier, snapshot

from localgov.catalog.models import Bundle
from localgov.dossiers.models import Dossier
from localgov.oversight.facts import _effective_due_day, rebuild_due
from localgov.oversight.facts_rules import due_position
from localgov.oversight.models import DueFact


def reference_rows() -> dict[tuple[Any, ...], int]:
    """The histogram as the former Python `rebuild_due` counted it, dossier by dossier."""
    counts: dict[tuple[Any, ...], int] = {}
    for d in Dossier.objects.all():
        if d.bundle_id and d.parent_id is None:
            continue
        day = due_position(state=d.state, due_day=_effective_due_day(d.due_at, d.extended_due_at),
                           paused=d.paused_since is not None)
        if day is not None:
            k = (d.province_code, d.competent_commune_code or "", int(d.procedure_id), int(d.channel), day)
            counts[k] = counts.get(k, 0) + 1
    return counts


def stored_rows() -> dict[tuple[Any, ...], int]:
    return {(r.province_code, r.commune_code, r.procedure_id, r.channel, r.due_day): r.open_count
            for r in DueFact.objects.all()}


#: Due instants around local midnight (UTC+7) and at ordinary hours, as UTC offsets from a day.
INSTANTS = st.sampled_from([timedelta(hours=16, minutes=59, seconds=59), timedelta(hours=17),
                            timedelta(hours=17, microseconds=1), timedelta(hours=9), timedelta(hours=23, minutes=30),
                            timedelta(0)])
EDITS = st.lists(st.fixed_dictionaries({
    "state": st.sampled_from([1, 2, 4, 5, 6, 9]),
    "day": st.integers(0, 40),
    "instant": INSTANTS,
    "extended": st.one_of(st.none(), st.tuples(st.integers(0, 40), INSTANTS)),
    "paused": st.booleans(),
    "no_commune": st.booleans(),
    "bundle": st.sampled_from(["none", "parent", "member"]),
}), min_size=1, max_size=8)
PLANS = st.lists(st.fixed_dictionaries({
    "procedure": st.sampled_from(PROCEDURES), "commune": st.sampled_from([BA_DINH, HOAN_KIEM]),
    "channel": st.sampled_from([1, 2]), "start_hours": st.integers(0, 24 * 20),
    "steps": st.lists(st.tuples(st.integers(0, 30), st.integers(0, 60), st.booleans(), st.integers(1, 5)),
                      max_size=4),
}), min_size=1, max_size=3)


@settings(max_examples=20, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=PLANS, edits=EDITS)
def test_rebuild_due_sql_equals_per_dossier_rule(db, world, plans, edits):
    made = [run_dossier(p) for p in plans]
    # more rows to edit: copies of the first dossier with fresh codes
    base = Dossier.objects.get(pk=made[0].pk)
    rows = list(Dossier.objects.order_by("pk"))
    while len(rows) < len(edits):
        base.pk = None
        base.code = f"{base.code[:20]}-x{len(rows)}"
        base.idempotency_key = None
        base.save(force_insert=True)
        rows.append(Dossier.objects.get(pk=base.pk))
    bundle = Bundle.objects.order_by("pk").first()
    parent = rows[0]
    for d, e in zip(rows, edits, strict=False):
        first = datetime(2025, 7, 1, tzinfo=UTC) + timedelta(days=e["day"]) + e["instant"]
        extended = None
        if e["extended"] is not None:
            extended = datetime(2025, 7, 1, tzinfo=UTC) + timedelta(days=e["extended"][0]) + e["extended"][1]
        Dossier.objects.filter(pk=d.pk).update(
            state=e["state"], due_at=first, extended_due_at=extended,
            paused_since=first if e["paused"] else None,
            competent_commune_code=None if e["no_commune"] else d.competent_commune_code,
            bundle=bundle if e["bundle"] != "none" and bundle is not None else None,
            parent=parent if e["bundle"] == "member" and parent.pk != d.pk else None,
        )
    expected = reference_rows()
    total = rebuild_due()
    assert stored_rows() == expected
    assert total == sum(expected.values())
    # and the rollups follow the rows (rebuild_due_rollups, unchanged): rebuilding twice is stable
    before = snapshot()["due_rollup"]
    rebuild_due()
    assert snapshot()["due_rollup"] == before


def test_rebuild_due_sql_local_midnight(db, world):
    """16:59:59 UTC is 23:59:59 on the same local day, 17:00 UTC is the next local day."""
    d = run_dossier({"procedure": PROCEDURES[0], "commune": BA_DINH, "channel": 1, "start_hours": 0, "steps": []})
    Dossier.objects.filter(pk=d.pk).update(state=2, due_at=datetime(2025, 7, 10, 16, 59, 59, tzinfo=UTC),
                                           extended_due_at=None, paused_since=None, bundle=None, parent=None)
    rebuild_due()
    assert [r.due_day for r in DueFact.objects.all()] == [date(2025, 7, 10)]
    Dossier.objects.filter(pk=d.pk).update(due_at=datetime(2025, 7, 10, 17, 0, tzinfo=UTC))
    rebuild_due()
    assert [r.due_day for r in DueFact.objects.all()] == [date(2025, 7, 11)]
    # the Vietnamese day (settings.TIME_ZONE, as local_day), whatever zone a request activated
    with timezone.override("UTC"):
        rebuild_due()
    assert [r.due_day for r in DueFact.objects.all()] == [date(2025, 7, 11)]
