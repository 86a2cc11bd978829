"""PostgreSQL: 20 officers act on one dossier at the same version at the same moment, from
20 threads with their own connections: exactly one wins per version, the other 19 get a
Conflict (HTTP 409), exactly one event is written per round, and the chain stays intact."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn
from tests.dossiers.pg_support import load_reference, pg_reference, race  # noqa: F401

from localgov.core.errors import Conflict
from localgov.dossiers import services
from localgov.dossiers.audit import verify_chains
from localgov.dossiers.models import Dossier, DossierEvent

pytestmark = pytest.mark.postgres

THREADS = 20


def test_one_winner_per_version(pg_reference, transactional_db, world, staff, file_online):  # noqa: F811
    load_reference()
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    rounds = [
        lambda v, i: services.assign(dossier_id=d.pk, version=v, actor=s["specialist"], now=vn(2025, 8, 4, 10, 0)),
        lambda v, i: services.advance(dossier_id=d.pk, version=v, actor=s["specialist"], note=f"thread {i}",
                                      now=vn(2025, 8, 4, 11, 0)),
        lambda v, i: services.advance(dossier_id=d.pk, version=v, actor=s["approver"], note=f"thread {i}",
                                      now=vn(2025, 8, 4, 14, 0)),
    ]
    for act in rounds:
        version = Dossier.objects.get(pk=d.pk).version
        events_before = DossierEvent.objects.filter(dossier_id=d.pk).count()
        results = race(THREADS, lambda i, act=act, version=version: act(version, i))
        winners = [r for kind, r in results if kind == "ok"]
        errors = [r for kind, r in results if kind == "error"]
        assert len(winners) == 1, errors[:3]
        assert len(errors) == THREADS - 1 and all(isinstance(e, Conflict) for e in errors), errors[:3]
        assert all(e.http_status == 409 for e in errors)
        after = Dossier.objects.get(pk=d.pk)
        assert after.version == version + 1 == winners[0].version
        assert DossierEvent.objects.filter(dossier_id=d.pk).count() == events_before + 1
    final = Dossier.objects.get(pk=d.pk)
    assert final.current_step == 3 and final.event_count == 5
    assert [e.seq for e in DossierEvent.objects.filter(dossier_id=d.pk).order_by("seq")] == [1, 2, 3, 4, 5]
    assert list(verify_chains()) == []
