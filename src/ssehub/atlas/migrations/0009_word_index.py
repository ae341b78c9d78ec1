"""PostgreSQL's word index for common Latin words (ADR 0105); nothing on SQLite."""

from django.db import migrations

from ssehub.atlas import search_words


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search_words.POSTGRES_CREATE:
        schema_editor.execute(statement)
    search_words.rebuild()


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search_words.POSTGRES_DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("atlas", "0008_facet_cache_token")]

    operations = [migrations.RunPython(create, drop)]
