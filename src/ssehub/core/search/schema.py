"""Migration operations that create text indexes (`index.TextIndex`) and fill them from the rows."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from ssehub.core.search.index import TextIndex


def index_operations(*indexes: TextIndex) -> list[migrations.operations.base.Operation]:
    """pg_trgm (PostgreSQL only), then each index's tables or indexes, filled from `search_text`.

    Databases must be created with a UTF-8 `LC_CTYPE` (e.g. `C.UTF-8`), or pg_trgm makes no CJK
    trigrams and `to_tsvector` no CJK tokens (results stay correct; the indexes cannot help).
    """

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for index in indexes:
            for statement in index.create_statements(vendor):
                schema_editor.execute(statement)
            index.rebuild()
        if vendor == "sqlite":
            # Fresh statistics, so the planner does not mistake an index for a full scan.
            for index in indexes:
                schema_editor.execute(f"ANALYZE {index.table}")

    def backwards(apps, schema_editor):
        for index in indexes:
            for statement in index.drop_statements(schema_editor.connection.vendor):
                schema_editor.execute(statement)

    return [TrigramExtension(), migrations.RunPython(forwards, backwards)]
