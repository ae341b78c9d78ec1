"""The sort and facet columns of every published instrument, kept in each process's memory (ADR 0105).

A common word matches a fifth of the atlas. Fetching those 10,000 rows' columns from the database
into Python cost more than the text match itself (17 of 26 ms on SQLite at 50,000 instruments), and
the database cannot count six facets over them in one pass. Search engines keep such columns beside
their index ("doc values"); this module does the same, so a search asks the database only for the
ids its words match.

Never stale: every atlas write calls `facet_cache.data_changed()` in its transaction, which bumps
a counter and draws a new random token. A snapshot is used only while the (counter, token) pair it
was loaded under is current, and the pair is read before the rows, so a snapshot is never older
than its key. The token keeps keys unique when a rollback or a restored backup brings an old counter
value back. Without a token (a database never written through the services) nothing is kept: each
search reads the columns afresh.

Each row is (id, title rank, country, type, status, year adopted, dimension mask, entity mask,
lower-cased titles); the rank is the position in the database's own `ORDER BY title, id`, so
sorting by it gives the same order (and the same collation) as the result list without words; the
titles rank the best matches first (ADR 0107).
"""

import sys
import threading
from dataclasses import dataclass

from django.db import connections

from ssehub.atlas.facet_cache import current_key


@dataclass(frozen=True)
class Snapshot:
    key: tuple
    rows_by_id: dict[int, tuple]

    def rows(self, ids) -> list[tuple]:
        """The published instruments among `ids`, in the order given."""
        found = self.rows_by_id.get
        return [row for row in map(found, ids) if row is not None]


_snapshots: dict[str, Snapshot] = {}
_loading = threading.Lock()


def _load(key: tuple, using: str) -> Snapshot:
    from ssehub.atlas.selectors import published_instruments  # selectors import this module

    queryset = (published_instruments().using(using).order_by("title", "id")
                .values_list("id", "country", "type", "status", "year_adopted", "dimension_mask",
                             "entity_type_mask", "title_search"))
    sql, params = queryset.query.sql_with_params()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    # Short codes repeat on every row; interned, 50,000 rows hold one copy of each.
    intern = sys.intern
    rows_by_id = {
        row_id: (row_id, rank, intern(country), intern(kind), intern(status), year, dimensions, entities,
                 titles)
        for rank, (row_id, country, kind, status, year, dimensions, entities, titles) in enumerate(fetched)
    }
    return Snapshot(key=key, rows_by_id=rows_by_id)


def snapshot(using: str = "default") -> Snapshot:
    """The columns as of the latest atlas write: one query when current, two when reloaded."""
    key = current_key(using)
    # Tests and tools may point one process at several databases over its life.
    slot = f"{using}:{connections[using].settings_dict['NAME']}"
    if key is None:
        return _load(None, using)
    current = _snapshots.get(slot)
    if current is not None and current.key == key:
        return current
    with _loading:
        current = _snapshots.get(slot)
        if current is None or current.key != key:
            current = _load(key, using)
            _snapshots[slot] = current
    return current
