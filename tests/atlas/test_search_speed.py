"""Fast searches for common words (ADR 0105): the word index and the in-memory search columns.
Both must change nothing in the results, on either database."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ssehub.atlas import search_columns
from ssehub.atlas.facet_cache import current_key, data_changed
from ssehub.atlas.models import FacetCache, Instrument
from ssehub.atlas.search import search_index_rebuild
from ssehub.atlas.selectors import SearchParams, instrument_search, text_search
from ssehub.atlas.services import institution_update, instrument_set_published, instrument_update
from ssehub.core.search.words import word_tokens
from tests.atlas.factories import make_institution, make_instrument


def _listed(query: str) -> list[str]:
    """Titles the way the search page finds them (search columns, text_search)."""
    ids, _facets = text_search(SearchParams(q=query))
    titles = dict(Instrument.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def _api_titles(query: str) -> list[str]:
    """Titles the way the API and exports find them (one ORM query)."""
    return [i.title for i in instrument_search(SearchParams(q=query))]


def _scanned(query: str) -> list[str]:
    return sorted(i.title for i in Instrument.objects.filter(is_published=True)
                  if all(term in i.search_text for term in query.lower().split()))


def test_word_tokens_are_runs_of_letters_digits_and_marks_outside_cjk():
    assert word_tokens("co-op 合作社 abc2 sse合作社") == ["abc2", "co", "op", "sse"]
    assert word_tokens("luật hợp tác xã") == ["hợp", "luật", "tác", "xã"]
    assert word_tokens("พระราชบัญญัติสหกรณ์") == ["พระราชบัญญัติสหกรณ์"]  # Thai vowel marks stay inside
    assert word_tokens("") == []


@pytest.fixture
def varied_atlas(db):
    make_instrument(title="Noncooperative framework")
    make_instrument(title="Co-op support scheme", summary="Workers' co-operatives and credit unions.")
    make_instrument(title="Law on cooperatives", title_local="Luật Hợp tác xã", title_local_language="vi")
    make_instrument(title="Pilot scheme", title_local="SSE合作社试点", title_local_language="zh")
    make_instrument(title="Act 2012 on social enterprise", summary="Social enterprise certification.")
    make_instrument(title="Cooperative draft", publish=False)


@pytest.mark.parametrize("query", [
    "cooperative", "operative", "co-op", "co", "op", "hợp", "hop", "xã", "sse", "sse合作社", "合作社",
    "act 2012", "social enterprise", "enterprise certification", "workers'", "unions.", "nothing-like-it",
])
def test_every_search_path_finds_what_a_substring_scan_finds(varied_atlas, query):
    expected = _scanned(query)
    assert sorted(_listed(query)) == expected
    assert sorted(_api_titles(query)) == expected


def test_a_word_inside_a_longer_word_is_found(varied_atlas):
    assert sorted(_listed("cooperative")) == ["Law on cooperatives", "Noncooperative framework"]


def test_postgresql_answers_words_from_the_word_index(varied_atlas):
    with CaptureQueriesContext(connection) as queries:
        _listed("cooperative")
        _api_titles("social enterprise")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert "atlas_instrument_words" in sql
        assert "LIKE" not in sql.replace("word LIKE", "")  # no trigram recheck of search_text
    else:
        assert "atlas_instrument_fts" in sql


def test_word_index_follows_edits_renames_and_rebuilds(db):
    institution = make_institution(name="Ministry of Cooperatives")
    instrument = make_instrument(title="Solidarity fund", institution=institution)
    assert _listed("solidarity") == ["Solidarity fund"]
    instrument_update(instrument=instrument, actor=None, data={"title": "Mutual fund"},
                      expected_version=instrument.version)
    assert _listed("solidarity") == []
    assert _listed("mutual") == ["Mutual fund"]
    assert _listed("ministry") == ["Mutual fund"]
    institution_update(institution=institution, actor=None, data={"name": "Office of Labour"},
                       expected_version=institution.version)
    assert _listed("ministry") == []
    assert _listed("labour") == ["Mutual fund"]
    search_index_rebuild()
    assert _listed("labour") == _api_titles("labour") == ["Mutual fund"]
    assert _listed("solidarity") == []


def test_search_columns_are_reused_until_the_next_write(db, django_assert_num_queries):
    make_instrument(title="Beta cooperative law", year_adopted=2001)
    make_instrument(title="Alpha cooperative act", year_adopted=1999)
    assert _listed("cooperative") == ["Alpha cooperative act", "Beta cooperative law"]
    with django_assert_num_queries(2):  # the write key, then the matching ids
        text_search(SearchParams(q="cooperative"))
    make_instrument(title="Gamma cooperative code", year_adopted=2020)
    with django_assert_num_queries(3):  # a write happened: the columns are read again
        text_search(SearchParams(q="cooperative"))
    ids, _facets = text_search(SearchParams(q="cooperative", sort="-year"))
    assert [Instrument.objects.get(pk=pk).year_adopted for pk in ids] == [2020, 2001, 1999]


def test_search_columns_follow_renames_unpublishing_and_facet_changes(db):
    first = make_instrument(title="Alpha cooperative act", country="KR")
    make_instrument(title="Beta cooperative law", country="JP")
    assert _listed("cooperative") == ["Alpha cooperative act", "Beta cooperative law"]
    first, _changed = instrument_update(instrument=first, actor=None, data={"title": "Zeta cooperative act"},
                                        expected_version=first.version)
    assert _listed("cooperative") == ["Beta cooperative law", "Zeta cooperative act"]
    first, _changed = instrument_update(instrument=first, actor=None, data={"country": "CN"},
                                        expected_version=first.version)
    _ids, facets = text_search(SearchParams(q="cooperative"))
    assert {v.value: v.count for v in facets["country"]} == {"CN": 1, "JP": 1}
    instrument_set_published(instrument=first, actor=None, published=False)
    assert _listed("cooperative") == ["Beta cooperative law"]


def test_search_columns_never_outlive_a_rolled_back_write(db):
    make_instrument(title="Kept cooperative act")
    assert _listed("cooperative") == ["Kept cooperative act"]
    seen_inside = []

    def write_then_fail():
        with transaction.atomic():
            make_instrument(title="Rolled back cooperative act")
            seen_inside.extend(_listed("cooperative"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside == ["Kept cooperative act", "Rolled back cooperative act"]
    assert _listed("cooperative") == ["Kept cooperative act"]


def test_every_write_draws_a_new_key(db):
    data_changed()
    first = current_key()
    data_changed()
    second = current_key()
    assert first is not None
    assert second is not None
    assert second[0] == first[0] + 1
    assert second[1] != first[1]


def test_without_a_write_key_the_columns_are_read_for_each_search(db, django_assert_num_queries):
    make_instrument(title="Cooperative act")
    FacetCache.objects.all().delete()
    assert current_key() is None
    with django_assert_num_queries(3):
        assert _listed_ids_count("cooperative") == 1
    Instrument.objects.update(title="Cooperative act, renamed without the services")
    assert _listed("cooperative") == ["Cooperative act, renamed without the services"]
    assert not search_columns._snapshots or all(s.key is not None for s in search_columns._snapshots.values())


def _listed_ids_count(query: str) -> int:
    return len(text_search(SearchParams(q=query))[0])


def test_reindex_command_repairs_changes_made_without_the_services(db):
    make_instrument(title="Solidarity fund")
    assert _listed("solidarity") == ["Solidarity fund"]
    # Raw SQL bypasses the services: neither the indexes nor the write key follow it.
    Instrument.objects.update(search_text="mutual fund", title="Mutual fund")
    out = io.StringIO()
    call_command("atlas_reindex", stdout=out)
    assert "Instruments re-indexed: 1" in out.getvalue()
    assert _listed("mutual") == _api_titles("mutual") == ["Mutual fund"]
    assert _listed("solidarity") == _api_titles("solidarity") == []


def test_removed_ids_leave_the_search_tables(db):
    from ssehub.atlas.search import search_index_remove

    make_instrument(title="Kept cooperative act")
    removed = make_instrument(title="Removed cooperative act")
    search_index_remove([removed.pk])
    # The search tables no longer hold it: its published row alone does not bring it back.
    assert _listed("cooperative") == ["Kept cooperative act"]
