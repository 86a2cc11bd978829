"""The live hook's fixed statements (`oversight.live`: named parameters, prepared on PostgreSQL)
write exactly the rows the general upserts (`facts.upsert_facts`, `facts.upsert_due`) write —
base facts, every rollup scope × grain, the due-day histogram and its day and month rollups —
for random keys, days across week, month, quarter and year boundaries, counters and moves."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localgov.oversight import live
from localgov.oversight.facts import upsert_due, upsert_facts
from localgov.oversight.facts_rules import COUNTERS
from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup

COUNTER_NAMES = list(COUNTERS)
START = date(2025, 12, 20)  # the draws reach into 2026: week, month, quarter and year boundaries
KEYS = [("01", "00004", 0), ("01", "00008", 1), ("79", "26734", 2)]

fact_items = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 100), st.sampled_from([1, 2, 3]),
              st.dictionaries(st.sampled_from(COUNTER_NAMES), st.integers(-3, 9).filter(bool), min_size=1, max_size=5)),
    min_size=1, max_size=12,
)
due_items = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from([1, 2]),
              st.lists(st.tuples(st.integers(0, 100), st.sampled_from([-1, 1])), min_size=1, max_size=2,
                       unique_by=lambda m: m[0])),
    min_size=1, max_size=12,
)


def _rows(model, fields) -> list[tuple]:
    return sorted(tuple(float(v) if isinstance(v, float) else v for v in row)
                  for row in model.objects.values_list(*fields))


def _facts() -> tuple[list, list]:
    counters = COUNTER_NAMES
    return (_rows(Fact, ["province_code", "commune_code", "procedure_id", "day", "channel", *counters]),
            _rows(FactRollup, ["grain", "scope", "bucket", "province_code", "commune_code", "procedure_id", "channel",
                               *counters]))


def _dues() -> tuple[list, list]:
    return (_rows(DueFact, ["province_code", "commune_code", "procedure_id", "channel", "due_day", "open_count"]),
            _rows(DueRollup, ["grain", "bucket", "province_code", "procedure_id", "open_count"]))


def _clear() -> None:
    for model in (Fact, FactRollup, DueFact, DueRollup):
        model.objects.all().delete()


def _both_ways(write_live, write_general, read) -> tuple[tuple, tuple]:
    """What `read` finds after the live writes, and after the general ones, each from empty."""
    _clear()
    write_live()
    got = read()
    _clear()
    write_general()
    return got, read()


def _procedures() -> list[int]:
    from localgov.catalog.models import Procedure

    return list(Procedure.objects.order_by("id").values_list("id", flat=True)[:3])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=fact_items)
def test_live_fact_statements_write_what_upsert_facts_writes(db, world, items):
    procedures = _procedures()
    keyed = [((KEYS[k][0], KEYS[k][1], procedures[KEYS[k][2]], START + timedelta(days=off), ch), delta)
             for k, off, ch, delta in items]
    got, expected = _both_ways(lambda: [live.add_fact(key, delta) for key, delta in keyed],
                               lambda: [upsert_facts([(key, delta)]) for key, delta in keyed], _facts)
    assert got == expected
    assert got[1], "rollup rows were written"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=due_items)
def test_live_due_statements_write_what_upsert_due_writes(db, world, items):
    procedures = _procedures()
    keyed = [((KEYS[k][0], KEYS[k][1], procedures[KEYS[k][2]], ch), [(START + timedelta(days=o), n) for o, n in moves])
             for k, ch, moves in items]
    got, expected = _both_ways(lambda: [live.move_due(key, moves) for key, moves in keyed],
                               lambda: [upsert_due([(*key, day, n) for day, n in moves]) for key, moves in keyed],
                               _dues)
    assert got == expected
    assert got[0], "histogram rows were written"
