"""The footer names the zone in words; a page rendered in a guessed zone says so (issue 10, ADR 0303)."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _get(client, url_name="shell:about"):
    client.cookies["ssehub_language"] = "en"
    return client.get(reverse(url_name)).content.decode()


def test_footer_names_the_zone_in_words(client):
    client.cookies["ssehub_tz"] = "Asia/Kuala_Lumpur"
    body = _get(client)
    assert "Times are shown in Malaysia Time." in body
    assert "Asia/Kuala_Lumpur." not in body


def test_first_visit_without_a_zone_says_utc_and_links_to_the_zone_choice(client):
    body = _get(client)
    assert "Times are shown in Coordinated Universal Time." in body
    assert f'<a href="{reverse("accounts:profile")}#id_time_zone">Choose your time zone</a>' in body
    assert '<meta name="ssehub-rendered-zone" content="UTC">' in body


def test_page_in_a_known_zone_is_not_marked_for_the_browser_script(client):
    client.cookies["ssehub_tz"] = "Asia/Manila"
    body = _get(client)
    assert "ssehub-rendered-zone" not in body
    assert "Choose your time zone" not in body


def test_a_zone_chosen_in_the_profile_is_not_marked_for_correction(client):
    client.force_login(make_user("member", time_zone="Asia/Seoul", time_zone_chosen=True))
    client.cookies["ssehub_tz"] = "Asia/Manila"
    body = _get(client)
    assert "ssehub-rendered-zone" not in body
    assert "Times are shown in Korean Time." in body


def test_a_recorded_zone_is_used_and_not_marked(client):
    client.force_login(make_user("member", time_zone="Asia/Jakarta", time_zone_chosen=False))
    body = _get(client)
    assert "ssehub-rendered-zone" not in body
    assert "Times are shown in Western Indonesia Time." in body


def test_a_signed_in_person_without_any_zone_is_marked(client):
    client.force_login(make_user("member", time_zone="", time_zone_chosen=False))
    body = _get(client)
    assert '<meta name="ssehub-rendered-zone" content="UTC">' in body
