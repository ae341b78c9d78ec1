"""Country names in the reader's language everywhere, not only in the atlas: django-countries ships no
Indonesian, Malay or Filipino names, so locale_vendor carries CLDR's (through Babel)."""

import pytest
from django.utils import translation
from django_countries import countries

EXPECTED = {
    "id": {"KR": "Korea Selatan", "PH": "Filipina", "JP": "Jepang", "CN": "Tiongkok"},
    "ms": {"KR": "Korea Selatan", "PH": "Filipina", "JP": "Jepun"},
    "fil": {"KR": "Timog Korea", "PH": "Pilipinas"},
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_country_names_are_in_the_readers_language(language):
    with translation.override(language):
        assert {code: str(countries.name(code)) for code in EXPECTED[language]} == EXPECTED[language]


@pytest.mark.django_db
def test_the_event_page_names_eligible_countries_in_indonesian(client):
    from django.urls import reverse

    from tests.events.factories import EventFactory

    event = EventFactory(eligible_countries=["KR", "PH"])
    page = client.get(reverse("events:detail", kwargs={"slug": event.slug}), headers={"Accept-Language": "id"})
    assert "Korea Selatan" in page.content.decode()
    assert "Filipina" in page.content.decode()
