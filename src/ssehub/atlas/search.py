"""Substring search that works for Chinese, Japanese and Korean on SQLite and PostgreSQL.

Design (docs/decisions/0100-atlas-search.md): each instrument keeps `search_text`, its titles,
summary and institution names in lower case. A query is split on spaces; every term must occur.
- SQLite: terms of 3+ characters go through an FTS5 table with the `trigram` tokenizer
  (`atlas_instrument_fts`, rowid = instrument id); shorter terms use `instr()`.
- PostgreSQL: terms of 3+ letters and digits (not CJK) use the word index of `search_words`
  (ADR 0105); other terms of 3+ characters use `LIKE '%term%'`, served by a GIN `gin_trgm_ops`
  index on `search_text`; shorter terms use `strpos()` (no trigram exists for them).
- One- and two-character terms made only of CJK characters use a character index instead of a
  scan (docs/decisions/0103): `search_chars` holds every CJK character of `search_text` as its own
  token, with `x` standing for each run of anything else, so a term is a token (`社`) or a
  two-token phrase (`"合 作"`) and matches exactly when `search_text` contains it. SQLite: an FTS5
  `unicode61` table `atlas_instrument_chars`; PostgreSQL: a GIN index on
  `to_tsvector('simple', search_chars)` queried with `phraseto_tsquery`.
The FTS tables and the word index are written by `search_index_refresh`, which the atlas services call after every
write (never signals).
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL

from ssehub.atlas import search_words
from ssehub.atlas.scripts import is_cjk

FTS_TABLE = "atlas_instrument_fts"
CHARS_TABLE = "atlas_instrument_chars"
MIN_TRIGRAM = 3
OTHER_MARK = "x"  # stands for a run of non-CJK characters in `search_chars`


def build_search_text(*parts: str) -> str:
    return "\n".join(part for part in parts if part).lower()


def build_title_search(title: str, title_local: str) -> str:
    return build_search_text(title, title_local)


def build_search_chars(search_text: str) -> str:
    """Every CJK character as its own token, each run of other characters as one `x`; empty when
    the text has no CJK character. `合作社法 2012` -> `合 作 社 法 x`."""
    if search_text.isascii():
        return ""
    tokens: list[str] = []
    for char in search_text:
        if is_cjk(char):
            tokens.append(char)
        elif not tokens or tokens[-1] != OTHER_MARK:
            tokens.append(OTHER_MARK)
    return " ".join(tokens) if any(token != OTHER_MARK for token in tokens) else ""


def _uses_char_index(term: str) -> bool:
    return len(term) < MIN_TRIGRAM and all(is_cjk(char) for char in term)


def search_terms(query: str) -> list[str]:
    return [term for term in query.lower().split() if term]


def _position(term: str, vendor: str) -> Func:
    function = "instr" if vendor == "sqlite" else "strpos"
    return Func(F("search_text"), Value(term), function=function, output_field=IntegerField())


def filter_text(queryset: QuerySet, query: str) -> QuerySet:
    """Keep instruments whose titles, summary or institution contain every term of `query`."""
    vendor = connection.vendor
    for index, term in enumerate(search_terms(query)):
        if len(term) >= MIN_TRIGRAM and vendor == "sqlite":
            phrase = '"' + term.replace('"', '""') + '"'
            queryset = queryset.filter(
                id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])  # noqa: S608, S611
            )
        elif search_words.uses_word_index(term):
            queryset = queryset.filter(id__in=RawSQL(*search_words.match_sql(term)))  # noqa: S611
        elif len(term) >= MIN_TRIGRAM:
            queryset = queryset.filter(search_text__contains=term)
        elif _uses_char_index(term) and vendor == "sqlite":
            phrase = '"' + " ".join(term) + '"'
            queryset = queryset.filter(
                id__in=RawSQL(f"SELECT rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH %s", [phrase])  # noqa: S608, S611
            )
        elif _uses_char_index(term) and vendor == "postgresql":
            # The same expression as the index atlas_instrument_search_chars (migration 0004).
            queryset = queryset.filter(RawSQL(
                "to_tsvector('simple'::regconfig, \"atlas_instrument\".\"search_chars\") "
                "@@ phraseto_tsquery('simple'::regconfig, %s)", [" ".join(term)], output_field=BooleanField(),
            ))
        else:
            alias = f"_term_position_{index}"
            queryset = queryset.alias(**{alias: _position(term, vendor)}).filter(**{f"{alias}__gt": 0})
    return queryset


def matching_ids_sql(query: str) -> tuple[str, list] | None:
    """One statement over the search tables alone, when every term can use them: on SQLite terms of
    three or more characters (the trigram FTS table), on PostgreSQL words (the word index). Reading
    the instrument table by id as well cost 6 of 15 ms for 10,000 matches. None otherwise."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "sqlite" and all(len(term) >= MIN_TRIGRAM for term in terms):
        expression = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]  # noqa: S608
    if connection.vendor == "postgresql" and all(search_words.uses_word_index(term) for term in terms):
        return search_words.match_all_sql(terms)
    return None


def search_index_refresh(rows: Iterable[tuple[int, str]], *, chars: list[str] | None = None) -> None:
    """Write (id, search_text) pairs into the search tables: SQLite's FTS tables, PostgreSQL's word
    index (its trigram and character indexes follow the columns by themselves). The caller has
    stored `search_chars = build_search_chars(search_text)` on the row (and may pass them as
    `chars`, in the order of `rows`, so they are not computed twice)."""
    rows = list(rows)
    if not rows:
        return
    if connection.vendor == "postgresql":
        search_words.refresh(rows)
        return
    if connection.vendor != "sqlite":
        return
    search_index_remove(row_id for row_id, _text in rows)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (%s, %s)", rows)  # noqa: S608
        chars = [(row_id, build_search_chars(text)) for row_id, text in rows] if chars is None else [
            (row_id, body) for (row_id, _text), body in zip(rows, chars, strict=True)]
        cursor.executemany(
            f"INSERT INTO {CHARS_TABLE}(rowid, body) VALUES (%s, %s)",  # noqa: S608
            [(row_id, body) for row_id, body in chars if body],
        )


def search_index_remove(ids: Iterable[int]) -> None:
    ids = list(ids)
    if connection.vendor == "postgresql":
        search_words.remove(ids)
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            placeholders = ",".join("%s" for _ in chunk)
            for table in (FTS_TABLE, CHARS_TABLE):
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({placeholders})", chunk)  # noqa: S608


def search_chars_rebuild() -> None:
    """Recompute `search_chars` from `search_text` for every instrument (after bulk loads)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_text, search_chars FROM atlas_instrument")
        changed = [(chars, row_id) for row_id, text, old in cursor.fetchall()
                   if (chars := build_search_chars(text)) != old]
        cursor.executemany("UPDATE atlas_instrument SET search_chars = %s WHERE id = %s", changed)


def search_index_rebuild() -> None:
    """Rebuild `search_chars` and the search tables from `search_text` (after bulk loads)."""
    search_chars_rebuild()
    if connection.vendor == "postgresql":
        search_words.rebuild()
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, search_text FROM atlas_instrument"  # noqa: S608
        )
        cursor.execute(f"DELETE FROM {CHARS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {CHARS_TABLE}(rowid, body) "  # noqa: S608
            "SELECT id, search_chars FROM atlas_instrument WHERE search_chars != ''"
        )
        # Deleting every row leaves tombstones beside the new segments: a re-indexed 50,000-record
        # atlas matched a common word in 19 ms instead of 8 until the segments were merged.
        for table in (FTS_TABLE, CHARS_TABLE):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
