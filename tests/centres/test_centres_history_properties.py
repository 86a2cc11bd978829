"""The register's rules (centres/history.py), property-based: any sequence of changes that
`check` accepts gives, on every day, the status of the latest change on or before it; `check`
refuses a change out of date order, a move without an address and a change the current status
does not allow."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localgov.centres import history as h

START = date(2025, 7, 1)
#: the machine is shared and loaded: no timing health check, no deadline
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=150)
steps = st.lists(st.tuples(st.sampled_from(list(h.KINDS)), st.integers(0, 40), st.booleans()), max_size=12)


def _accepted(raw):
    out, day = [], START
    for kind, gap, with_address in raw:
        day = day + timedelta(days=gap)
        new = h.Change(kind, day, "Số 1 Tràng Tiền" if with_address else "")
        if not h.check(out, new, today=START):
            out.append(new)
    return out


@relaxed
@given(steps, st.integers(-5, 500))
def test_status_is_the_latest_change_on_or_before_the_day(raw, offset):
    changes = _accepted(raw)
    day = START + timedelta(days=offset)
    before = [c for c in changes if c.on <= day]
    expected = h.STATUS_AFTER[before[-1].kind] if before else None
    assert h.status_on(changes, day) == expected


@relaxed
@given(steps)
def test_accepted_sequences_follow_the_allowed_transitions(raw):
    changes = _accepted(raw)
    status = None
    for c in changes:
        assert c.kind in h.ALLOWED_FROM[status]
        assert c.kind != h.MOVED or c.address
        status = h.STATUS_AFTER[c.kind]
    assert all(a.on <= b.on for a, b in zip(changes, changes[1:], strict=False))


def test_check_refuses_with_reasons():
    opened = [h.Change(h.OPENED, date(2025, 7, 1))]
    assert "kind" in h.check([], h.Change(h.SUSPENDED, date(2025, 7, 1)), today=START)
    assert "on" in h.check(opened, h.Change(h.SUSPENDED, date(2025, 6, 30)), today=START)
    assert "address" in h.check(opened, h.Change(h.MOVED, date(2025, 8, 1), "  "), today=START)
    assert "kind" in h.check(opened, h.Change(h.OPENED, date(2025, 8, 1)), today=START)
    assert "kind" in h.check(opened, h.Change("renamed", date(2025, 8, 1)), today=START)
    assert "on" in h.check(opened, h.Change(h.CLOSED, date(2027, 1, 1)), today=START)
    assert h.check(opened, h.Change(h.MOVED, date(2025, 8, 1), "Số 2 Tràng Tiền"), today=START) == {}
