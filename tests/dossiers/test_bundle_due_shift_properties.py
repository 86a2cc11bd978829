"""`bundles.shift_parent_due`, the one rule for how a bundle's deadline follows its members' moved
due times (Art. 19(5) restarts), on plain objects and the real calendar (no database):

* whatever order the members of one parallel group move in, and however often, the parent ends
  moved by exactly the group's largest move — never by the sum (two restarts at once count once);
* groups add up: each group's largest move counts once;
* a member whose due time did not move, or that stops the clock, moves nothing;
* the same instants give the same result whether a member's times are local or UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.dossiers.bundle_rules import shift_parent_due
from localgov.workcalendar.core import VN_TZ, default_calendar

CAL = default_calendar()
FIRST_DUE = datetime(2025, 7, 8, 10, 0, tzinfo=VN_TZ)  # a Tuesday, inside office hours
PARENT_DUE = datetime(2025, 7, 14, 10, 0, tzinfo=VN_TZ)
HOUR = 3600.0


def _member(order: int, group: int, *, stops_clock: bool = False) -> SimpleNamespace:
    return SimpleNamespace(id=order, bundle_order=order, first_due_at=FIRST_DUE, due_at=FIRST_DUE,
                           form_data={"parallel_group": group, "stops_clock": stops_clock})


def _parent() -> SimpleNamespace:
    return SimpleNamespace(due_at=PARENT_DUE, form_data={"simulation": True})


def _move(parent: Any, child: Any, children: list[Any], hours: float) -> dict[str, Any] | None:
    """The member's due time now `hours` working hours after its first (a restart), then the rule."""
    child.due_at = CAL.add_working_seconds(child.first_due_at, hours * HOUR)
    return shift_parent_due(parent, child, children, lambda: CAL)


moves = st.lists(st.tuples(st.integers(min_value=0, max_value=2), st.integers(min_value=1, max_value=40)),
                 min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(moves)
def test_the_parent_moves_by_each_group_s_largest_move_once(sequence: list[tuple[int, int]]) -> None:
    # members 1 and 2 run in parallel (group 2), member 3 alone (group 3)
    children = [_member(1, 2), _member(2, 2), _member(3, 3)]
    parent = _parent()
    largest: dict[int, float] = {}
    for index, hours in sequence:
        child = children[index]
        # a due time only moves later (each restart counts from a later moment)
        hours = max(hours, (CAL.working_seconds_between(child.first_due_at, child.due_at) / HOUR))
        _move(parent, child, children, hours)
        group = child.form_data["parallel_group"]
        largest[group] = max(largest.get(group, 0.0), max(
            CAL.working_seconds_between(c.first_due_at, c.due_at) for c in children
            if c.form_data["parallel_group"] == group))
    moved = CAL.working_seconds_between(PARENT_DUE, parent.due_at)
    assert moved == pytest.approx(sum(largest.values()), abs=1e-3)
    assert parent.form_data["due_shifts"] == {str(g): pytest.approx(v, abs=1e-6) for g, v in largest.items()}
    assert parent.form_data["simulation"] is True  # the rest of the parent's form is kept


def test_two_members_restarting_at_once_move_the_parent_once() -> None:
    children = [_member(1, 2), _member(2, 2)]
    parent = _parent()
    first = _move(parent, children[0], children, 6)
    second = _move(parent, children[1], children, 6)
    assert first is not None and first["seconds"] == pytest.approx(6 * HOUR)
    assert second is None
    assert CAL.working_seconds_between(PARENT_DUE, parent.due_at) == pytest.approx(6 * HOUR)


def test_nothing_moves_without_a_later_due_time_or_for_a_clock_stopping_member() -> None:
    still, tax = _member(1, 1), _member(2, 2, stops_clock=True)
    parent = _parent()
    assert shift_parent_due(parent, still, [still, tax], lambda: pytest.fail("no calendar needed")) is None
    tax.due_at = tax.first_due_at + timedelta(days=3)
    assert shift_parent_due(parent, tax, [still, tax], lambda: pytest.fail("no calendar needed")) is None
    assert parent.due_at == PARENT_DUE and "due_shifts" not in parent.form_data


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=10_000_000), st.integers(min_value=0, max_value=999_999))
def test_local_or_utc_times_give_the_same_move(seconds: int, micro: int) -> None:
    """A member's due time just set by the engine is local; read back from the database it is
    UTC. The same instants must give the same move, to the last bit (the bulk path's rows are
    compared byte for byte with the engine's)."""
    results = []
    for zone in (VN_TZ, UTC):
        child = _member(1, 2)
        child.first_due_at = FIRST_DUE.astimezone(zone)
        child.due_at = (FIRST_DUE + timedelta(seconds=seconds, microseconds=micro)).astimezone(zone)
        parent = _parent()
        shift = shift_parent_due(parent, child, [child], lambda: CAL)
        results.append((shift, parent.due_at, parent.form_data))
    assert results[0] == results[1]
