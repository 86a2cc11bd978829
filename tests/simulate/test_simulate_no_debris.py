"""A simulation that cannot run says why, in Vietnamese, before it writes anything (it was an
IndexError traceback on a database with only the units, and a run record left behind that made
the next run refuse with "already simulated"); one that fails half-way leaves nothing behind —
not the days it committed, their facts, their dossier-code counters nor its run record — and
the next run then works."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from tests.simulate import snapshot
from tests.simulate.conftest import SMALL

from localgov.dossiers.models import Dossier, DossierCounter, DossierDocument, DossierEvent
from localgov.simulate import planner, preflight, runner
from localgov.simulate.models import SimulationRun


def state() -> dict[str, Any]:
    """Everything a simulation writes, as comparable values."""
    return {"runs": list(SimulationRun.objects.values_list("pk", flat=True)),
            "dossiers": Dossier.objects.count(), "events": DossierEvent.objects.count(),
            "documents": DossierDocument.objects.count(),
            "counters": sorted(DossierCounter.objects.values_list("prefix", "day", "value")),
            "facts": snapshot.facts()}


def _cli(*extra: str) -> None:
    call_command("simulate", "--from", "2025-07-01", "--to", "2025-07-03", "--scale", "0.001", "--provinces", "11",
                 "--no-progress", *extra, verbosity=0)


def test_without_a_catalogue_it_says_so_and_writes_nothing(simulate: Callable[..., Any]) -> None:
    from localgov.catalog.models import Procedure

    Procedure.objects.update(active=False)  # a database with the units only, as far as the run can tell
    before = state()
    with pytest.raises(CommandError) as refused:
        _cli()
    message = str(refused.value)
    assert message.startswith("Chưa thể mô phỏng (chưa ghi gì vào cơ sở dữ liệu):")
    assert "Chưa có danh mục thủ tục hành chính" in message and "localgov load catalog" in message
    with pytest.raises(preflight.NotReady):
        simulate(reset_first=False)
    assert state() == before
    # and again: no run record was left to refuse it with "already simulated"
    with pytest.raises(CommandError, match="danh mục thủ tục"):
        _cli()


def test_missing_centres_and_a_period_outside_the_calendar_are_each_named(simulate: Callable[..., Any]) -> None:
    from localgov.units.models import ServiceCentre

    ServiceCentre.objects.filter(province_id="11").update(status="planned", kind="other")
    before = state()
    with pytest.raises(preflight.NotReady) as refused:
        simulate(date_from=date(2036, 1, 1), date_to=date(2036, 1, 5), reset_first=False)
    message = str(refused.value)
    assert "Chưa có trung tâm phục vụ hành chính công" in message and "localgov load units" in message
    assert "Giai đoạn 2036-01-01 – 2036-01-05 nằm ngoài lịch làm việc" in message
    assert state() == before


def test_a_refused_reset_run_keeps_the_earlier_simulation(simulate: Callable[..., Any]) -> None:
    """--reset on a database that cannot run refuses before the reset deletes anything."""
    from localgov.catalog.models import Procedure

    simulate()
    before = state()
    Procedure.objects.update(active=False)
    with pytest.raises(preflight.NotReady):
        simulate(reset_first=True)
    assert state() == before


class Injected(RuntimeError):
    pass


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, n: int) -> list[int]:
    """Make `target.name` raise Injected on its n-th call (1-based); returns the call counter."""
    original = getattr(target, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise Injected(f"injected failure on call {n}")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)
    return calls


@pytest.mark.parametrize("path", ["bulk", "service"])
def test_a_failure_half_way_leaves_nothing_then_a_run_succeeds(simulate: Callable[..., Any],
                                                               monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    before = state()
    # SMALL: two provinces a day; the fourth plan is the second day's second province — the
    # first day is committed by then
    calls = _fail_on_call(monkeypatch, planner.Planner, "plan_day", 4)
    with pytest.raises(Injected):
        simulate(reset_first=False, path=path)
    assert calls[0] == 4
    assert state() == before
    monkeypatch.undo()
    done = simulate(reset_first=False, path=path)
    assert done.dossiers > 0 and SimulationRun.objects.get().status == "done"
    assert runner.simulated().count() == done.dossiers


def test_a_failure_in_the_facts_leaves_nothing(simulate: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    before = state()
    _fail_on_call(monkeypatch, runner, "refresh_bulk_facts", 1)
    with pytest.raises(Injected):
        simulate(reset_first=False)
    assert state() == before


def test_a_failure_in_one_group_of_provinces_leaves_nothing(simulate: Callable[..., Any],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """--workers 2: the groups are written one after the other here (SQLite, or PostgreSQL in a
    test's transaction); the second group's failure takes the first group's days away too."""
    before = state()
    monkeypatch.setattr(runner, "FORK_WORKERS", False)
    days = len([d for d in range(1, 8) if date(2025, 7, d).weekday() < 5])
    _fail_on_call(monkeypatch, planner.Planner, "plan_day", days + 2)
    with pytest.raises(Injected):
        simulate(reset_first=False, workers=2)
    assert state() == before
    assert SMALL["provinces"] == ["79", "11"]
