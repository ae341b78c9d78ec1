from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ssehub.accounts.models import Profile
from ssehub.events.models import Event
from ssehub.programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_home_shows_current_programme_countries_themes_and_events(client, demo):
    body = client.get(reverse("shell:home")).content.decode()
    for text in (
        "Strengthening Social and Solidarity Economy Policy in Asia", "Republic of Korea", "Philippines",
        "Transition to the formal economy", "Decent work in the rural economy",
        "SSE responses to COVID-19 and recovery", "Virtual Capacity-Building Workshop on SSE Policy",
    ):
        assert text in body


def test_home_without_programme_still_renders(client):
    assert client.get(reverse("shell:home")).status_code == 200


def test_page_queries_do_not_grow_with_programme_size(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("shell:home"))


def test_pages_have_landmarks_skip_link_and_strict_csp(client):
    response = client.get(reverse("shell:about"))
    body = response.content.decode()
    landmarks = ['href="#main"', '<main id="main"', "<nav", "<footer"]
    assert [marker for marker in landmarks if marker not in body] == []
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in body
    assert 'style="' not in body


def test_healthz_reports_database(client):
    response = client.get(reverse("shell:healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_language_switch_sets_cookie_and_remembers_on_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("set_language"), {"language": "ko", "next": "/about/"})
    assert response.headers["Location"] == "/about/"
    assert response.cookies["ssehub_language"].value == "ko"
    assert Profile.objects.get(user=member).preferred_language == "ko"
    page = client.get("/about/").content.decode()
    assert '<html lang="ko">' in page


def test_unknown_language_changes_nothing(client, member):
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert Profile.objects.get(user=member).preferred_language == ""


def test_filipino_is_offered_and_served(client):
    client.cookies["ssehub_language"] = "fil"
    body = client.get(reverse("shell:home")).content.decode()
    assert '<html lang="fil">' in body
    assert '<option value="fil" lang="fil"' in body


def test_load_demo_is_idempotent(demo):
    counts = (Programme.objects.count(), Event.objects.count(), Profile.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Programme.objects.count(), Event.objects.count(), Profile.objects.count()) == counts
    workshop = Event.objects.get(slug="sse-capacity-building-workshop-2021")
    assert (str(workshop.starts_on), str(workshop.ends_on), workshop.themes.count()) == (
        "2021-03-29", "2021-03-31", 3
    )
    conference = Event.objects.get(slug="sse-research-conference-2020")
    assert str(conference.starts_on) == "2020-09-22"
