"""The character index for one- and two-character CJK terms (ADR 0103), on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ssehub.atlas.search import build_search_chars, search_index_rebuild
from ssehub.atlas.selectors import SearchParams, instrument_search, search_facets
from ssehub.atlas.services import instrument_update
from tests.atlas.factories import make_instrument


def _titles(query: str) -> list[str]:
    return sorted(i.title for i in instrument_search(SearchParams(q=query)))


def test_build_search_chars_keeps_cjk_characters_and_marks_other_runs():
    assert build_search_chars("cooperative act 2012\n合作社法 (2006)") == "x 合 作 社 法 x"
    assert build_search_chars("협동조합 기본법") == "협 동 조 합 x 기 본 법"
    assert build_search_chars("ワーカーズ・コープ") == "ワ ー カ ー ズ x コ ー プ"
    assert build_search_chars("social enterprise act") == ""


def test_short_cjk_term_uses_the_character_index(db):
    make_instrument(title="Cooperative law", title_local="合作社法")
    with CaptureQueriesContext(connection) as queries:
        assert _titles("社") == ["Cooperative law"]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert ("atlas_instrument_chars" if connection.vendor == "sqlite" else "to_tsvector") in sql


def test_two_character_cjk_term_matches_only_adjacent_characters(db):
    make_instrument(title="Adjacent", title_local="农民专业合作社法")
    make_instrument(title="Apart by punctuation", title_local="联合、作业")
    make_instrument(title="Apart by a line", title_local="联合", summary="作业 summary")
    make_instrument(title="Apart by a digit", title_local="合1作")
    assert _titles("合作") == ["Adjacent"]
    assert _titles("作社") == ["Adjacent"]
    assert _titles("合") == ["Adjacent", "Apart by a digit", "Apart by a line", "Apart by punctuation"]


@pytest.mark.parametrize(("query", "found"), [
    ("조합", 1), ("ー", 1), ("カ", 1), ("法", 2), ("作", 1), ("协作", 0), ("社 法", 1), ("社 act", 1), ("ct", 3),
])
def test_short_terms_match_like_a_substring_scan(db, query, found):
    make_instrument(title="Korean act", title_local="협동조합 기본법")
    make_instrument(title="Japanese act", title_local="ワーカーズ・コープ法案")
    make_instrument(title="Chinese act", title_local="合作社法")
    scanned = sorted(i.title for i in instrument_search(SearchParams())
                     if all(term in i.search_text for term in query.split()))
    assert _titles(query) == scanned
    assert len(scanned) == found


def test_character_index_follows_edits_and_drafts(db):
    instrument = make_instrument(title="Edited", title_local="社会企业")
    make_instrument(title="Draft", title_local="社会企业", publish=False)
    assert _titles("企") == ["Edited"]
    instrument_update(instrument=instrument, actor=None, data={"title_local": "合作社"},
                      expected_version=instrument.version)
    assert _titles("企") == []
    assert _titles("合作") == ["Edited"]


def test_character_index_rebuild_gives_the_same_results(db):
    make_instrument(title="One", title_local="社会企业")
    make_instrument(title="Two", title_local="合作社")
    search_index_rebuild()
    assert _titles("社") == ["One", "Two"]
    assert _titles("企业") == ["One"]


def test_short_cjk_term_facets_count_the_matches(db):
    make_instrument(title_local="合作社", country="CN", dimensions=["finance"])
    make_instrument(title_local="社会企业", country="CN", dimensions=["legal_framework"])
    make_instrument(title_local="社会", country="JP", dimensions=["finance"], publish=False)
    make_instrument(title_local="企业", country="JP", dimensions=["finance"])
    facets = search_facets(SearchParams(q="社"))
    assert facets["total"] == 2
    assert {v.value: v.count for v in facets["country"]} == {"CN": 2}
    assert {v.value: v.count for v in facets["dimension"]} == {"finance": 1, "legal_framework": 1}
