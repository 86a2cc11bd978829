"""Drop the events' single-column dossier index: the unique (dossier_id, seq) index serves every
lookup by dossier, and the second index cost every event insert.

Only the index is dropped (SeparateDatabaseAndState): Django's AlterField would re-create the
foreign key on PostgreSQL and rebuild the whole table on SQLite, which would drop the
append-only triggers of migration 0002."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "dossiers_dossierevent_dossier_id_90237d93"


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0003_drop_redundant_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossierevent",
                    name="dossier",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="events", to="dossiers.dossier"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "dossiers_dossierevent" ("dossier_id")',
                ),
            ],
        ),
    ]
