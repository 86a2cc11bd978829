"""Audit tables are append-only in the database too: a trigger refuses UPDATE (and, on
PostgreSQL, DELETE) on access_grantaudit and access_personaldataaccess. On SQLite only
UPDATE is refused at the database level, so that test-database flushes (DELETE FROM) keep
working; the ORM refuses deletes on both (models.AppendOnlyModel)."""

from django.db import migrations

TABLES = ("access_grantaudit", "access_personaldataaccess")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION access_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit records are append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql;
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION access_audit_append_only();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'audit records are append-only (UPDATE refused)'); END;"
            )


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS access_audit_append_only();")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")


class Migration(migrations.Migration):
    dependencies = [("access", "0002_audit_lockout_identity")]
    operations = [migrations.RunPython(up, down)]
