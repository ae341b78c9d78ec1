"""Search: CJK substrings on both databases (the suite runs on SQLite and PostgreSQL), facets, filters."""

import pytest

from ssehub.atlas.models import Instrument
from ssehub.atlas.selectors import SearchParams, instrument_search, search_facets
from tests.atlas.factories import make_instrument


def _countries(query: str) -> set[str]:
    return {str(i.country) for i in instrument_search(SearchParams(q=query))}


def _titles(query: str) -> list[str]:
    return sorted(i.title for i in instrument_search(SearchParams(q=query)))


@pytest.mark.parametrize(("query", "country", "expected"), [
    ("협동조합", "KR", ["Consumer Cooperatives Act", "Framework Act on Cooperatives"]),
    ("合作社", "CN", ["Law on Farmers' Specialized Cooperatives"]),
    ("協同組合", "JP", ["Consumer Livelihood Cooperative Act", "Fisheries Cooperative Association Act",
                       "Small and Medium-Sized Enterprise Cooperatives Act", "Worker Cooperatives Act"]),
])
def test_search_cjk_term_finds_the_countrys_cooperative_laws(seeded_atlas, query, country, expected):
    assert _titles(query) == expected
    assert _countries(query) == {country}


@pytest.mark.parametrize(("query", "countries"), [("협동", {"KR"}), ("組合", {"JP"}), ("社", {"CN", "JP"}), ("법", {"KR"})])
def test_search_short_cjk_query_returns_matches(seeded_atlas, query, countries):
    results = list(instrument_search(SearchParams(q=query)))
    assert results != []
    assert all(query in i.search_text for i in results)
    assert {str(i.country) for i in results} == countries


def test_search_matches_inside_a_word_in_the_middle(db):
    make_instrument(title="Plain title", title_local="中华人民共和国农民专业合作社法", country="CN")
    assert _titles("专业合作") == ["Plain title"]
    assert _titles("民专") == ["Plain title"]


def test_search_latin_is_case_insensitive_and_needs_every_word(db):
    make_instrument(title="Social Enterprise Promotion Act")
    make_instrument(title="Cooperative Act", summary="About cooperatives only.")
    assert _titles("social ENTERPRISE") == ["Social Enterprise Promotion Act"]
    assert _titles("enterprise cooperative") == []


def test_search_finds_institution_names(db):
    from tests.atlas.factories import make_institution

    institution = make_institution(name="Cooperative Development Authority", country="PH")
    make_instrument(title="Code", country="PH", institution=institution)
    assert _titles("development authority") == ["Code"]


def test_search_index_follows_edits(db):
    from ssehub.atlas.services import instrument_update

    instrument = make_instrument(title="Old name")
    instrument_update(instrument=instrument, actor=None, data={"title": "Fresh wording"},
                      expected_version=instrument.version)
    assert _titles("old name") == []
    assert _titles("fresh") == ["Fresh wording"]


def test_search_never_shows_drafts(db):
    make_instrument(title="Secret draft act", publish=False)
    assert _titles("secret") == []


def test_facets_count_with_other_filters_applied(db):
    make_instrument(country="KR", dimensions=["finance", "legal_framework"], type="law")
    make_instrument(country="KR", dimensions=["finance"], type="programme")
    make_instrument(country="JP", dimensions=["legal_framework"], type="law")
    facets = search_facets(SearchParams(countries=["KR"]))
    # The country facet ignores its own filter so other countries stay selectable.
    assert {v.value: v.count for v in facets["country"]} == {"KR": 2, "JP": 1}
    assert {v.value: v.count for v in facets["dimension"]} == {"finance": 2, "legal_framework": 1}
    assert {v.value: v.count for v in facets["type"]} == {"law": 1, "programme": 1}
    assert {v.value: v.count for v in facets["decade"]} == {"2010": 2}


def test_facets_dimension_filter_is_any_of(db):
    make_instrument(dimensions=["finance"])
    make_instrument(dimensions=["market_access"])
    make_instrument(dimensions=["legal_framework"])
    assert len(instrument_search(SearchParams(dimensions=["finance", "market_access"]))) == 2


def test_search_year_range_and_sort(db):
    make_instrument(title="A old", year_adopted=1990)
    make_instrument(title="B new", year_adopted=2020)
    make_instrument(title="C undated", year_adopted=None)
    assert [i.title for i in instrument_search(SearchParams(year_from=2000))] == ["B new"]
    assert [i.title for i in instrument_search(SearchParams(sort="-year", year_to=2025))] == ["B new", "A old"]


def test_search_page_filters_live_in_the_url(client, seeded_atlas):
    response = client.get("/atlas/", {"q": "협동조합", "dimension": "legal_framework"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Framework Act on Cooperatives" in content
    assert 'value="legal_framework" id="f-dimension-legal_framework" checked' in content


def test_search_htmx_request_gets_only_the_results_partial(client, seeded_atlas):
    response = client.get("/atlas/", {"q": "合作社"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="atlas-results"')
    assert "<html" not in content
    assert "Law on Farmers" in content


def test_search_bad_filter_value_is_ignored_not_an_error(client, seeded_atlas):
    response = client.get("/atlas/", {"year_from": "soon", "country": "XX", "q": "合作社"})
    assert response.status_code == 200
    assert "Law on Farmers" in response.content.decode()


def test_seeded_atlas_has_every_reference_record(seeded_atlas):
    assert Instrument.objects.count() == 55  # 53 from the dataset, and KR's and PH's pending bills
    assert Instrument.objects.filter(is_published=False).count() == 1  # Shunde: no source to publish with
    assert set(Instrument.objects.values_list("country", flat=True)) == {"CN", "JP", "KR", "PH", "MY", "ID"}
    assert Instrument.objects.get(title__startswith="Law No. 17 of 2012").status == "repealed"
    assert Instrument.objects.get(title__startswith="Chengdu Measures").level == "subnational"
    assert Instrument.objects.filter(verified=False).count() == 3  # the KR bill's status is not confirmed
    assert set(Instrument.objects.filter(type="bill").values_list("country", "status")) == {
        ("KR", "pending_bill"), ("PH", "pending_bill")}


def test_seeding_twice_changes_nothing(seeded_atlas):
    from ssehub.atlas.demo import load
    from ssehub.atlas.models import Revision

    revisions = Revision.objects.count()
    load()
    assert Revision.objects.count() == revisions
    assert Instrument.objects.count() == 55


@pytest.mark.parametrize("sort", ["title", "-year", "year", "country"])
def test_word_search_page_orders_like_the_api(client, db, sort):
    for number, (country, year) in enumerate([("KR", 2001), ("JP", None), ("CN", 1990), ("KR", 2020)] * 6):
        make_instrument(title=f"Cooperative act {number:02d}", country=country, year_adopted=year)
    from ssehub.atlas.views.public import PAGE_SIZE

    expected = [i.title for i in instrument_search(SearchParams(q="cooperative", sort=sort))]
    first = client.get("/atlas/", {"q": "cooperative", "sort": sort}).context["page"]
    second = client.get("/atlas/", {"q": "cooperative", "sort": sort, "page": 2}).context["page"]
    assert [i.title for i in first.object_list] + [i.title for i in second.object_list] == expected
    assert len(first.object_list) == PAGE_SIZE
    assert first.paginator.count == 24
