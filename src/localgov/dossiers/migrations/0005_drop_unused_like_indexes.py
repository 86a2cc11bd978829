"""PostgreSQL: drop the `varchar_pattern_ops` twins Django creates beside the unique indexes of
`dossiers_dossier.code` and `.idempotency_key`. They serve only `LIKE 'prefix%'`; the code
search is `icontains` (UPPER(code) LIKE '%…%', which no B-tree serves) and idempotency keys are
looked up by equality (the unique indexes). Every insert and every non-HOT update — each state
change — maintained both for nothing. The fields stay `unique=True`; Django drops these twins
with IF EXISTS should a later migration alter the fields. SQLite has no such indexes."""

from django.db import migrations

INDEXES = ("dossiers_dossier_code_6d68c351_like", "dossiers_dossier_idempotency_key_88654b0f_like")


def drop(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor == "postgresql":
        for name, column in zip(INDEXES, ("code", "idempotency_key"), strict=True):
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "dossiers_dossier" ("{column}" varchar_pattern_ops)')


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0004_event_dossier_index_covered_by_unique"),
    ]

    operations = [migrations.RunPython(drop, create)]
