"""Cached unfiltered facet counts (ADR 0103): used only while no atlas write happened since."""

from ssehub.atlas.facet_cache import data_changed
from ssehub.atlas.models import FacetCache
from ssehub.atlas.selectors import SearchParams, countries_with_instruments, search_facets
from ssehub.atlas.services import instrument_set_published, instrument_update
from tests.atlas.factories import make_instrument


def _countries() -> dict[str, int]:
    return {v.value: v.count for v in search_facets(SearchParams())["country"]}


def test_unfiltered_facets_are_read_from_the_cache_in_one_query(db, django_assert_num_queries):
    make_instrument(country="KR")
    assert _countries() == {"KR": 1}
    with django_assert_num_queries(1):
        facets = search_facets(SearchParams())
    assert facets["total"] == 1
    assert {v.value: v.count for v in facets["decade"]} == {"2010": 1}


def test_unfiltered_facets_follow_every_write(db):
    first = make_instrument(country="KR", year_adopted=1999)
    assert _countries() == {"KR": 1}
    make_instrument(country="JP")
    assert _countries() == {"JP": 1, "KR": 1}
    first, _changed = instrument_update(instrument=first, actor=None, data={"country": "CN"},
                                        expected_version=first.version)
    assert _countries() == {"CN": 1, "JP": 1}
    instrument_set_published(instrument=first, actor=None, published=False)
    assert _countries() == {"JP": 1}
    assert search_facets(SearchParams())["total"] == 1
    assert countries_with_instruments() == [("JP", 1)]


def test_counts_stored_under_an_old_version_are_not_used(db):
    make_instrument(country="KR")
    _countries()
    FacetCache.objects.filter(key="unfiltered").update(
        data={"total": 99, "raw": {"country": [["FR", 99]], "type": [], "status": [], "year": [],
                                   "dimension": [], "entity_type": []}})
    data_changed()
    assert _countries() == {"KR": 1}


def test_counts_without_a_version_row_are_computed_each_time(db):
    FacetCache.objects.all().delete()
    make_instrument(country="KR")  # the write creates the version row again
    FacetCache.objects.all().delete()
    assert _countries() == {"KR": 1}
    assert FacetCache.objects.count() == 0


def test_filtered_facets_do_not_use_the_cache(db):
    make_instrument(country="KR", type="law")
    make_instrument(country="JP", type="programme")
    _countries()
    facets = search_facets(SearchParams(types=["law"]))
    assert {v.value: v.count for v in facets["country"]} == {"KR": 1}
    assert facets["total"] == 1
