import pytest

from tests.atlas.factories import make_instrument


def test_instrument_list_filters_like_the_search_page(client, seeded_atlas):
    data = client.get("/api/v1/atlas/instruments", {"q": "협동조합"}).json()
    assert data["count"] == 2
    assert {r["country"] for r in data["results"]} == {"KR"}
    assert data["results"][0]["sources"][0]["url"].startswith("http")


def test_instrument_list_is_paginated(client, db):
    for _number in range(55):
        make_instrument()
    data = client.get("/api/v1/atlas/instruments").json()
    assert data["count"] == 55
    assert len(data["results"]) == 50
    assert data["next"] is not None


def test_instrument_detail_hides_drafts(client, db):
    draft = make_instrument(publish=False)
    assert client.get(f"/api/v1/atlas/instruments/{draft.pk}").status_code == 404


def test_instrument_detail_lists_related(client, seeded_atlas):
    from ssehub.atlas.models import Instrument

    decree = Instrument.objects.get(title="Enforcement Decree of the Social Enterprise Promotion Act")
    data = client.get(f"/api/v1/atlas/instruments/{decree.pk}").json()
    assert data["related"][0]["kind"] == "implements"
    assert data["title_local"] == "사회적기업 육성법 시행령"


def test_institution_list_filters_by_country(client, seeded_atlas):
    data = client.get("/api/v1/atlas/institutions", {"country": "JP"}).json()
    assert {r["country"] for r in data["results"]} == {"JP"}
    assert "Cabinet Office" in {r["name"] for r in data["results"]}


def test_schema_describes_the_atlas_endpoints(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    paths = response.json()["paths"]
    assert "/api/v1/atlas/instruments" in paths
    assert "/api/v1/atlas/institutions/{id}" in paths
    names = {p["name"] for p in paths["/api/v1/atlas/instruments"]["get"]["parameters"]}
    assert {"q", "country", "dimension", "page"} <= names


def test_docs_page_lists_operations(client, db):
    assert "GET /api/v1/atlas/instruments" in client.get("/api/v1/docs/").content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_api_is_read_only(client, db, method):
    assert getattr(client, method)("/api/v1/atlas/instruments").status_code == 405


@pytest.mark.parametrize("path", ["atlas/instruments/-1", "atlas/nothing", "community/categories/%C3%AD/topics"])
def test_an_unknown_api_address_is_a_json_404(client, db, path):
    response = client.get(f"/api/v1/{path}")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404, "application/json", {"detail": "Not found."})


def test_institution_filters_with_a_nul_byte_are_dropped_not_a_500(client, db):
    from tests.atlas.factories import make_institution

    make_institution(country="KR", name="Ministry of Economy and Finance")
    response = client.get("/api/v1/atlas/institutions", {"country": "K\x00R", "q": "Min\x00istry"})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Ministry of Economy and Finance"]
    filtered = client.get("/api/v1/atlas/institutions", {"country": "jp"}).json()
    assert filtered["count"] == 0
