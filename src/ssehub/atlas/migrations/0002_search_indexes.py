"""Search indexes per database (docs/decisions/0100-atlas-search.md).

SQLite: an FTS5 table with the trigram tokenizer, filled from atlas_instrument.search_text.
PostgreSQL: the pg_trgm extension and a GIN trigram index on the searched column.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS atlas_instrument_fts USING fts5(body, tokenize='trigram')",
    "INSERT INTO atlas_instrument_fts(rowid, body) SELECT id, search_text FROM atlas_instrument",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS atlas_instrument_fts"]
POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS atlas_instrument_search_trgm ON atlas_instrument "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS atlas_instrument_search_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("atlas", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
