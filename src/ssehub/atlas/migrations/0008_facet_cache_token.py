import uuid

from django.db import migrations


def give_the_version_a_token(apps, schema_editor):
    """The in-memory search columns are kept only under a (counter, token) key (ADR 0105); without
    a token every search would reload them until the next atlas write."""
    FacetCache = apps.get_model("atlas", "FacetCache")
    version, _created = FacetCache.objects.get_or_create(key="version", defaults={"version": 1})
    version.data = {"token": uuid.uuid4().hex}
    version.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0007_title_languages_from_working_languages"),
    ]

    operations = [
        migrations.RunPython(give_the_version_a_token, migrations.RunPython.noop),
    ]
