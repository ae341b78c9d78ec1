"""Text search shared by every part of the site (ADR 0011): substring matching that finds words
inside Chinese, Japanese and Korean text, on SQLite and PostgreSQL alike.

- `text`: the stored forms (`build_search_text`, `build_search_chars`) and a query's terms;
- `index.TextIndex`: one table's index — how to filter by it, its newest matches, how to write,
  rebuild, create and drop it;
- `words.WordIndex`: PostgreSQL's word index for common Latin words (used by the atlas);
- `schema.index_operations`: the migration operations that create indexes and fill them.
"""

from ssehub.core.search.index import TextIndex
from ssehub.core.search.scripts import is_cjk
from ssehub.core.search.text import build_search_chars, build_search_text, search_terms
from ssehub.core.search.words import WordIndex

__all__ = ["TextIndex", "WordIndex", "build_search_chars", "build_search_text", "is_cjk", "search_terms"]
