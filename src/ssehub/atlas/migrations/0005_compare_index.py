"""An index for the compare page: its matrix and chart read only these columns (ADR 0103)."""

from django.db import migrations, models


def analyze(apps, schema_editor):
    # Fresh statistics on SQLite, so the planner weighs the new index against the others.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE atlas_instrument")


class Migration(migrations.Migration):
    dependencies = [("atlas", "0004_search_chars_and_match_columns")]

    operations = [
        migrations.AddIndex(
            model_name="instrument",
            index=models.Index(fields=["is_published", "country", "dimension_mask", "year_adopted"],
                               name="atlas_instr_pub_country_dims"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
