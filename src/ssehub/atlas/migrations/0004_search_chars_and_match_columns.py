"""A character index for one- and two-character CJK terms, and a covering index for reading the
columns of text matches by id (docs/decisions/0103-atlas-search-speed.md).

SQLite: an FTS5 table with the unicode61 tokenizer over `search_chars`.
PostgreSQL: a GIN index on to_tsvector('simple', search_chars).
"""

from django.db import migrations, models

from ssehub.core.search import build_search_chars

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS atlas_instrument_chars USING fts5(body, tokenize='unicode61 remove_diacritics 0')",
    "INSERT INTO atlas_instrument_chars(rowid, body) SELECT id, search_chars FROM atlas_instrument "
    "WHERE search_chars != ''",
    # Fresh statistics, so the planner does not take the new covering index for full scans.
    "ANALYZE atlas_instrument",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS atlas_instrument_chars"]
POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS atlas_instrument_search_chars ON atlas_instrument "
    "USING gin (to_tsvector('simple'::regconfig, search_chars))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS atlas_instrument_search_chars"]


def fill_search_chars(apps, schema_editor):
    Instrument = apps.get_model("atlas", "Instrument")
    changed = []
    for instrument in Instrument.objects.only("id", "search_text").iterator(chunk_size=2000):
        instrument.search_chars = build_search_chars(instrument.search_text)
        if instrument.search_chars:
            changed.append(instrument)
    Instrument.objects.bulk_update(changed, ["search_chars"], batch_size=500)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("atlas", "0003_institution_version_and_revisions")]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="search_chars",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddIndex(
            model_name="instrument",
            index=models.Index(
                fields=["id", "is_published", "title", "country", "type", "status", "year_adopted",
                        "dimension_mask", "entity_type_mask"],
                name="atlas_instr_match_cols",
            ),
        ),
        migrations.RunPython(fill_search_chars, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
