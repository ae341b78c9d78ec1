"""The shared text search component (ssehub.core.search, ADR 0011): its pieces on their own; the atlas
and community tests run it against real tables on both databases."""

import pytest
from django.db import connection

from ssehub.atlas.search import INSTRUMENTS
from ssehub.community.models import Post
from ssehub.community.search import POSTS
from ssehub.core.search import TextIndex, build_search_chars, build_search_text, search_terms
from ssehub.core.search.text import is_indexed, uses_char_index
from ssehub.core.search.words import word_tokens
from tests.community.helpers import category, member


def test_stored_forms_of_text():
    assert build_search_text("Cooperative Act", None, "", "合作社法") == "cooperative act\n合作社法"
    assert build_search_chars("合作社法 2012") == "合 作 社 法 x"
    assert build_search_chars("co-op act") == ""
    assert word_tokens("co-op 合作社 abc2 co") == ["abc2", "co", "op"]


def test_query_terms_and_which_index_answers_them():
    assert search_terms("  Social  ENTERPRISE ") == ["social", "enterprise"]
    assert search_terms("a b c d e f g", limit=6) == ["a", "b", "c", "d", "e", "f"]
    assert [uses_char_index(term) for term in ("社", "합작", "社会企", "co", "ก")] == [True, True, False, False, False]
    assert [is_indexed(term) for term in ("社", "합작", "社会企", "co", "ก", "coop")] == [True, True, True, False, False, True]


def test_the_atlas_keeps_the_tables_its_migrations_made():
    assert (INSTRUMENTS.fts_table, INSTRUMENTS.chars_table) == ("atlas_instrument_fts", "atlas_instrument_chars")
    sqlite = " ".join(INSTRUMENTS.create_statements("sqlite"))
    assert "atlas_instrument_fts USING fts5(body, tokenize='trigram')" in sqlite
    postgres = " ".join(INSTRUMENTS.create_statements("postgresql"))
    for name in ("atlas_instrument_search_trgm", "atlas_instrument_search_chars", "atlas_search_vocabulary",
                 "atlas_instrument_words"):
        assert name in postgres


def test_an_index_without_a_word_index_creates_none():
    index = TextIndex(table="some_table")
    assert "vocabulary" not in " ".join(index.create_statements("postgresql"))
    assert index.create_statements("mysql") == index.drop_statements("mysql") == []


@pytest.mark.django_db
def test_newest_ids_stop_at_the_limit_newest_first_and_keep_the_callers_rules():
    from ssehub.community.services import discussions

    author = member()
    topic = discussions.topic_create(category=category(), author=author.user, title="T", body="협동조합 0")
    posts = [discussions.post_reply(topic=topic, author=member().user, body=f"협동조합 {n}") for n in range(1, 5)]
    readable = Post.objects.exclude(pk=posts[-1].pk)
    assert POSTS.newest_ids(readable, "협동", limit=2) == [posts[2].pk, posts[1].pk]
    assert POSTS.newest_ids(readable, "협동조합 3", limit=5) == [posts[2].pk]
    assert POSTS.newest_ids(readable, "   ", limit=5) == []
    # "3" has no index: tested on each row read in descending order, as the other terms are.
    assert POSTS.newest_ids(readable, "3", limit=5) == [posts[2].pk]
    assert POSTS.newest_ids(readable, "조합 협동", limit=1) == [posts[2].pk]


def _indexed_words(index, row_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY(SELECT word FROM {index.vocabulary} WHERE id = ANY(word_ids) ORDER BY word) "  # noqa: S608
                       f"FROM {index.table} WHERE {index.key} = %s", [row_id])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_refresh_reads_its_own_words_from_a_large_vocabulary_not_all_of_it():
    """PostgreSQL's word index: one record's refresh finds its words through the vocabulary's md5
    index (it used to read all 100,000 words into a hash table, 180 ms an edit), and a batch still
    stores every row's words."""
    if connection.vendor != "postgresql":
        pytest.skip("the word index is PostgreSQL's")
    index = INSTRUMENTS.words
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {index.vocabulary} (word) "  # noqa: S608
                       "SELECT 'filler' || n FROM generate_series(1, 20000) AS n")
        cursor.execute(f"ANALYZE {index.vocabulary}")
        vocabulary_sql, words_sql = index.refresh_statements([(1, "social cooperative filler7 co-op 합작 neuword")])
        cursor.execute(*vocabulary_sql)
        cursor.execute("EXPLAIN " + words_sql[0], words_sql[1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Index Scan on {index.vocabulary}_md5" in plan or f"Index Scan using {index.vocabulary}_md5" in plan, plan
    assert f"Seq Scan on {index.vocabulary}" not in plan, plan
    index.refresh([(1, "social cooperative filler7 co-op 합작 neuword"), (2, "합작"), (3, "filler7 filler8 social")])
    index.refresh([(3, "filler8 socialist")])
    assert [_indexed_words(index, row_id) for row_id in (1, 2, 3)] == [
        ["co", "cooperative", "filler7", "neuword", "op", "social"], [], ["filler8", "socialist"]]
