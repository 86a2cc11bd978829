"""The hook writes the facts in the dossier's transaction: one lifecycle, counted once, on the
competent commune, on the local day of each event."""

from datetime import date

from tests.oversight.conftest import BA_DINH, vn

from localgov.dossiers import services
from localgov.oversight.models import DueFact, Fact, FactRollup


def _fact(**key):
    return Fact.objects.get(**key)


def test_oversight_lifecycle_counts(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    assert DueFact.objects.get(due_day=date(2025, 8, 7)).open_count == 1
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 5))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp",
                        now=vn(2025, 8, 6, 15, 0))
    f = _fact(day=date(2025, 8, 4))
    assert (f.province_code, f.commune_code, f.channel) == ("01", BA_DINH, 2)
    assert (f.received, f.accepted, f.done) == (1, 1, 0)
    g = _fact(day=date(2025, 8, 6))
    assert (g.done, g.closed, g.on_time, g.on_time_766, g.result_electronic, g.processing_count) == (1, 1, 1, 1, 1, 1)
    # Mon 10:00 → Wed 15:00 = 2 working days + 5 working hours (8-hour days).
    assert g.processing_seconds == (2 * 8 + 4) * 3600
    assert DueFact.objects.get(due_day=date(2025, 8, 7)).open_count == 0
    month = FactRollup.objects.get(grain="m", scope="p", bucket=date(2025, 8, 1), province_code="01", channel=2)
    assert (month.received, month.done) == (1, 1)


def test_oversight_rollback_leaves_no_fact(file_online, staff):
    """A refused transition (stale version) writes neither an event nor a fact."""
    from localgov.core.errors import Conflict

    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    try:
        services.accept(dossier_id=d.pk, version=d.version + 5, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    except Conflict:
        pass
    assert Fact.objects.get(day=date(2025, 8, 4)).accepted == 0


def test_oversight_rebuild_command(file_online):
    from django.core.management import call_command

    file_online("1.004873", at=vn(2025, 8, 4, 9, 0))
    Fact.objects.all().delete()
    call_command("facts", "rebuild", "--from", "2025-08-01", "--to", "2025-08-31")
    assert Fact.objects.get(day=date(2025, 8, 4)).received == 1
