"""The briefing's totals equal counts taken directly from the dossiers (issue 6 "Done when"),
and every format renders."""

import json
from datetime import date, timedelta

import pytest
from tests.oversight.conftest import BA_DINH, HOAN_KIEM

from localgov.dossiers.models import Dossier
from localgov.oversight import briefing
from localgov.units.models import ServiceCentre

FROM, TO = date(2025, 7, 1), date(2025, 9, 30)
PLANS = [
    {"procedure": p, "commune": c, "channel": ch, "start_hours": h, "steps": steps}
    for i, (p, c, ch, h) in enumerate([
        ("1.004873", BA_DINH, 2, 2), ("1.004873", HOAN_KIEM, 1, 30), ("1.001193", BA_DINH, 2, 700),
        ("1.004222", HOAN_KIEM, 2, 1500), ("2.001035", BA_DINH, 1, 2100), ("1.013225", HOAN_KIEM, 2, 40),
        ("1.004873", BA_DINH, 2, 1000), ("1.004222", BA_DINH, 1, 1900),
    ])
    for steps in [[(i * 7 + k, 3 + 5 * k + i, (i + k) % 2 == 0, 1 + (i + k) % 5) for k in range(8)]]
]


def _local(dt):
    from django.utils import timezone

    return timezone.localtime(dt).date() if dt else None


@pytest.fixture
def loaded(workload):
    return workload(PLANS)


def _direct():
    """Counts straight from the dossier rows (bundle parents excluded, as in the facts)."""
    rows = [d for d in Dossier.objects.all() if not (d.bundle_id and d.parent_id is None)]
    received = [d for d in rows if FROM <= _local(d.submitted_at) <= TO]

    def processed_on(d):
        if d.decided_at:
            return _local(d.decided_at)
        return _local(d.closed_at) if d.state in (3, 8) else None

    processed = [d for d in rows if processed_on(d) and FROM <= processed_on(d) <= TO]
    as_of = min(TO + timedelta(days=1), date.today())
    overdue = [d for d in rows if d.state in (2, 4, 6) and d.paused_since is None
               and (d.extended_due_at or d.due_at) and _local(d.extended_due_at or d.due_at) < as_of]
    return {
        "received": len(received),
        "online.received": sum(d.channel == 2 for d in received),
        "closed": len(processed),
        "online.closed": sum(d.channel == 2 for d in processed),
        "on_time_766": sum(d.outcome_766 == "on_time" for d in processed),
        "late_766": sum(d.outcome_766 == "late" for d in processed),
        "overdue_open": len(overdue),
        "centres_operating": ServiceCentre.objects.filter(status="operating").exclude(opened_on__gt=TO).count(),
    }


def test_oversight_briefing_totals_equal_direct_counts(loaded):
    data = briefing.build(FROM, TO)
    direct = _direct()
    assert direct["received"] == len(PLANS) and direct["closed"] > 0
    for key, value in direct.items():
        assert data["totals"].get(key, 0) == value, key
    on_time = next(r for r in data["headline"] if r["code"] == "on_time_766")["value"]
    # 766 indicator 2.1: (processed + open − late − open past due) ÷ (processed + open)
    open_now = sum(1 for d in Dossier.objects.all() if not (d.bundle_id and d.parent_id is None)
                   and _local(d.submitted_at) <= TO and not (d.closed_at and _local(d.closed_at) <= TO)
                   and not (d.decided_at and _local(d.decided_at) <= TO))
    denominator = direct["closed"] + open_now
    expected = 1 - (direct["late_766"] + direct["overdue_open"]) / denominator
    assert on_time == pytest.approx(expected)
    followup = next(p for p in data["pending"] if p["code"] == "followup")
    assert followup["text"].startswith("Chưa có số liệu")


@pytest.mark.parametrize("fmt", ["html", "json", "xlsx", "pdf"])
def test_oversight_briefing_formats(loaded, fmt, tmp_path):
    from django.core.management import call_command

    out = tmp_path / f"b.{fmt}"
    call_command("report", "briefing", "--from", "2025-07-01", "--to", "2025-09-30", "--format", fmt,
                 "--output", str(out))
    content = out.read_bytes()
    if fmt == "json":
        assert json.loads(content)["totals"]["received"] == len(PLANS)
    elif fmt == "html":
        assert "Kết quả chung" in content.decode() and "Số liệu tính đến" in content.decode()
    elif fmt == "pdf":
        assert content.startswith(b"%PDF")
    else:
        assert content[:2] == b"PK"


def test_oversight_briefing_province(loaded):
    data = briefing.build(FROM, TO, province="01")
    assert data["area"]["name"] and data["lagging"]["units_level"] == "commune"
    assert data["totals"]["received"] == len(PLANS)
