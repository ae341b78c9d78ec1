"""With search words the best matches come first: records whose titles hold more of the words (ADR 0107)."""

import pytest
from django.http import QueryDict

from ssehub.atlas.forms import SearchForm
from ssehub.atlas.models import Instrument
from ssehub.atlas.selectors import SearchParams, instrument_search, text_search
from tests.atlas.factories import make_instrument


def _page_order(query: str, sort: str = "relevance") -> list[str]:
    ids, _facets = text_search(SearchParams(q=query, sort=sort))
    titles = dict(Instrument.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def _api_order(query: str, sort: str = "relevance") -> list[str]:
    return [i.title for i in instrument_search(SearchParams(q=query, sort=sort))]


@pytest.fixture
def ranked_atlas(db):
    make_instrument(title="Alpha fund", summary="Support for cooperative enterprises.")
    make_instrument(title="Zeta cooperative act", summary="Registration.")
    make_instrument(title="Beta programme", title_local="Luật Hợp tác xã", summary="Cooperatives in Viet Nam.",
                    title_local_language="vi")
    make_instrument(title="Gamma social fund", summary="A fund for social enterprises.")
    make_instrument(title="Delta social enterprise law", summary="Certification and a fund.")


def test_records_with_the_word_in_their_titles_come_first(ranked_atlas):
    expected = ["Zeta cooperative act", "Alpha fund", "Beta programme"]
    assert _page_order("cooperative") == _api_order("cooperative") == expected


def test_original_titles_count_and_case_does_not(ranked_atlas):
    assert _page_order("HỢP")[0] == "Beta programme"
    assert _api_order("HỢP")[0] == "Beta programme"


def test_more_words_in_the_titles_rank_higher(ranked_atlas):
    make_instrument(title="Alpha social economy act", summary="Creates a fund.")
    # Gamma has both words in its title; Alpha and Delta one each (then by title).
    expected = ["Gamma social fund", "Alpha social economy act", "Delta social enterprise law"]
    assert _page_order("social fund") == _api_order("social fund") == expected


def test_a_chosen_order_still_wins(ranked_atlas):
    assert _page_order("cooperative", sort="title") == _api_order("cooperative", sort="title") == [
        "Alpha fund", "Beta programme", "Zeta cooperative act"]


def test_best_match_is_the_default_with_words_and_means_title_without():
    assert SearchForm(QueryDict("q=fund")).params().sort == "relevance"
    assert SearchForm(QueryDict("q=fund&sort=-year")).params().sort == "-year"
    assert SearchForm(QueryDict("")).params().sort == "title"
    assert SearchForm(QueryDict("sort=relevance")).params().sort == "title"


def test_the_page_offers_best_match_only_with_words(client, ranked_atlas):
    assert ">Best match</option>" not in client.get("/atlas/").content.decode()
    page = client.get("/atlas/?q=cooperative").content.decode()
    # The default ("") is best match with words: a search typed on a page without words keeps it.
    assert '<option value="" selected>Best match</option>' in page
    assert page.index("Zeta cooperative act") < page.index("Alpha fund")
    api = client.get("/api/v1/atlas/instruments?q=cooperative").json()
    assert [row["title"] for row in api["results"]] == ["Zeta cooperative act", "Alpha fund", "Beta programme"]


def test_first_pages_come_the_short_way_and_agree_with_the_full_order(db):
    for number in range(30):
        make_instrument(title=f"Act {number:02d} on cooperatives")
    for number in range(5):
        make_instrument(title=f"Aardvark plan {number}", summary="For cooperatives too.")
    ids, _facets = text_search(SearchParams(q="cooperative", sort="relevance"))
    first_page = ids[0:20]  # taken before anything is sorted in full
    assert ids._everything is None
    everything = list(ids)
    assert first_page == everything[:20]
    assert ids[20:40] == everything[20:40]
    titles = dict(Instrument.objects.values_list("pk", "title"))
    assert [titles[pk] for pk in everything] == _api_order("cooperative")
    assert [titles[pk] for pk in everything][-5:] == [f"Aardvark plan {n}" for n in range(5)]


def test_a_first_page_short_of_full_matches_falls_back_to_the_full_order(db):
    make_instrument(title="Social fund act")
    for number in range(25):
        make_instrument(title=f"Fund {number:02d}", summary="Social economy.")
    ids, _facets = text_search(SearchParams(q="social fund", sort="relevance"))
    titles = dict(Instrument.objects.values_list("pk", "title"))
    page = [titles[pk] for pk in ids[0:20]]
    assert page[0] == "Social fund act"
    assert page == _api_order("social fund")[:20]
