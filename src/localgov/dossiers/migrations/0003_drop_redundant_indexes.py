"""Drop five indexes of dossiers_dossier that duplicate a composite index's prefix (province_code
and its LIKE twin, received_centre, competent_agency, assignee) or another index (applicant_user):
every insert and every non-HOT update (each state change) maintained them for nothing."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0002_append_only_events'),
        ('units', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='dossier',
            name='dossiers_do_applica_1e70ea_idx',
        ),
        migrations.AlterField(
            model_name='dossier',
            name='assignee',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_dossiers', to=settings.AUTH_USER_MODEL),  # noqa: E501
        ),
        migrations.AlterField(
            model_name='dossier',
            name='competent_agency',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='dossiers', to='units.agency'),  # noqa: E501
        ),
        migrations.AlterField(
            model_name='dossier',
            name='province_code',
            field=models.CharField(max_length=2, verbose_name='mã tỉnh (thẩm quyền)'),
        ),
        migrations.AlterField(
            model_name='dossier',
            name='received_centre',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='received_dossiers', to='units.servicecentre'),  # noqa: E501
        ),
    ]
