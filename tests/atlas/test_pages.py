"""Instrument, country and compare pages, exports; query counts stay constant as data grows."""

import json
import re

import pytest
from django.db import connection

from ssehub.atlas.models import Instrument
from tests.atlas.factories import make_institution, make_instrument


def _many(count: int) -> list[Instrument]:
    institution = make_institution(country="KR")
    return [
        make_instrument(
            country=("KR", "JP", "CN", "PH")[number % 4], institution=institution,
            dimensions=[("finance", "legal_framework", "market_access")[number % 3]],
            year_adopted=1990 + number % 30, title_local=f"협동조합 {number}",
        )
        for number in range(count)
    ]


def _kr_finance(instrument: Instrument) -> bool:
    return str(instrument.country) == "KR" and instrument.dimensions == ["finance"]


def _kr_or_jp(instrument: Instrument) -> bool:
    return str(instrument.country) in ("KR", "JP")


def _every(_instrument: Instrument) -> bool:
    return True


def _shown_titles(url: str, content: str) -> list[str]:
    """The titles the page lists (search results, the country's instruments, the API's results)."""
    if url.startswith("/api/"):
        return [row.get("title", row.get("name")) for row in json.loads(content)["results"]]
    return re.findall(r'<a href="/atlas/instruments/\d+/">([^<]+)</a>', content)


# (page, queries, which of the created instruments it must list). The counts are exact and the same
# at 1 and 20 instruments: a query added per row, or per page, makes this fail.
PAGES = [
    ("/atlas/", 8, _every),
    ("/atlas/?q=협동조합", {"sqlite": 4, "postgresql": 7}, _every),
    ("/atlas/?q=협", {"sqlite": 4, "postgresql": 7}, _every),
    ("/atlas/?country=KR&dimension=finance&sort=-year", 6, _kr_finance),
    # The instruments, the institutions, and the sections other apps add (atlas/parts.py: planning's).
    ("/atlas/countries/KR/", 3, lambda instrument: str(instrument.country) == "KR"),
    ("/atlas/compare/", 9, None),
    ("/atlas/compare/?country=KR&country=JP", 9, None),
    ("/api/v1/atlas/instruments", 3, _every),
    ("/api/v1/atlas/instruments?q=협동조합&country=KR", 3, lambda instrument: str(instrument.country) == "KR"),
    ("/api/v1/atlas/institutions", 2, None),
]


@pytest.mark.parametrize("size", [1, 20])
@pytest.mark.parametrize(("url", "queries", "listed"), PAGES)
def test_page_query_count_is_the_same_for_1_and_20_instruments(client, django_assert_num_queries, db, url,
                                                              queries, listed, size):
    created = _many(size)
    if isinstance(queries, dict):
        # Text search differs by database (FTS5 tables on SQLite, a word index and trigrams on PostgreSQL).
        queries = queries[connection.vendor]
    with django_assert_num_queries(queries):
        response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    if listed is not None:
        expected = [instrument.title for instrument in created if listed(instrument)]
        assert sorted(set(_shown_titles(url, content))) == sorted(expected)
    elif url.startswith("/api/"):
        assert [row["published_instruments"] for row in json.loads(content)["results"]] == [size]
    else:
        # The compare matrix: one row per compared country (all of them when none is chosen), with its total.
        countries = {str(instrument.country) for instrument in created}
        compared = countries & {"KR", "JP"} if "country=" in url else countries
        totals = re.findall(r'<td><a href="/atlas/\?country=([A-Z]{2})">(\d+)</a></td>', content)
        assert dict(totals) == {code: str(sum(1 for i in created if str(i.country) == code)) for code in compared}
        assert all(f'value="{code}"' in content for code in countries)


def test_instrument_page_shows_every_field_and_json_ld(client, seeded_atlas):
    instrument = Instrument.objects.get(title="Framework Act on Cooperatives")
    response = client.get(f"/atlas/instruments/{instrument.pk}/")
    content = response.content.decode()
    assert "협동조합 기본법" in content
    assert "Ministry of Economy and Finance" in content
    assert "http://www.cicopa.coop/New-legislation-for-cooperatives.html" in content
    assert 'id="citation"' in content
    start = content.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(content[start:content.index("</script>", start)])
    assert data["@type"] == "Legislation"
    assert data["alternateName"] == "협동조합 기본법"
    assert data["legislationDate"] == "2012"


def test_json_ld_escapes_html(client, db):
    instrument = make_instrument(title="Act </script><script>alert(1)</script>")
    content = client.get(f"/atlas/instruments/{instrument.pk}/").content.decode()
    assert "</script><script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content


def test_programme_not_legislation_has_no_json_ld(client, db):
    instrument = make_instrument(type="programme")
    assert b"application/ld+json" not in client.get(f"/atlas/instruments/{instrument.pk}/").content


def test_unverified_record_is_labelled(client, seeded_atlas):
    instrument = Instrument.objects.get(title="Consumer Cooperatives Act")
    assert "Unverified:" in client.get(f"/atlas/instruments/{instrument.pk}/").content.decode()


def test_draft_is_hidden_from_the_public_and_shown_to_editors(client, db, user_with_role):
    draft = make_instrument(publish=False)
    assert client.get(f"/atlas/instruments/{draft.pk}/").status_code == 404
    client.force_login(user_with_role("researcher"))
    assert client.get(f"/atlas/instruments/{draft.pk}/").status_code == 404
    client.force_login(user_with_role("editor"))
    assert client.get(f"/atlas/instruments/{draft.pk}/").status_code == 200


def test_related_instruments_are_linked_both_ways(client, seeded_atlas):
    law = Instrument.objects.get(title="Social Enterprise Promotion Act")
    content = client.get(f"/atlas/instruments/{law.pk}/").content.decode()
    assert "Enforcement Decree of the Social Enterprise Promotion Act" in content


def test_country_profile_lists_gaps_and_timeline(client, seeded_atlas):
    content = client.get("/atlas/countries/JP/").content.decode()
    assert "Worker Cooperatives Act" in content
    gaps = content[content.index('id="gaps-heading"'):content.index('id="timeline-heading"')]
    assert "Data and statistics" in gaps
    assert "Legal framework" not in gaps
    assert "Cabinet Office" in content


def test_country_profile_unknown_code_is_404(client, db):
    assert client.get("/atlas/countries/ZZ/").status_code == 404


def test_compare_matrix_counts_link_to_filtered_search(client, seeded_atlas):
    content = client.get("/atlas/compare/", {"country": ["KR", "JP"]}).content.decode()
    assert "/atlas/?country=KR&amp;dimension=legal_framework" in content
    assert "<svg" in content
    assert "<title id=\"chart-title\">" in content
    assert "Data table for the chart" in content
    assert "Philippines" in content  # offered as a choice, not compared
    matrix = content[content.index('<table class="matrix">'):content.index("</table>")]
    assert "Philippines" not in matrix


def test_export_csv_json_xlsx_carry_the_licence(client, seeded_atlas):
    csv_response = client.get("/atlas/export.csv", {"country": "KR"})
    text = csv_response.content.decode("utf-8-sig")
    assert text.startswith("# Licence: CC BY 4.0")
    assert "협동조합 기본법" in text
    assert "creativecommons.org/licenses/by/4.0" in csv_response["Link"]
    data = json.loads(client.get("/atlas/export.json", {"q": "合作社"}).content)
    assert data["licence"]["name"] == "CC BY 4.0"
    assert [r["title"] for r in data["records"]] == ["Law on Farmers' Specialized Cooperatives"]
    assert client.get("/atlas/export.xlsx").content[:2] == b"PK"
    assert client.get("/atlas/export.pdf").status_code == 404


def test_search_page_shows_licence(client, db):
    assert "CC BY 4.0" in client.get("/atlas/").content.decode()


def test_compare_chart_coordinates_are_not_localised(client, seeded_atlas):
    # Indonesian writes decimals with a comma; SVG coordinates must keep the dot.
    client.cookies["ssehub_language"] = "id"
    content = client.get("/atlas/compare/").content.decode()
    assert "Bandingkan negara" in content
    svg = content[content.index("<svg"):content.index("</svg>")]
    assert re.findall(r'c[xy]="[^"]*,[^"]*"', svg) == []
    assert re.findall(r'points="[^"]*"', svg) != []
