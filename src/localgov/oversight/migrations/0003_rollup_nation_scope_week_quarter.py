"""Rollup scope "n" (nation × procedure) and grains "w" (ISO week) and "q" (quarter), filled for
facts already present from the rollups there are (the incremental hook and `facts rebuild` keep
them from here on): n from r; w from the day rows of p; q from the month rows of p, c, r, n.
Self-contained SQL (no app import), PostgreSQL and SQLite."""

from django.db import migrations, models

KEY = {"id", "grain", "scope", "bucket", "province_code", "commune_code", "procedure_id", "channel"}


def _week(vendor: str) -> str:
    return ("CAST(date_trunc('week', bucket) AS date)" if vendor == "postgresql"
            else "date(bucket, 'weekday 0', '-6 days')")


def _quarter(vendor: str) -> str:
    return ("CAST(date_trunc('quarter', bucket) AS date)" if vendor == "postgresql"
            else "date(bucket, '-' || ((CAST(strftime('%m', bucket) AS INTEGER) - 1) % 3) || ' months')")


def fill(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    rollup = apps.get_model("oversight", "FactRollup")
    table = rollup._meta.db_table
    counters = [f.column for f in rollup._meta.concrete_fields if f.column not in KEY]
    cols = ", ".join(counters)
    sums = ", ".join(f"SUM({c})" for c in counters)
    vendor = schema_editor.connection.vendor
    steps = [  # (new grain, new scope, bucket expr, province expr, source grain, source scope)
        ("d", "n", "bucket", "''", "d", "r"),
        ("m", "n", "bucket", "''", "m", "r"),
        ("w", "p", _week(vendor), "province_code", "d", "p"),
        ("q", "p", _quarter(vendor), "province_code", "m", "p"),
        ("q", "c", _quarter(vendor), "province_code", "m", "c"),
        ("q", "r", _quarter(vendor), "province_code", "m", "r"),
        ("q", "n", _quarter(vendor), "''", "m", "n"),
    ]
    schema_editor.execute(f"DELETE FROM {table} WHERE scope = 'n' OR grain IN ('w', 'q')")  # noqa: S608
    for grain, scope, bucket, province, src_grain, src_scope in steps:
        commune = "commune_code" if scope == "c" else "''"
        group = ", ".join(g for g in (bucket, province, commune, "procedure_id", "channel") if g != "''")
        schema_editor.execute(
            f"INSERT INTO {table} (grain, scope, bucket, province_code, commune_code, procedure_id, channel, "  # noqa: S608
            f"{cols}) SELECT '{grain}', '{scope}', {bucket}, {province}, {commune}, procedure_id, channel, {sums} "
            f"FROM {table} WHERE grain = '{src_grain}' AND scope = '{src_scope}' GROUP BY {group}"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0002_remove_duefact_oversight_duefact_day_and_more'),
    ]

    operations = [
        migrations.AlterField(
            model_name='factrollup',
            name='bucket',
            field=models.DateField(verbose_name='ngày đầu của ngày / tuần / tháng / quý'),
        ),
        migrations.AlterField(
            model_name='factrollup',
            name='grain',
            field=models.CharField(choices=[('d', 'Ngày'), ('w', 'Tuần (từ thứ Hai)'), ('m', 'Tháng'),
                                            ('q', 'Quý')], max_length=1),
        ),
        migrations.AlterField(
            model_name='factrollup',
            name='province_code',
            field=models.CharField(blank=True, max_length=2),
        ),
        migrations.AlterField(
            model_name='factrollup',
            name='scope',
            field=models.CharField(choices=[('p', 'Tỉnh'), ('c', 'Xã'), ('r', 'Tỉnh × thủ tục'),
                                            ('n', 'Toàn quốc × thủ tục')], max_length=1),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
