"""The transition's hand-written SQL (dossiers.rows) reads and writes what the ORM would: the
row as the ORM loads it, only the changed columns under the version lock, and a dossier handed
over by the API (`services.preloaded`) that moved meanwhile still gives Conflict."""

from __future__ import annotations

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.core.errors import Conflict
from localgov.dossiers import rows, services
from localgov.dossiers.audit import verify_chains
from localgov.dossiers.models import Dossier, DossierEvent


def test_load_dossier_reads_the_row_as_the_orm_does(file_online):
    d = file_online(commune=BA_DINH).dossier
    fast = rows.load_dossier(code=d.code)
    orm = Dossier.objects.select_related("procedure", "competent_agency").get(pk=d.pk)
    assert fast is not None and fast.pk == d.pk
    for f in Dossier._meta.concrete_fields:
        assert getattr(fast, f.attname) == getattr(orm, f.attname), f.name
    assert fast.procedure.code == orm.procedure.code
    assert fast.procedure.deadline_value == orm.procedure.deadline_value
    assert fast.competent_agency.name == orm.competent_agency.name
    assert fast.step_total == orm.procedure.steps.count()
    assert fast._state.adding is False and fast._state.db == orm._state.db
    assert fast.procedure._state.adding is False and fast.competent_agency._state.db == orm._state.db
    # Columns not read are deferred and load lazily, as with from_db.
    from localgov.catalog.models import Procedure

    not_read = [f.attname for f in Procedure._meta.concrete_fields if f.attname not in rows.PROCEDURE_FIELDS]
    assert not_read and set(not_read) <= fast.procedure.get_deferred_fields()
    for name in not_read:
        assert getattr(fast.procedure, name) == getattr(orm.procedure, name), name
    assert rows.load_dossier(pk=d.pk).code == d.code
    assert rows.load_dossier(code="khong-co") is None


def test_a_transition_writes_only_what_changed(file_online, staff):
    s = staff(BA_DINH)
    d = file_online(commune=BA_DINH).dossier
    Dossier.objects.filter(pk=d.pk).update(applicant_address="địa chỉ sửa ngoài luồng")
    done = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    fresh = Dossier.objects.get(pk=d.pk)
    assert fresh.version == done.version == d.version + 1 and fresh.state == done.state
    assert fresh.due_at == done.due_at and fresh.event_count == 2
    # A column the transition did not touch is not written back from the row it read.
    assert fresh.applicant_address == "địa chỉ sửa ngoài luồng"


def test_a_preloaded_dossier_that_moved_meanwhile_gives_conflict(file_online, staff):
    s = staff(BA_DINH)
    d = file_online(commune=BA_DINH).dossier
    stale = rows.load_dossier(code=d.code)
    services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    with pytest.raises(Conflict), services.preloaded(stale):
        services.accept(dossier_id=d.pk, version=stale.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 1))
    assert DossierEvent.objects.filter(dossier_id=d.pk).count() == 2
    assert list(verify_chains()) == []


@pytest.mark.postgres
def test_the_hot_path_statements_are_prepared_on_postgresql(file_online, staff):
    """The server parses and plans the transition's fixed statements once per connection:
    after a transition they are in this connection's pg_prepared_statements. (Django disables
    psycopg's preparation unless settings give a prepare_threshold; without it `prepare=True`
    is silently ignored.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    s = staff(BA_DINH)
    d = file_online(commune=BA_DINH).dossier
    services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [r[0] for r in cursor.fetchall()]
    # The row update and the event insert are one statement (rows.write_transition).
    assert any(t.startswith('WITH u AS (UPDATE "dossiers_dossier"') and 'INSERT INTO "dossiers_dossierevent"' in t
               for t in statements), statements
    assert any(t.startswith("SELECT d.") for t in statements), statements


def test_write_transition_writes_nothing_for_a_stale_version(file_online, staff):
    """Both databases: a dossier no longer at `version` gets neither the update nor the event."""
    s = staff(BA_DINH)
    d = file_online(commune=BA_DINH).dossier
    stale = rows.load_dossier(code=d.code)
    services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    before = rows.snapshot(stale)
    stale.version += 1
    stale.applicant_address = "không được ghi"
    event = services.append_event(stale, action="accept", from_state=1, to_state=2, actor=s["counter"],
                                  at=vn(2025, 8, 4, 10, 5))
    assert rows.write_transition(stale, before, version=d.version, event=event) is False
    assert event.pk is None
    assert DossierEvent.objects.filter(dossier_id=d.pk).count() == 2
    assert Dossier.objects.get(pk=d.pk).applicant_address != "không được ghi"


def test_the_hot_path_cursor_is_one_per_connection_and_thread(db):
    """On PostgreSQL the hot path reuses one psycopg cursor per connection — reached through
    `django.db.connection` (a proxy) or `connections[alias]` alike — and another thread, with its
    own connection, gets its own."""
    import threading

    from django.db import connection, connections

    from localgov.core.prepared import prepared_cursor

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    with prepared_cursor(connection) as a:
        pass
    with prepared_cursor(connection) as again, prepared_cursor(connections["default"]) as b:
        pass
    assert again is a and b is a
    seen = []

    def other() -> None:
        with prepared_cursor(connections["default"]) as c:
            seen.append(c)
        connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen and seen[0] is not a
