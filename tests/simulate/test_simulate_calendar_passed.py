"""The calendar handed in by a caller that holds it (the bulk path's per-version cache) gives what
the lookup gives: `transitions.finish_clock(d, at, <the held calendar>)` equals it with
`services.calendar_of` (result and
the dossier after it), `facts.processing_seconds(..., calendar=...)` and
`facts.dossier_input(d, calendar=...)` equal the calls without it."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localgov.dossiers.services import calendar_of
from localgov.dossiers.transitions import finish_clock
from localgov.dossiers.workflow import State
from localgov.oversight.facts import dossier_input, processing_seconds, received_outside
from localgov.oversight.facts_rules import DossierIn
from localgov.simulate.bulk_path import SimDossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = datetime(2025, 7, 1, 8, tzinfo=VN)
OFFSETS = st.integers(-3 * 86400, 60 * 86400)
MAYBE = st.one_of(st.none(), OFFSETS)


def _at(offset: int | None) -> datetime | None:
    return None if offset is None else BASE + timedelta(seconds=offset)


class _Procedure:
    online_level = "full"
    result_type = "both"
    full_process = "yes"


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=st.sampled_from([int(s) for s in State]), due=MAYBE, first_due=MAYBE, paused=MAYBE, at=OFFSETS,
       supplement_seconds=st.floats(0, 10**6), after=st.integers(0, 3), started=MAYBE, decided=MAYBE,
       paused_seconds=st.one_of(st.floats(0, 10**6), st.just(0.0)),
       version=st.sampled_from(["", "current", "unknown-version"]))
def test_passed_calendar_equals_lookup(state: int, due: int | None, first_due: int | None, paused: int | None,
                                       at: int, supplement_seconds: float, after: int, started: int | None,
                                       decided: int | None, paused_seconds: float, version: str) -> None:
    cal = calendar_of(SimDossier(calendar_version=""))
    if version == "current":
        version = cal.version
    d = SimDossier(state=state, due_at=_at(due), first_due_at=_at(first_due), paused_since=_at(paused),
                   supplement_seconds=supplement_seconds, supplement_requests_after_acceptance=after,
                   calendar_version=version, clock_started_at=_at(started), decided_at=_at(decided),
                   paused_seconds=paused_seconds, procedure=_Procedure(), channel=2, return_method="online")
    held = calendar_of(d)  # what the bulk path caches per version
    looked, passed = copy.copy(d), copy.copy(d)
    looked.__dict__ = dict(d.__dict__)
    passed.__dict__ = dict(d.__dict__)

    def outcome(call: Any) -> Any:
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
            return type(exc), str(exc)

    assert outcome(lambda: finish_clock(passed, _at(at), lambda _d: held)) == outcome(
        lambda: finish_clock(looked, _at(at), calendar_of))
    assert passed.__dict__ == looked.__dict__
    kwargs = {"clock_started_at": d.clock_started_at, "decided_at": d.decided_at, "paused_seconds": paused_seconds,
              "calendar_version": version}
    assert outcome(lambda: processing_seconds(**kwargs, calendar=held)) == outcome(lambda: processing_seconds(**kwargs))
    assert outcome(lambda: dossier_input(d, calendar=held)) == outcome(lambda: dossier_input(d))


def _dossier_input_reference(d: Any) -> DossierIn:
    """`facts.dossier_input(d)` (full) as written before: the keyword call."""
    return DossierIn(
        channel=int(d.channel), return_method=d.return_method, procedure_online_level=d.procedure.online_level,
        is_bundle_parent=bool(d.bundle_id and d.parent_id is None), result_electronic=bool(d.result_electronic),
        repeat_supplement=bool(d.repeat_supplement),
        supplement_requests_after_acceptance=int(d.supplement_requests_after_acceptance or 0),
        processing_seconds=processing_seconds(clock_started_at=d.clock_started_at, decided_at=d.decided_at,
                                              paused_seconds=d.paused_seconds, calendar_version=d.calendar_version),
        procedure_paper_result=d.procedure.result_type in ("paper", "both"),
        procedure_full_known=bool(d.procedure.full_process), received_outside=received_outside(d),
        result_signed=bool(d.result_signed), inputs_digitised=bool(d.inputs_digitised),
        data_reused=bool(d.data_reused), identity_verified=bool(d.identity_verified),
    )


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(channel=st.sampled_from([1, 2, 3]), return_method=st.sampled_from(["online", "centre", "post"]),
       bundle=st.sampled_from([None, 5]), parent=st.sampled_from([None, 9]), electronic=st.booleans(),
       repeat=st.booleans(), after=st.one_of(st.none(), st.integers(0, 3)), started=MAYBE, decided=MAYBE,
       paused_seconds=st.one_of(st.none(), st.floats(0, 10**6)))
def test_dossier_input_positional_equals_keywords(channel: int, return_method: str, bundle: int | None,
                                                  parent: int | None, electronic: bool, repeat: bool,
                                                  after: int | None, started: int | None, decided: int | None,
                                                  paused_seconds: float | None) -> None:
    d = SimDossier(channel=channel, return_method=return_method, bundle_id=bundle, parent_id=parent,
                   result_electronic=electronic, repeat_supplement=repeat,
                   supplement_requests_after_acceptance=after, clock_started_at=_at(started),
                   decided_at=_at(decided), paused_seconds=paused_seconds, procedure=_Procedure())
    ours, theirs = dossier_input(d), _dossier_input_reference(d)
    assert ours == theirs
    assert vars(ours) == vars(theirs)
