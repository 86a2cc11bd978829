"""DueRollup: the due-day histogram per province × procedure by due day and due month, filled
from DueFact (the incremental upserts and `facts rebuild` keep it from here on)."""

from django.db import migrations, models


def fill(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    due = apps.get_model("oversight", "DueFact")._meta.db_table
    rollup = apps.get_model("oversight", "DueRollup")._meta.db_table
    month = ("CAST(date_trunc('month', due_day) AS date)" if schema_editor.connection.vendor == "postgresql"
             else "date(due_day, 'start of month')")
    for grain, bucket in (("d", "due_day"), ("m", month)):
        schema_editor.execute(
            f"INSERT INTO {rollup} (grain, bucket, province_code, procedure_id, open_count) "  # noqa: S608
            f"SELECT '{grain}', {bucket}, province_code, procedure_id, SUM(open_count) FROM {due} "
            f"GROUP BY {bucket}, province_code, procedure_id HAVING SUM(open_count) <> 0"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0003_rollup_nation_scope_week_quarter'),
    ]

    operations = [
        migrations.CreateModel(
            name='DueRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('grain', models.CharField(choices=[('d', 'Ngày'), ('m', 'Tháng')], max_length=1)),
                ('bucket', models.DateField(verbose_name='ngày đến hạn / tháng đến hạn')),
                ('province_code', models.CharField(max_length=2)),
                ('procedure_id', models.IntegerField()),
                ('open_count', models.BigIntegerField(db_default=0, default=0, verbose_name='hồ sơ đang giải quyết')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('grain', 'bucket', 'province_code', 'procedure_id'),
                                                        name='oversight_duerollup_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
