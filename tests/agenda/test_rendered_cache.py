"""The agenda and the ICS feed: cached as rendered, keyed by the event's change counter (an edit shows
at once), answered with 304 while nothing changed, one day at a time for a large programme, and of a
size that does not grow with the programme."""

import datetime as dt
import gzip
import re

import pytest
from django.urls import reverse

from ssehub.agenda.models import Session, SessionPerson
from ssehub.agenda.services.sessions import PersonSpec, material_add, session_delete, session_update
from ssehub.agenda.views.public import AGENDA_ONE_PAGE_MAX
from ssehub.core.timezones import BROWSER_TZ_COOKIE
from tests.agenda.factories import SessionFactory

START = dt.datetime(2021, 3, 29, 0, 0, tzinfo=dt.UTC)


def _agenda(client, event, **params):
    return client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}), params)


def _feed(client, event, **headers):
    return client.get(reverse("agenda:ics", kwargs={"event_slug": event.slug}), headers=headers)


def _shown(page: str) -> list[str]:
    return re.findall(r'id="session-(\d+)"', page)


def _programme(event, count: int) -> list[Session]:
    """`count` sessions like make_bench_event's: 5 days, 10 parallel rooms, half-hour slots from 08:00 UTC."""
    per_day = -(-count // 5)
    sessions = Session.objects.bulk_create([
        Session(event=event, title=f"Session {index + 1}: a synthetic session", kind="panel",
                description="A synthetic session of the bench programme.",
                starts_at=START + dt.timedelta(days=index // per_day, hours=8, minutes=30 * (index % per_day // 10)),
                ends_at=START + dt.timedelta(days=index // per_day, hours=8, minutes=30 * (index % per_day // 10) + 25))
        for index in range(count)
    ])
    SessionPerson.objects.bulk_create([
        SessionPerson(session=session, role="speaker", guest_name=f"Speaker {index % max(1, count // 2) + 1}",
                      affiliation=f"Organisation {index % 37 + 1}")
        for index, session in enumerate(sessions)
    ])
    return sessions


@pytest.fixture
def parts_cache_only(settings):
    """The agenda's own cache of rendered parts, measured without the whole-page cache in front of
    it (ADR 0010): the cost of the first request after a write."""
    settings.SSEHUB_PAGE_CACHE_SECONDS = 0


def _edit(session, organiser, **data):
    fields = {name: getattr(session, name) for name in ("title", "description", "kind", "starts_at", "ends_at",
                                                           "language", "room_url", "recording_url")}
    return session_update(session=session, actor=organiser, data=fields | data, rooms=[],
                          people=[PersonSpec(role=p.role, user=p.user, guest_name=p.guest_name)
                                  for p in session.people.all()],
                          expected_sequence=session.sequence)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_public_agenda_served_from_the_cache_runs_the_same_queries_at_1_and_20_sessions(
        client, event, django_assert_num_queries, count, parts_cache_only):
    sessions = [SessionFactory(event=event, starts_at=START + dt.timedelta(minutes=30 * n)) for n in range(count)]
    _agenda(client, event)
    # One statement: the event with its change counter (themes, announcements and sessions are cached).
    with django_assert_num_queries(1):
        response = _agenda(client, event)
    assert _shown(response.content.decode()) == [str(session.pk) for session in sessions]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [AGENDA_ONE_PAGE_MAX + 5, 300])
def test_large_agenda_shows_one_day_with_the_same_queries_at_two_sizes(
        client, event, django_assert_num_queries, count, parts_cache_only):
    sessions = _programme(event, count)
    per_day = -(-count // 5)
    # Cold: the event and counter, themes, announcements, the days, the next start, the day's sessions
    # and their people, materials and rooms.
    with django_assert_num_queries(9):
        response = _agenda(client, event)
    page = response.content.decode()
    assert _shown(page) == [str(session.pk) for session in sessions[:per_day]]
    assert page.count('href="?day=2021-') == 5
    with django_assert_num_queries(6):  # the days, themes and announcements are known by now
        second = _agenda(client, event, day="2021-04-02")
    assert _shown(second.content.decode()) == [str(session.pk) for session in sessions[4 * per_day:]]
    with django_assert_num_queries(1):
        again = _agenda(client, event, day="2021-04-02")
    assert _shown(again.content.decode()) == [str(session.pk) for session in sessions[4 * per_day:]]


@pytest.mark.django_db
def test_agenda_during_the_event_opens_on_today(client, event, settings):
    sessions = _programme(event, 100)
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    Session.objects.filter(pk=sessions[-1].pk).update(starts_at=today + dt.timedelta(hours=20),
                                                        ends_at=today + dt.timedelta(hours=21))
    assert _shown(_agenda(client, event).content.decode()) == [str(sessions[-1].pk)]


@pytest.mark.django_db
def test_agenda_edit_through_the_services_shows_at_once(client, event, organiser):
    session = SessionFactory(event=event, title="Opening session")
    SessionFactory(event=event, title="Closing session")
    assert "Opening session" in _agenda(client, event).content.decode()
    _edit(session, organiser, title="Opening plenary")
    page = _agenda(client, event).content.decode()
    assert ("Opening plenary" in page, "Opening session" in page) == (True, False)
    session_delete(session=Session.objects.get(pk=session.pk), actor=organiser)
    page = _agenda(client, event).content.decode()
    assert ("Opening plenary" in page, "Closing session" in page) == (False, True)


@pytest.mark.django_db
def test_agenda_material_added_shows_at_once(client, event, organiser):
    session = SessionFactory(event=event)
    _agenda(client, event)
    material_add(session=session, actor=organiser, title="Country brief", url="https://www.ilo.org/b.pdf",
                 is_public=True)
    assert "Country brief" in _agenda(client, event).content.decode()


@pytest.mark.django_db
def test_agenda_cache_is_per_language_and_zone(client, event):
    SessionFactory(event=event, starts_at=START + dt.timedelta(hours=1))
    _agenda(client, event)
    client.cookies[BROWSER_TZ_COOKIE] = "Asia/Seoul"
    seoul = _agenda(client, event).content.decode()
    client.cookies[BROWSER_TZ_COOKIE] = "Europe/Zurich"
    zurich = _agenda(client, event).content.decode()
    assert (">10:00</time>" in seoul, ">03:00</time>" in zurich) == (True, True)
    japanese = client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
                          headers={"accept-language": "ja"}).content.decode()
    assert 'lang="ja"' in japanese


@pytest.mark.django_db
def test_agenda_answers_304_until_the_programme_changes(client, event, organiser):
    session = SessionFactory(event=event)
    first = _agenda(client, event)
    etag = first["ETag"]
    again = client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
                       headers={"if-none-match": etag})
    assert (again.status_code, again.content) == (304, b"")
    _edit(session, organiser, title="Moved to the afternoon")
    changed = client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
                         headers={"if-none-match": etag})
    assert (changed.status_code, "Moved to the afternoon" in changed.content.decode()) == (200, True)


@pytest.mark.django_db
def test_agenda_for_a_signed_in_person_is_not_shared(client, event, participant):
    SessionFactory(event=event)
    _agenda(client, event)
    client.force_login(participant)
    page = _agenda(client, event)
    assert ("star-form" in page.content.decode(), page.has_header("ETag")) == (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_feed_served_from_the_cache_runs_one_query_at_1_and_20_sessions(
        client, event, django_assert_num_queries, count, parts_cache_only):
    sessions = [SessionFactory(event=event, starts_at=START + dt.timedelta(minutes=30 * n)) for n in range(count)]
    _feed(client, event)
    with django_assert_num_queries(1):
        body = _feed(client, event).content.decode()
    assert body.count("BEGIN:VEVENT") == count
    assert sessions[-1].title in body


@pytest.mark.django_db
def test_feed_edit_and_delete_show_at_once_and_304_before(client, event, organiser):
    session = SessionFactory(event=event, title="Opening session")
    first = _feed(client, event)
    assert _feed(client, event, if_none_match=first["ETag"]).status_code == 304
    assert _feed(client, event, if_modified_since=first["Last-Modified"]).status_code == 304
    _edit(session, organiser, title="Opening plenary")
    body = _feed(client, event, if_none_match=first["ETag"]).content.decode()
    assert ("Opening plenary" in body, "SEQUENCE:1" in body) == (True, True)
    session_delete(session=Session.objects.get(pk=session.pk), actor=organiser)
    assert "BEGIN:VEVENT" not in _feed(client, event).content.decode()


@pytest.mark.django_db
def test_feed_is_sent_compressed_when_asked(client, event):
    SessionFactory(event=event, title="Opening session")
    plain = _feed(client, event).content
    packed = _feed(client, event, accept_encoding="gzip, br")
    assert (packed["Content-Encoding"], gzip.decompress(packed.content)) == ("gzip", plain)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [45, 1000])
def test_first_view_of_the_agenda_stays_small_whatever_the_programme(client, event, count):
    _programme(event, count)
    response = _agenda(client, event)
    page = response.content
    shown = len(_shown(page.decode()))
    assert shown == (45 if count == 45 else 200)
    # One day of a 1,000-session programme (200 sessions) is at most 60 KB compressed, and no
    # session costs more than 700 bytes of HTML on top of the page around them.
    assert len(gzip.compress(page)) <= 60 * 1024
    assert len(page) <= 20 * 1024 + 700 * shown


@pytest.mark.django_db
@pytest.mark.parametrize("count", [45, 1000])
def test_feed_size_per_session_is_bounded(client, event, count):
    _programme(event, count)
    body = _feed(client, event).content
    assert body.count(b"BEGIN:VEVENT") == count
    assert len(body) <= 2 * 1024 + 600 * count
    assert len(_feed(client, event, accept_encoding="gzip").content) <= 60 * 1024


@pytest.mark.django_db
def test_personal_feed_follows_stars_and_edits_at_once(client, event, participant, organiser):
    from ssehub.agenda.services.sessions import calendar_token_for, star_toggle

    first = SessionFactory(event=event, title="Opening session")
    second = SessionFactory(event=event, title="Closing session")
    url = reverse("agenda_public:personal_ics", kwargs={"token": calendar_token_for(user=participant).token})
    assert client.get(url).content.decode().count("BEGIN:VEVENT") == 2
    star_toggle(user=participant, session=second)
    body = client.get(url).content.decode()
    assert (body.count("BEGIN:VEVENT"), "Closing session" in body) == (1, True)
    _edit(second, organiser, title="Closing plenary")
    assert "Closing plenary" in client.get(url).content.decode()
    star_toggle(user=participant, session=Session.objects.get(pk=second.pk))
    assert first.title in client.get(url).content.decode()


@pytest.mark.django_db
def test_signed_in_agenda_shares_the_sessions_but_shows_each_person_their_own_stars(client, event, participant):
    from django.test import Client

    from ssehub.agenda.services.sessions import star_toggle
    from tests.agenda.factories import register
    from tests.factories import make_user

    session = SessionFactory(event=event, title="Opening session")
    star_toggle(user=participant, session=session)
    other = make_user("participant")
    register(event, other)
    client.force_login(participant)
    mine = _agenda(client, event).content.decode()
    second = Client()
    second.force_login(other)
    theirs = _agenda(second, event).content.decode()
    assert ('aria-pressed="true"' in mine, 'aria-pressed="true"' in theirs) == (True, False)
    assert (theirs.count('class="star-form"'), "csrfmiddlewaretoken" in theirs) == (1, True)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [45, 1000])
def test_agenda_and_feed_come_whole_from_the_page_cache_at_any_size(client, event, count, django_assert_num_queries):
    _programme(event, count)
    agenda, feed = _agenda(client, event), _feed(client, event, accept_encoding="gzip")
    with django_assert_num_queries(0):
        agenda_again, feed_again = _agenda(client, event), _feed(client, event, accept_encoding="gzip")
        not_modified = _feed(client, event, if_modified_since=feed["Last-Modified"])
    assert (agenda_again["X-Page-Cache"], feed_again["X-Page-Cache"]) == ("hit", "hit")
    assert agenda_again.content == agenda.content
    assert len(_shown(agenda_again.content.decode())) == (45 if count == 45 else 200)
    assert gzip.decompress(feed_again.content).decode().count("BEGIN:VEVENT") == count
    assert not_modified.status_code == 304
