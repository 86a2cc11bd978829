"""Events are append-only in the database too: a trigger refuses UPDATE and DELETE on
dossiers_dossierevent (PostgreSQL and SQLite). Tests that simulate tampering must go
around it deliberately (on PostgreSQL: SET session_replication_role = replica)."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION dossiers_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'dossier events are append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossiers_event_no_update BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION dossiers_event_append_only();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS dossiers_event_no_update ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS dossiers_event_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER dossiers_event_no_update BEFORE UPDATE ON dossiers_dossierevent
       BEGIN SELECT RAISE(ABORT, 'dossier events are append-only (UPDATE refused)'); END;""",
    """CREATE TRIGGER dossiers_event_no_delete BEFORE DELETE ON dossiers_dossierevent
       BEGIN SELECT RAISE(ABORT, 'dossier events are append-only (DELETE refused)'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS dossiers_event_no_update;", "DROP TRIGGER IF EXISTS dossiers_event_no_delete;"]


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        for sql in SQLITE_UP:
            schema_editor.execute(sql)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
