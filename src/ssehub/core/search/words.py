"""PostgreSQL's word index: common Latin words without reading every matching row (ADR 0105, 0011).

A trigram match must recheck the text of each candidate row; for a word found in a fifth of a table
that reads nearly every page of it. A word index answers the same question from two small tables:
- a vocabulary `(id, word)`: every distinct word, with a trigram GIN index;
- a words table `(<key>, word_ids int[])`: the words of each indexed row, with a GIN index on the
  array.
A *word* is a maximal run of letters, digits and marks that are not CJK (`word_tokens`). A term made
only of such characters occurs in `search_text` exactly when it occurs inside one of its words, so
`word_ids && ARRAY(vocabulary ids whose word contains the term)` finds the same rows as
`search_text LIKE '%term%'`: `cooperative` still finds `noncooperative`. Substring semantics stay.
Terms with CJK characters, punctuation or fewer than three characters keep the other paths.
Vocabulary rows are never deleted: a word no row uses any more matches nothing.
"""

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from ssehub.core.search.scripts import is_cjk

MIN_WORD_TERM = 3  # the vocabulary's trigram index serves terms of three characters or more


def is_word_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Co" or (category[0] in "LNM" and not is_cjk(char))


class _SpaceForNonWordChars(dict):
    """A `str.translate` table decided per character on first sight: tokenising a whole table
    stays in C after the first few hundred distinct characters."""

    def __missing__(self, code: int):
        self[code] = code if is_word_char(chr(code)) else " "
        return self[code]


_TO_SPACES = _SpaceForNonWordChars()


def word_tokens(search_text: str) -> list[str]:
    """The distinct words of a text, sorted: `co-op 合作社 abc2` -> ['abc2', 'co', 'op']."""
    return sorted(set(search_text.translate(_TO_SPACES).split()))


def is_word_term(term: str) -> bool:
    return len(term) >= MIN_WORD_TERM and all(is_word_char(char) for char in term)


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class WordIndex:
    """The word index of one table: its own `vocabulary`, and `table` holding each row's word ids
    under the column `key` (the indexed row's id)."""

    vocabulary: str
    table: str
    key: str

    def uses(self, term: str) -> bool:
        return connection.vendor == "postgresql" and is_word_term(term)

    def _words_containing(self) -> str:
        return f"word_ids && ARRAY(SELECT id FROM {self.vocabulary} WHERE word LIKE %s)"  # noqa: S608

    def match_sql(self, term: str) -> tuple[str, list]:
        """SQL selecting the ids of rows whose words contain `term`."""
        return (f"SELECT {self.key} FROM {self.table} WHERE {self._words_containing()}",  # noqa: S608
                [_like_pattern(term)])

    def match_all_sql(self, terms: list[str]) -> tuple[str, list]:
        """SQL selecting the ids of rows whose words contain every one of `terms`."""
        condition = " AND ".join(self._words_containing() for _term in terms)
        return f"SELECT {self.key} FROM {self.table} WHERE {condition}", [_like_pattern(term) for term in terms]  # noqa: S608

    # Two statements per batch, whatever its size: its distinct words as one array (the vocabulary
    # insert no longer takes them DISTINCT out of every row's words: 0.2 s instead of 1.5 for 10,000
    # rows), and each row's words as positions in that array ({"id": [1, 5, ...]} in JSON).
    def _write_vocabulary_sql(self) -> str:
        return (f"INSERT INTO {self.vocabulary} (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT ((md5(word))) DO NOTHING")

    def _write_words_sql(self) -> str:
        # md5 keeps the unique index small whatever a word's length; the word itself is compared too,
        # with IS NOT DISTINCT FROM so the planner cannot answer `=` from the trigram index (pg_trgm
        # serves equality): it did, word by word, and re-indexing 50,000 records took 150 s, not 12.
        # The md5s of the batch's words, a condition on the vocabulary alone, let the planner read
        # only those words (through the md5 index when they are few): joined to the batch alone, the
        # vocabulary was read whole into a hash table at every refresh (85-130 ms for one record at
        # 100,000 words). Each distinct word is looked up once (`known`, kept apart from the rows so
        # the planner cannot look them up once per row and word), then the rows take their ids by
        # position: 10,000 rows took 1 s instead of 2.5 (at 100,000 words, 43 words a row).
        return (
            "WITH words(word, n) AS (SELECT * FROM unnest(%s::text[]) WITH ORDINALITY), "  # noqa: S608
            f"known(n, id) AS MATERIALIZED (SELECT w.n, v.id FROM words w JOIN {self.vocabulary} v "
            "ON md5(v.word) = md5(w.word) AND v.word IS NOT DISTINCT FROM w.word "
            "WHERE md5(v.word) = ANY(%s::text[])), "
            "found AS (SELECT e.key::int AS row_id, array_agg(k.id) AS word_ids "
            "FROM jsonb_each(%s::jsonb) AS e, jsonb_array_elements_text(e.value) AS p(n) "
            "JOIN known k ON k.n = p.n::bigint GROUP BY 1) "
            f"INSERT INTO {self.table} ({self.key}, word_ids) "
            "SELECT e.key::int, COALESCE(found.word_ids, '{}') FROM jsonb_each(%s::jsonb) AS e "
            "LEFT JOIN found ON found.row_id = e.key::int "
            f"ON CONFLICT ({self.key}) DO UPDATE SET word_ids = EXCLUDED.word_ids"
        )

    def refresh(self, rows: Iterable[tuple[int, str]]) -> None:
        """Index (id, search_text) pairs."""
        with connection.cursor() as cursor:
            for sql, params in self.refresh_statements(rows):
                cursor.execute(sql, params)

    def refresh_statements(self, rows: Iterable[tuple[int, str]]) -> list[tuple[str, list]]:
        """The statements `refresh` runs, with their parameters (none for no rows)."""
        tokens = {row_id: word_tokens(text) for row_id, text in rows}
        if not tokens:
            return []
        words = sorted({word for row_words in tokens.values() for word in row_words})
        position = {word: number for number, word in enumerate(words, start=1)}
        batch = json.dumps({str(row_id): [position[word] for word in row_words]
                            for row_id, row_words in tokens.items()})
        # PostgreSQL's md5() of text hashes its UTF-8 bytes, as this does.
        digests = [hashlib.md5(word.encode(), usedforsecurity=False).hexdigest() for word in words]
        return [(self._write_vocabulary_sql(), [words]), (self._write_words_sql(), [words, digests, batch, batch])]

    def remove(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE {self.key} = ANY(%s)", [ids])  # noqa: S608

    def rebuild(self, source_table: str, text_column: str = "search_text") -> None:
        """Index every row of `source_table` afresh (the vocabulary too: it belongs to this index)."""
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {self.table}, {self.vocabulary}")
            cursor.execute(f"SELECT id, {text_column} FROM {source_table}")  # noqa: S608
            rows = cursor.fetchall()
        for start in range(0, len(rows), 5000):
            self.refresh(rows[start:start + 5000])

    def create_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.vocabulary} (id serial PRIMARY KEY, word text NOT NULL)",
            f"CREATE UNIQUE INDEX IF NOT EXISTS {self.vocabulary}_md5 ON {self.vocabulary} ((md5(word)))",
            f"CREATE INDEX IF NOT EXISTS {self.vocabulary}_trgm ON {self.vocabulary} USING gin (word gin_trgm_ops)",
            f"CREATE TABLE IF NOT EXISTS {self.table} ({self.key} integer PRIMARY KEY, word_ids integer[] NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {self.table}_gin ON {self.table} USING gin (word_ids)",
        ]

    def drop_statements(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.table}", f"DROP TABLE IF EXISTS {self.vocabulary}"]
