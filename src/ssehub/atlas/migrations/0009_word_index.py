"""PostgreSQL's word index for common Latin words (ADR 0105); nothing on SQLite."""

from django.db import migrations

from ssehub.atlas.search import INSTRUMENTS


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INSTRUMENTS.words.create_statements():
        schema_editor.execute(statement)
    INSTRUMENTS.words.rebuild(INSTRUMENTS.table)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INSTRUMENTS.words.drop_statements():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("atlas", "0008_facet_cache_token")]

    operations = [migrations.RunPython(create, drop)]
