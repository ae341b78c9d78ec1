"""One table's text index on SQLite and PostgreSQL: substring search that works for Chinese,
Japanese and Korean (ADR 0100, 0103, 0105; shared by every part since ADR 0011).

The indexed table keeps `search_text` (lower-cased) and `search_chars` (`text.build_search_chars`).
A query is split on spaces; every term must occur in `search_text`, as a substring.
- SQLite: terms of 3+ characters go through an FTS5 table with the `trigram` tokenizer
  (`<table>_fts`, rowid = row id); one- and two-character CJK terms through an FTS5 `unicode61`
  table over `search_chars` (`<table>_chars`); other short terms use `instr()`.
- PostgreSQL: terms of 3+ letters and digits (not CJK) use the word index when the table has one
  (`words.WordIndex`); other terms of 3+ characters use `LIKE '%term%'`, served by a GIN
  `gin_trgm_ops` index on `search_text` (`<table>_search_trgm`); one- and two-character CJK terms a
  GIN index on `to_tsvector('simple', search_chars)` (`<table>_search_chars`) queried with
  `phraseto_tsquery`; other short terms `strpos()`.
Two ways to ask: `filter` / `matching_ids_sql` give every match (the atlas counts facets over them);
`newest_ids` gives the newest matches only, reading the index in descending id order and stopping
once it has enough, so a word in a fifth of a million rows costs what a rare one does.
The index tables are written by `refresh` / `store`, which the services call after every write
(never signals); `rebuild` after bulk loads.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import BooleanField, F, Func, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL

from ssehub.core.search.text import (
    MIN_TRIGRAM,
    build_search_chars,
    chars_phrase,
    fts_phrase,
    search_terms,
    uses_char_index,
)
from ssehub.core.search.words import WordIndex


@dataclass(frozen=True)
class TextIndex:
    """The search index of `table` (its id column is `id`). `max_terms` caps the terms of a query."""

    table: str
    words: WordIndex | None = None
    max_terms: int | None = None
    text_column: str = "search_text"
    chars_column: str = "search_chars"

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    @property
    def chars_table(self) -> str:
        return f"{self.table}_chars"

    def terms(self, query: str) -> list[str]:
        return search_terms(query, limit=self.max_terms)

    # --- reading --------------------------------------------------------------------------------

    def _position(self, term: str, vendor: str) -> Func:
        function = "instr" if vendor == "sqlite" else "strpos"
        return Func(F(self.text_column), Value(term), function=function, output_field=IntegerField())

    def _contains(self, queryset: QuerySet, term: str, alias: str) -> QuerySet:
        """Rows whose text holds `term`, tested on the row itself (no index)."""
        vendor = connections[queryset.db].vendor
        return queryset.alias(**{alias: self._position(term, vendor)}).filter(**{f"{alias}__gt": 0})

    def _chars_match(self, term: str) -> RawSQL:
        # The same expression as the index <table>_search_chars, so PostgreSQL uses it.
        return RawSQL(  # noqa: S611
            f"to_tsvector('simple'::regconfig, \"{self.table}\".\"{self.chars_column}\") "
            "@@ phraseto_tsquery('simple'::regconfig, %s)", [" ".join(term)], output_field=BooleanField(),
        )

    def filter(self, queryset: QuerySet, query: str) -> QuerySet:
        """Keep the rows of `queryset` (over the indexed table) holding every term of `query`."""
        vendor = connections[queryset.db].vendor
        for index, term in enumerate(self.terms(query)):
            if len(term) >= MIN_TRIGRAM and vendor == "sqlite":
                queryset = queryset.filter(id__in=RawSQL(  # noqa: S611 (table names are ours, the term a parameter)
                    f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s", [fts_phrase(term)]))  # noqa: S608
            elif self.words is not None and self.words.uses(term):
                queryset = queryset.filter(id__in=RawSQL(*self.words.match_sql(term)))  # noqa: S611
            elif len(term) >= MIN_TRIGRAM:
                queryset = queryset.filter(**{f"{self.text_column}__contains": term})
            elif uses_char_index(term) and vendor == "sqlite":
                queryset = queryset.filter(id__in=RawSQL(  # noqa: S611
                    f"SELECT rowid FROM {self.chars_table} WHERE {self.chars_table} MATCH %s", [chars_phrase(term)]))  # noqa: S608
            elif uses_char_index(term) and vendor == "postgresql":
                queryset = queryset.filter(self._chars_match(term))
            else:
                queryset = self._contains(queryset, term, f"_term_position_{index}")
        return queryset

    def matching_ids_sql(self, query: str) -> tuple[str, list] | None:
        """One statement over the index tables alone, when every term can use them: on SQLite terms
        of three or more characters (the trigram table), on PostgreSQL words (the word index).
        Reading the indexed table by id as well cost 6 of 15 ms for 10,000 atlas matches. None
        otherwise."""
        terms = self.terms(query)
        if not terms:
            return None
        if connection.vendor == "sqlite" and all(len(term) >= MIN_TRIGRAM for term in terms):
            expression = " AND ".join(fts_phrase(term) for term in terms)
            return f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s", [expression]  # noqa: S608
        if (connection.vendor == "postgresql" and self.words is not None
                and all(self.words.uses(term) for term in terms)):
            return self.words.match_all_sql(terms)
        return None

    def newest_ids(self, queryset: QuerySet, query: str, *, limit: int) -> list[int]:
        """The ids of the `limit` newest rows (highest ids) of `queryset` holding every term, in one
        query that stops once it has them. `queryset` carries the caller's rules of who may read
        what (joins included); they apply in the same statement.

        SQLite: the FTS table of the most selective indexed terms drives the query in descending
        rowid order (FTS5 reads its doclists lazily in that order) and the rows are joined to it;
        the other terms are tested with `instr()` on each joined row. PostgreSQL: `ORDER BY id DESC
        LIMIT n` with every term as a condition; the planner walks the primary key backwards for a
        common term (a few hundred rows read) and takes the GIN indexes for a rare one.
        """
        terms = self.terms(query)
        if not terms:
            return []
        queryset = queryset.order_by()
        if connections[queryset.db].vendor != "sqlite":
            return list(self.filter(queryset, query).order_by("-pk").values_list("pk", flat=True)[:limit])
        trigram_terms = [term for term in terms if len(term) >= MIN_TRIGRAM]
        char_terms = [term for term in terms if uses_char_index(term)]
        if trigram_terms:
            table, expression, driven = self.fts_table, " AND ".join(map(fts_phrase, trigram_terms)), trigram_terms
        elif char_terms:
            table, expression, driven = self.chars_table, " AND ".join(map(chars_phrase, char_terms)), char_terms
        else:
            table, expression, driven = None, "", []
        for index, term in enumerate(terms):
            if term not in driven:
                queryset = self._contains(queryset, term, f"_term_position_{index}")
        if table is None:
            return list(queryset.order_by("-pk").values_list("pk", flat=True)[:limit])
        sql, params = queryset.values(search_row_id=F("pk")).query.sql_with_params()
        # SQLite flattens the subquery into the join, so the FTS table stays the outer loop and
        # its descending rowid order satisfies ORDER BY without a sort (EXPLAIN QUERY PLAN: "SCAN
        # <table> VIRTUAL TABLE", then "SEARCH ... USING INTEGER PRIMARY KEY").
        statement = (f"SELECT readable.search_row_id FROM {table} JOIN ({sql}) AS readable "  # noqa: S608
                     f"ON readable.search_row_id = {table}.rowid "
                     f"WHERE {table} MATCH %s ORDER BY {table}.rowid DESC LIMIT %s")
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(statement, [*params, expression, limit])
            return [row[0] for row in cursor.fetchall()]

    # --- writing --------------------------------------------------------------------------------

    def refresh(self, rows: Iterable[tuple[int, str]], *, chars: list[str] | None = None) -> None:
        """Write (id, search_text) pairs into the index tables: SQLite's FTS tables, PostgreSQL's
        word index (its trigram and character indexes follow the columns by themselves). The caller
        has stored `search_chars = build_search_chars(search_text)` on the row (and may pass them as
        `chars`, in the order of `rows`, so they are not computed twice); `store` does both."""
        rows = list(rows)
        if not rows:
            return
        if connection.vendor == "postgresql":
            if self.words is not None:
                self.words.refresh(rows)
            return
        if connection.vendor != "sqlite":
            return
        self.remove(row_id for row_id, _text in rows)
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.fts_table}(rowid, body) VALUES (%s, %s)", rows)  # noqa: S608
            chars = [(row_id, build_search_chars(text)) for row_id, text in rows] if chars is None else [
                (row_id, body) for (row_id, _text), body in zip(rows, chars, strict=True)]
            cursor.executemany(
                f"INSERT INTO {self.chars_table}(rowid, body) VALUES (%s, %s)",  # noqa: S608
                [(row_id, body) for row_id, body in chars if body],
            )

    def store(self, rows: Iterable[tuple[int, str]]) -> None:
        """For writers that saved `search_text` already: store each row's `search_chars` and index it."""
        rows = list(rows)
        chars = [build_search_chars(text) for _row_id, text in rows]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {self.chars_column} = %s WHERE id = %s",  # noqa: S608
                [(body, row_id) for (row_id, _text), body in zip(rows, chars, strict=True)])
        self.refresh(rows, chars=chars)

    def remove(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if connection.vendor == "postgresql" and self.words is not None:
            self.words.remove(ids)
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                placeholders = ",".join("%s" for _ in chunk)
                for table in (self.fts_table, self.chars_table):
                    cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608

    def chars_rebuild(self) -> None:
        """Recompute `search_chars` from `search_text` for every row (after bulk loads)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {self.text_column}, {self.chars_column} FROM {self.table}")  # noqa: S608
            changed = [(chars, row_id) for row_id, text, old in cursor.fetchall()
                       if (chars := build_search_chars(text)) != old]
            cursor.executemany(f"UPDATE {self.table} SET {self.chars_column} = %s WHERE id = %s", changed)  # noqa: S608

    def rebuild(self) -> None:
        """Rebuild `search_chars` and the index tables from `search_text` (after bulk loads)."""
        self.chars_rebuild()
        if connection.vendor == "postgresql" and self.words is not None:
            self.words.rebuild(self.table, self.text_column)
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.fts_table}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {self.fts_table}(rowid, body) SELECT id, {self.text_column} FROM {self.table}"  # noqa: S608
            )
            cursor.execute(f"DELETE FROM {self.chars_table}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {self.chars_table}(rowid, body) "  # noqa: S608
                f"SELECT id, {self.chars_column} FROM {self.table} WHERE {self.chars_column} != ''"
            )
            # Deleting every row leaves tombstones beside the new segments: a re-indexed 50,000-record
            # atlas matched a common word in 19 ms instead of 8 until the segments were merged.
            for table in (self.fts_table, self.chars_table):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608

    def analyze(self) -> None:
        """Fresh planner statistics for the indexed table. PostgreSQL's choice in `newest_ids`
        rests on them: without any (right after a bulk load, before autovacuum's ANALYZE) it took
        a common word for a rare one and read 143,000 rows through the GIN index (1.2-3 s at
        1,000,000 posts) instead of walking the primary key backwards (0.5 ms)."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.table}")

    # --- schema ---------------------------------------------------------------------------------

    def create_statements(self, vendor: str) -> list[str]:
        """What a migration runs to create the index (pg_trgm must exist: `TrigramExtension`)."""
        if vendor == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} USING fts5(body, tokenize='trigram')",
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.chars_table} "
                "USING fts5(body, tokenize='unicode61 remove_diacritics 0')",
            ]
        if vendor == "postgresql":
            return [
                f"CREATE INDEX IF NOT EXISTS {self.table}_search_trgm ON {self.table} "
                f"USING gin ({self.text_column} gin_trgm_ops)",
                f"CREATE INDEX IF NOT EXISTS {self.table}_search_chars ON {self.table} "
                f"USING gin (to_tsvector('simple'::regconfig, {self.chars_column}))",
                *(self.words.create_statements() if self.words is not None else []),
            ]
        return []

    def drop_statements(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TABLE IF EXISTS {self.fts_table}", f"DROP TABLE IF EXISTS {self.chars_table}"]
        if vendor == "postgresql":
            return [f"DROP INDEX IF EXISTS {self.table}_search_trgm", f"DROP INDEX IF EXISTS {self.table}_search_chars",
                    *(self.words.drop_statements() if self.words is not None else [])]
        return []
