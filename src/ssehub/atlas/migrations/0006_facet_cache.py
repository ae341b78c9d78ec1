"""Cached unfiltered facet counts keyed by a write counter (ADR 0103)."""

from django.db import migrations, models


def create_version_row(apps, schema_editor):
    FacetCache = apps.get_model("atlas", "FacetCache")
    FacetCache.objects.get_or_create(key="version", defaults={"version": 1})


class Migration(migrations.Migration):
    dependencies = [("atlas", "0005_compare_index")]

    operations = [
        migrations.CreateModel(
            name="FacetCache",
            fields=[
                ("key", models.CharField(max_length=32, primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
                ("data", models.JSONField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
    ]
