"""The events' actor index only where an actor is set. Every lookup by actor names a user (the
workload of an officer, the PROTECT check when a user is deleted); events of the system itself
(actor NULL: automatic closures, every simulated event) only cost index writes — ≈ 2 µs of
PostgreSQL CPU per event in a COPY replay of simulated events (bench/RESULTS.md, "Simulation").

The old index is dropped with SQL (SeparateDatabaseAndState): Django's AlterField would rebuild
the whole table on SQLite, which would drop the append-only triggers of migration 0002. The
partial index is an ordinary AddIndex (CREATE INDEX … WHERE, on both databases)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD = "dossiers_dossierevent_actor_id_7fade8fa"


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0005_drop_unused_like_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossierevent",
                    name="actor",
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{OLD}" ON "dossiers_dossierevent" ("actor_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="dossierevent",
            index=models.Index(condition=models.Q(actor__isnull=False), fields=["actor"], name="dossiers_event_actor"),
        ),
    ]
