"""Events are append-only (ORM and database trigger), and `localgov audit verify` finds a row
edited directly in SQL."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from tests.dossiers.conftest import BA_DINH, vn

from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent


def _dossier_with_events(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    return services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 1))


def _verify() -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("audit", "verify", "--json", stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return code, json.loads(out.getvalue())


def test_intact_chain_verifies(file_online, staff):
    _dossier_with_events(file_online, staff)
    code, report = _verify()
    assert code == 0 and report["ok"]


def test_orm_refuses_update_and_delete(file_online, staff):
    d = _dossier_with_events(file_online, staff)
    ev = DossierEvent.objects.filter(dossier=d).first()
    with pytest.raises(PermissionError):
        ev.save()
    with pytest.raises(PermissionError):
        ev.delete()
    with pytest.raises(PermissionError):
        DossierEvent.objects.filter(dossier=d).update(reason="x")
    with pytest.raises(PermissionError):
        DossierEvent.objects.filter(dossier=d).delete()


def test_database_trigger_refuses_update(file_online, staff):
    d = _dossier_with_events(file_online, staff)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE dossiers_dossierevent SET reason = 'sửa' WHERE dossier_id = %s", [d.pk])


def _tamper(sql: str, params: list) -> None:
    """Edit a row behind the application's back, going around the trigger on purpose."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
            cur.execute(sql, params)
            cur.execute("SET session_replication_role = DEFAULT")
        else:
            cur.execute("DROP TRIGGER dossiers_event_no_update")
            cur.execute(sql, params)
            cur.execute(
                "CREATE TRIGGER dossiers_event_no_update BEFORE UPDATE ON dossiers_dossierevent "
                "BEGIN SELECT RAISE(ABORT, 'dossier events are append-only (UPDATE refused)'); END;"
            )


def test_sql_edit_is_reported_with_the_first_broken_link(file_online, staff):
    d = _dossier_with_events(file_online, staff)
    _tamper("UPDATE dossiers_dossierevent SET reason = 'đã sửa' WHERE dossier_id = %s AND seq = 2", [d.pk])
    code, report = _verify()
    assert code == 1 and not report["ok"]
    (link,) = [b for b in report["broken"] if b["dossier_code"] == d.code]
    assert link["seq"] == 2 and "sửa" in link["problem"]
