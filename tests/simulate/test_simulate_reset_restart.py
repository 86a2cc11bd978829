"""Refuses to run over existing simulated data; --reset deletes only simulated dossiers (with
their append-only events, documents and code counters), never real ones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from tests.dossiers.conftest import BA_DINH, applicant, docs_for, vn

from localgov.access.policy import SYSTEM
from localgov.dossiers.audit import verify_chains
from localgov.dossiers.models import Dossier, DossierCounter, DossierEvent
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.simulate import runner
from localgov.simulate.models import SimulationRun


def _real_dossier() -> Dossier:
    data = SubmitInput(procedure_code="1.001193", channel=Channel.ONLINE, applicant=applicant(),
                       competent_commune_code=BA_DINH, documents=docs_for("1.001193"),
                       return_method=ReturnMethod.ONLINE)
    return submit(data, actor=SYSTEM, now=vn(2025, 7, 2, 9, 0)).dossier


def test_refuses_without_reset_and_reset_keeps_real_dossiers(simulate) -> None:
    real = _real_dossier()
    first = simulate(provinces=["01"])
    assert first.dossiers > 0
    assert Dossier.objects.count() == first.dossiers + 1

    with pytest.raises(runner.AlreadySimulated):
        simulate(provinces=["01"], reset_first=False)
    with pytest.raises(CommandError, match="--reset"):
        call_command("simulate", "--from", "2025-07-01", "--to", "2025-07-07", "--scale", "0.001",
                     "--provinces", "01", "--no-progress", verbosity=0)

    deleted = runner.reset()
    assert deleted == first.dossiers
    assert list(Dossier.objects.values_list("pk", flat=True)) == [real.pk]
    assert DossierEvent.objects.filter(dossier_id=real.pk).count() == real.event_count
    assert not SimulationRun.objects.exists()
    prefix, day, seq = real.code.rsplit("-", 2)
    assert DossierCounter.objects.get(prefix=prefix, day=day).value == int(seq)
    assert not list(verify_chains())

    # the append-only trigger is back in force after the reset
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", [real.pk])


def test_command_runs_and_reports(simulate, capsys) -> None:
    call_command("simulate", "--from", "2025-07-01", "--to", "2025-07-02", "--scale", "0.001", "--provinces", "11",
                 "--seed", "3", "--reset", "--no-progress")
    out = capsys.readouterr().out
    assert "hồ sơ" in out and "sự kiện" in out
    run = SimulationRun.objects.get()
    assert (run.status, run.seed, run.path, run.provinces) == ("done", 3, "bulk", ["11"])
    assert run.staffing == ""  # no workforce data here: the documented defaults
    assert "theo mặc định" in out
    assert run.dossiers == runner.simulated().count()


def test_reset_deletes_bundles_with_their_members_and_can_run_again(simulate) -> None:
    """The reset collects the simulated ids once (members through their parent) and every DELETE
    joins them; twice in one transaction works (its temporary table is dropped each time)."""
    import dataclasses

    from localgov.dossiers.models import DossierDocument
    from localgov.simulate.params import load_params

    params = load_params()
    bundled = dataclasses.replace(params, field_share={"civil_status": 1.0}, online_floor=0.9,
                                  procedure_weight={**params.procedure_weight, "1.001193": 60.0},
                                  bundles={"1.001193": (("2.002621", 0.9),)})
    for _ in range(2):
        run = simulate(provinces=["11"], scale=0.005, params=bundled)
        assert Dossier.objects.filter(parent__isnull=False).exists(), "bundle members among the dossiers"
        assert runner.reset() == run.dossiers
        assert not Dossier.objects.exists() and not DossierEvent.objects.exists()
        assert not DossierDocument.objects.exists()
