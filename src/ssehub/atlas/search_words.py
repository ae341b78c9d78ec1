"""PostgreSQL's word index: common Latin words without reading every matching row (ADR 0105).

A trigram match must recheck `search_text` in each candidate row; for a word found in 10,000 of
50,000 instruments that reads nearly every page of the table (~20 ms). This index answers the same
question from two small tables:
- `atlas_search_vocabulary(id, word)`: every distinct word of the atlas, with a trigram GIN index;
- `atlas_instrument_words(instrument_id, word_ids int[])`: the words of each instrument, with a
  GIN index on the array.
A *word* is a maximal run of letters, digits and marks that are not CJK (`word_tokens`). A term made
only of such characters occurs in `search_text` exactly when it occurs inside one of its words, so
`word_ids && ARRAY(vocabulary ids whose word contains the term)` finds the same instruments as
`search_text LIKE '%term%'`: `cooperative` still finds `noncooperative`. Substring semantics stay.
Terms with CJK characters, punctuation or fewer than three characters keep the other paths.
Vocabulary rows are never deleted: a word no instrument uses any more matches nothing.
"""

import json
import unicodedata
from collections.abc import Iterable

from django.db import connection

from ssehub.atlas.scripts import is_cjk

VOCABULARY_TABLE = "atlas_search_vocabulary"
WORDS_TABLE = "atlas_instrument_words"
MIN_WORD_TERM = 3  # the vocabulary's trigram index serves terms of three characters or more


def is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Co" or (category[0] in "LNM" and not is_cjk(char))


class _SpaceForNonWordChars(dict):
    """A `str.translate` table decided per character on first sight: tokenising the whole atlas
    stays in C after the first few hundred distinct characters."""

    def __missing__(self, code: int):
        self[code] = code if is_word_char(chr(code)) else " "
        return self[code]


_TO_SPACES = _SpaceForNonWordChars()


def word_tokens(search_text: str) -> list[str]:
    """The distinct words of a text, sorted: `co-op 合作社 abc2` -> ['abc2', 'co', 'op']."""
    return sorted(set(search_text.translate(_TO_SPACES).split()))


def uses_word_index(term: str) -> bool:
    return (connection.vendor == "postgresql" and len(term) >= MIN_WORD_TERM
            and all(is_word_char(char) for char in term))


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _words_containing(term: str) -> str:
    return f"word_ids && ARRAY(SELECT id FROM {VOCABULARY_TABLE} WHERE word LIKE %s)"  # noqa: S608


def match_sql(term: str) -> tuple[str, list]:
    """SQL selecting the ids of instruments whose words contain `term`."""
    return f"SELECT instrument_id FROM {WORDS_TABLE} WHERE {_words_containing(term)}", [_like_pattern(term)]  # noqa: S608


def match_all_sql(terms: list[str]) -> tuple[str, list]:
    """SQL selecting the ids of instruments whose words contain every one of `terms`."""
    condition = " AND ".join(_words_containing(term) for term in terms)
    return (f"SELECT instrument_id FROM {WORDS_TABLE} WHERE {condition}",  # noqa: S608
            [_like_pattern(term) for term in terms])


# One statement per batch, whatever its size: the batch arrives as {"id": [words]} in JSON.
_BATCH = "batch(instrument_id, word) AS (SELECT e.key::int, w.word FROM jsonb_each(%s::jsonb) AS e, " \
    "jsonb_array_elements_text(e.value) AS w(word))"
_WRITE_VOCABULARY = (
    f"WITH {_BATCH} INSERT INTO {VOCABULARY_TABLE} (word) SELECT DISTINCT word FROM batch "  # noqa: S608
    "ON CONFLICT ((md5(word))) DO NOTHING"
)
# md5 keeps the unique index small whatever a word's length; the word itself is compared too, with
# IS NOT DISTINCT FROM so the planner cannot answer `=` from the trigram index (pg_trgm serves
# equality): it did, word by word, and re-indexing 50,000 records took 150 s instead of 12.
_WRITE_WORDS = (
    f"WITH {_BATCH}, found AS (SELECT b.instrument_id, array_agg(v.id) AS word_ids FROM batch b "  # noqa: S608
    f"JOIN {VOCABULARY_TABLE} v ON md5(v.word) = md5(b.word) AND v.word IS NOT DISTINCT FROM b.word "
    "GROUP BY b.instrument_id) "
    f"INSERT INTO {WORDS_TABLE} (instrument_id, word_ids) "
    "SELECT e.key::int, COALESCE(found.word_ids, '{}') FROM jsonb_each(%s::jsonb) AS e "
    "LEFT JOIN found ON found.instrument_id = e.key::int "
    "ON CONFLICT (instrument_id) DO UPDATE SET word_ids = EXCLUDED.word_ids"
)


def refresh(rows: Iterable[tuple[int, str]]) -> None:
    """Index (id, search_text) pairs."""
    batch = json.dumps({str(row_id): word_tokens(text) for row_id, text in rows}, ensure_ascii=False)
    if batch == "{}":
        return
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_VOCABULARY, [batch])
        cursor.execute(_WRITE_WORDS, [batch, batch])


def remove(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {WORDS_TABLE} WHERE instrument_id = ANY(%s)", [ids])  # noqa: S608


def rebuild() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {WORDS_TABLE}, {VOCABULARY_TABLE}")
        cursor.execute("SELECT id, search_text FROM atlas_instrument")
        rows = cursor.fetchall()
    for start in range(0, len(rows), 5000):
        refresh(rows[start:start + 5000])


POSTGRES_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {VOCABULARY_TABLE} (id serial PRIMARY KEY, word text NOT NULL)",
    f"CREATE UNIQUE INDEX IF NOT EXISTS {VOCABULARY_TABLE}_md5 ON {VOCABULARY_TABLE} ((md5(word)))",
    f"CREATE INDEX IF NOT EXISTS {VOCABULARY_TABLE}_trgm ON {VOCABULARY_TABLE} USING gin (word gin_trgm_ops)",
    f"CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (instrument_id integer PRIMARY KEY, word_ids integer[] NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {WORDS_TABLE}_gin ON {WORDS_TABLE} USING gin (word_ids)",
]
POSTGRES_DROP = [f"DROP TABLE IF EXISTS {WORDS_TABLE}", f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}"]
