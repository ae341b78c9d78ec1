"""Substring search that works for Chinese, Japanese and Korean on SQLite and PostgreSQL.

Design (docs/decisions/0100-atlas-search.md): each instrument keeps `search_text`, its titles,
summary and institution names in lower case. A query is split on spaces; every term must occur.
- SQLite: terms of 3+ characters go through an FTS5 table with the `trigram` tokenizer
  (`atlas_instrument_fts`, rowid = instrument id); shorter terms use `instr()`.
- PostgreSQL: terms of 3+ characters use `LIKE '%term%'`, served by a GIN `gin_trgm_ops` index on
  `search_text`; shorter terms use `strpos()` (no trigram exists for them).
The FTS table is written by `search_index_refresh`, which the atlas services call after every
write (never signals).
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL

FTS_TABLE = "atlas_instrument_fts"
MIN_TRIGRAM = 3


def build_search_text(*parts: str) -> str:
    return "\n".join(part for part in parts if part).lower()


def _terms(query: str) -> list[str]:
    return [term for term in query.lower().split() if term]


def _position(term: str, vendor: str) -> Func:
    function = "instr" if vendor == "sqlite" else "strpos"
    return Func(F("search_text"), Value(term), function=function, output_field=IntegerField())


def filter_text(queryset: QuerySet, query: str) -> QuerySet:
    """Keep instruments whose titles, summary or institution contain every term of `query`."""
    vendor = connection.vendor
    for index, term in enumerate(_terms(query)):
        if len(term) >= MIN_TRIGRAM and vendor == "sqlite":
            phrase = '"' + term.replace('"', '""') + '"'
            queryset = queryset.filter(
                id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase])  # noqa: S608, S611
            )
        elif len(term) >= MIN_TRIGRAM:
            queryset = queryset.filter(search_text__contains=term)
        else:
            alias = f"_term_position_{index}"
            queryset = queryset.alias(**{alias: _position(term, vendor)}).filter(**{f"{alias}__gt": 0})
    return queryset


def search_index_refresh(rows: Iterable[tuple[int, str]]) -> None:
    """Write (id, search_text) pairs into SQLite's FTS table; PostgreSQL indexes the column itself."""
    if connection.vendor != "sqlite":
        return
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start:start + 500]
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join('%s' for _ in chunk)})",  # noqa: S608
                [row_id for row_id, _text in chunk],
            )
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (%s, %s)", chunk)  # noqa: S608


def search_index_remove(ids: Iterable[int]) -> None:
    if connection.vendor != "sqlite":
        return
    ids = list(ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({','.join('%s' for _ in ids)})", ids  # noqa: S608
            )


def search_index_rebuild() -> None:
    """Rebuild the whole FTS table from `search_text` (after bulk loads)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, search_text FROM atlas_instrument"  # noqa: S608
        )
