"""The atlas's instruments in the shared text index (`ssehub.core.search`, ADR 0011).

Each instrument keeps `search_text`: its titles, summary, place and its institution's names, lower-
cased (ADR 0100); `search_chars` for one- and two-character CJK terms (ADR 0103); `title_search` for
the best-match order (ADR 0107). On PostgreSQL the atlas also keeps a word index, so a common word's
ids come without rechecking long rows (ADR 0105). The index tables are those the atlas migrations
created: `atlas_instrument_fts` and `atlas_instrument_chars` on SQLite; `atlas_instrument_search_trgm`,
`atlas_instrument_search_chars`, `atlas_search_vocabulary` and `atlas_instrument_words` on PostgreSQL.
The services call `search_index_refresh` after every write (never signals).
"""

from ssehub.core.search import TextIndex, WordIndex, build_search_chars, build_search_text, search_terms

INSTRUMENTS = TextIndex(
    table="atlas_instrument",
    words=WordIndex(vocabulary="atlas_search_vocabulary", table="atlas_instrument_words", key="instrument_id"),
)

__all__ = [
    "INSTRUMENTS", "build_search_chars", "build_search_text", "build_title_search", "filter_text",
    "matching_ids_sql", "search_index_rebuild", "search_index_refresh", "search_index_remove", "search_terms",
]


def build_title_search(title: str, title_local: str) -> str:
    return build_search_text(title, title_local)


filter_text = INSTRUMENTS.filter
matching_ids_sql = INSTRUMENTS.matching_ids_sql
search_index_refresh = INSTRUMENTS.refresh
search_index_remove = INSTRUMENTS.remove
search_index_rebuild = INSTRUMENTS.rebuild
