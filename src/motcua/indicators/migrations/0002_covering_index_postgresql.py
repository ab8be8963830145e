"""On PostgreSQL, a covering index lets the all-units scorecard (a day range of
UnitDailyRollup, grouped by unit or province) answer from the index alone. SQLite has no
INCLUDE; it keeps the plain (day, unit) index."""

from django.db import migrations

NAME = "indicators_unit_day_cover"
COLUMNS = (
    "unit, province, n, received, online, online_ok, ended, duration_s, "
    "needs_result, result_state, e_result, fee_bearing, paid_online, digitised, reused, "
    "store_linked, registry, certified_copy, certified_copy_e, rated, disliked, complained, "
    "result_due, e_result_due, unhappy"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON indicators_unitdailyrollup (day) "
            f"INCLUDE ({COLUMNS})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_rollups")]

    operations = [migrations.RunPython(create, drop)]
