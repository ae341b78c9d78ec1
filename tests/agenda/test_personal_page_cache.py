"""A signed-in person's agenda from the whole-page cache (ADR 0010 addendum): served again to the
same browser without a query, never to anybody else, and never stale after a star, a lost role, a
sign-out or a message kept in the session."""

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.test import Client
from django.urls import reverse

from ssehub.agenda.services.sessions import star_toggle
from tests.agenda.factories import SessionFactory, register
from tests.concurrency import at_the_same_instant
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _agenda(client, event, **headers):
    return client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}), headers=headers)


def _first_visit(client, event, **headers):
    """The first page after signing in sets a new CSRF cookie, so it is not kept; the second is."""
    _agenda(client, event, **headers)
    return _agenda(client, event, **headers)


@pytest.fixture
def opening(event):
    return SessionFactory(event=event, title="Opening session")


def test_the_same_browser_gets_its_page_again_without_a_query(client, event, participant, opening,
                                                               django_assert_num_queries):
    star_toggle(user=participant, session=opening)
    client.force_login(participant)
    first = _first_visit(client, event)
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = _agenda(client, event)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert 'aria-pressed="true"' in second.content.decode()
    assert "csrfmiddlewaretoken" in second.content.decode()


def test_nobody_else_is_served_another_persons_page(client, event, participant, opening):
    star_toggle(user=participant, session=opening)
    other = make_user("participant", full_name="Nurul Aisyah binti Ahmad")
    register(event, other)
    client.force_login(participant)
    _first_visit(client, event)
    assert _agenda(client, event)["X-Page-Cache"] == "hit"
    second = Client()
    second.force_login(other)
    _agenda(second, event)
    theirs = _agenda(second, event)
    assert "X-Page-Cache" not in theirs
    assert 'aria-pressed="true"' not in theirs.content.decode()
    assert "Maria Luisa Reyes" not in theirs.content.decode()
    anonymous = _agenda(Client(), event).content.decode()
    assert ("star-form" in anonymous, "Maria Luisa Reyes" in anonymous) == (False, False)


def test_a_star_shows_at_once(client, event, participant, opening):
    client.force_login(participant)
    _first_visit(client, event)
    assert 'aria-pressed="false"' in _agenda(client, event).content.decode()
    client.post(reverse("agenda:star", kwargs={"event_slug": event.slug, "pk": opening.pk}))
    after = _agenda(client, event)
    assert "X-Page-Cache" not in after
    assert 'aria-pressed="true"' in after.content.decode()


def test_a_lost_role_shows_at_once(client, event, organiser, opening):
    client.force_login(organiser)
    _first_visit(client, event)
    assert "Manage the event" in _agenda(client, event).content.decode()
    event.organisers.remove(organiser)
    assert "Manage the event" not in _agenda(client, event).content.decode()


def test_a_signed_out_session_cookie_replayed_gets_no_kept_page(client, event, participant, opening):
    client.force_login(participant)
    _first_visit(client, event)
    assert _agenda(client, event)["X-Page-Cache"] == "hit"
    stolen = {name: morsel.value for name, morsel in client.cookies.items()}
    client.post(reverse("account_logout"))
    replayed = Client()
    for name, value in stolen.items():
        replayed.cookies[name] = value
    response = _agenda(replayed, event)
    assert "X-Page-Cache" not in response
    assert "star-form" not in response.content.decode()


def test_a_message_kept_in_the_session_is_shown(client, event, participant, opening, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    client.force_login(participant)
    _first_visit(client, event)
    assert _agenda(client, event)["X-Page-Cache"] == "hit"
    session = client.session
    session["_messages"] = SessionStorage.serialize_messages(None, [Message(25, "Your questionnaire was saved.")])
    session.save()
    assert "Your questionnaire was saved." in _agenda(client, event).content.decode()
    assert "Your questionnaire was saved." not in _agenda(client, event).content.decode()


def test_a_page_its_view_sends_uncompressed_stays_so(client, participant):
    """My applications reflect what the person typed: no compression (BREACH), cached or not."""
    client.force_login(participant)
    client.get(reverse("calls:mine"))
    first = client.get(reverse("calls:mine"), headers={"Accept-Encoding": "gzip"})
    second = client.get(reverse("calls:mine"), headers={"Accept-Encoding": "gzip"})
    assert (second["X-Page-Cache"], second.get("Content-Encoding")) == ("hit", None)
    assert second.content == first.content


def test_the_signed_in_agenda_may_be_compressed(client, event, participant, opening):
    client.force_login(participant)
    _first_visit(client, event, **{"Accept-Encoding": "gzip"})
    second = _agenda(client, event, **{"Accept-Encoding": "gzip"})
    assert (second["X-Page-Cache"], second["Content-Encoding"]) == ("hit", "gzip")


def test_pages_of_views_not_marked_are_never_kept_for_signed_in_people(client, event, participant):
    client.force_login(participant)
    url = reverse("agenda:survey", kwargs={"event_slug": event.slug, "phase": "pre"})
    client.get(url)
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_a_language_or_zone_change_is_its_own_page(client, event, participant, opening):
    client.force_login(participant)
    _first_visit(client, event)
    client.cookies["ssehub_language"] = "ko"
    korean = _agenda(client, event)
    assert "X-Page-Cache" not in korean
    assert korean["Content-Language"] == "ko"


@pytest.mark.django_db(transaction=True)
def test_a_session_written_in_another_worker_moves_only_the_personal_generation(participant):
    """A sign-out in one worker must reach the pages every other worker keeps for that browser;
    the anonymous pages, which no session changes, stay."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache
    from django.db import transaction

    from ssehub.core.pagecache import GENERATION_KEY, PERSONAL_GENERATION_KEY

    cache.set_many({GENERATION_KEY: 5, PERSONAL_GENERATION_KEY: 7}, timeout=None)
    inside = {}

    def sign_out_elsewhere():
        with transaction.atomic():
            store = SessionStore()
            store["_auth_user_id"] = str(participant.pk)
            store.save()
            store.delete()
            inside["personal"] = cache.get(PERSONAL_GENERATION_KEY)

    at_the_same_instant(sign_out_elsewhere)  # in a thread of its own, with its own connection, which it closes
    assert inside["personal"] == 7
    assert cache.get(PERSONAL_GENERATION_KEY) > 7
    assert cache.get(GENERATION_KEY) == 5


def test_a_visitor_is_offered_to_sign_in_and_comes_back_to_the_agenda(client, event, opening):
    page = _agenda(client, event).content.decode()
    back = f'/accounts/login/?next=/events/{event.slug}/agenda/'
    assert f'<a href="{back}">Log in to star sessions into your own agenda</a>' in page
    assert f'<a href="{back}">Log in</a>' in page
