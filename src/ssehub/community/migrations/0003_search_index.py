"""The community's text indexes (ADR 0011): each searchable table's CJK characters
(`search_chars`), then the shared component's indexes, filled from the stored `search_text` —
FTS5 trigram and character tables on SQLite; pg_trgm and character GIN indexes on PostgreSQL.
"""

from django.db import migrations, models

from ssehub.community.search import INDEXES
from ssehub.core.search.schema import index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0002_case_links'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='search_chars',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='post',
            name='search_chars',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='resource',
            name='search_chars',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='topic',
            name='search_chars',
            field=models.TextField(default='', editable=False),
        ),
        *index_operations(*INDEXES),
    ]
