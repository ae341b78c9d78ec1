import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from ssehub.agenda.models import Attendance, JoinEvent
from ssehub.agenda.services.sessions import (
    calendar_token_for,
    calendar_token_rotate,
    join_record,
    session_update,
    star_toggle,
)
from ssehub.core.errors import ServiceError
from tests.agenda.factories import SessionFactory


def _events(body: bytes):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


@pytest.mark.django_db
def test_event_feed_carries_iana_tzid_stable_uid_and_rising_sequence(client, session, organiser):
    url = reverse("agenda:ics", kwargs={"event_slug": session.event.slug})
    first = client.get(url)
    assert first["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(first.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert entry.decoded("DTSTART") == dt.datetime(2021, 3, 29, 10, 0, tzinfo=entry.decoded("DTSTART").tzinfo)
    assert entry.decoded("DTSTART").utcoffset() == dt.timedelta(hours=9)
    assert "LOCATION" not in entry  # the public feed has no room links
    session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                   data={"starts_at": session.starts_at + dt.timedelta(hours=1),
                         "ends_at": session.ends_at + dt.timedelta(hours=1)})
    (moved,) = _events(client.get(url).content)
    assert (str(moved["UID"]), moved["SEQUENCE"], moved.decoded("DTSTART").hour) == (
        str(entry["UID"]), 1, 11)


@pytest.mark.django_db
def test_personal_feed_lists_registered_sessions_with_join_links_and_can_be_revoked(client, event, participant):
    a = SessionFactory(event=event, title="Opening")
    SessionFactory(event=event, title="Closing", starts_at=a.ends_at)
    SessionFactory(title="Another event's session")
    token = calendar_token_for(user=participant).token
    url = reverse("agenda_public:personal_ics", kwargs={"token": token})
    entries = _events(client.get(url).content)
    assert sorted(str(e["SUMMARY"]) for e in entries) == ["Closing", "Opening"]
    assert str(entries[0]["LOCATION"]).endswith("/join/")
    star_toggle(user=participant, session=a)
    assert [str(e["SUMMARY"]) for e in _events(client.get(url).content)] == ["Opening"]
    calendar_token_rotate(user=participant)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_calendar_page_shows_the_secret_url_and_rotates_it(client, participant):
    client.force_login(participant)
    page = client.get(reverse("agenda_public:calendar")).content.decode()
    token = calendar_token_for(user=participant).token
    assert token in page
    client.post(reverse("agenda_public:calendar"))
    assert calendar_token_for(user=participant).token != token


@pytest.mark.django_db
def test_join_is_refused_before_the_window_and_recorded_inside_it(session, participant):
    with pytest.raises(ServiceError) as refusal:
        join_record(session=session, user=participant, at=session.starts_at - dt.timedelta(minutes=16))
    assert (refusal.value.code, "15 minutes before" in refusal.value.message) == ("not_open", True)
    join_record(session=session, user=participant, at=session.starts_at - dt.timedelta(minutes=15))
    join_record(session=session, user=participant, at=session.starts_at + dt.timedelta(minutes=40))
    with pytest.raises(ServiceError) as refusal:
        join_record(session=session, user=participant, at=session.ends_at + dt.timedelta(seconds=1))
    assert refusal.value.code == "ended"
    assert JoinEvent.objects.filter(user=participant).count() == 2
    attendance = Attendance.objects.get(session=session, user=participant)
    assert (attendance.source, attendance.first_joined_at) == ("join", session.starts_at - dt.timedelta(minutes=15))


@pytest.mark.django_db
def test_join_view_redirects_to_the_room_inside_the_window(client, event, participant):
    now = dt.datetime.now(dt.UTC)
    session = SessionFactory(event=event, starts_at=now + dt.timedelta(minutes=10))
    client.force_login(participant)
    response = client.get(reverse("agenda:join", kwargs={"event_slug": event.slug, "pk": session.pk}))
    assert (response.status_code, response["Location"]) == (302, "https://zoom.us/j/123456789")
    assert JoinEvent.objects.filter(session=session, user=participant).count() == 1


@pytest.mark.django_db
def test_join_view_before_the_window_says_when_it_opens(client, event, participant):
    session = SessionFactory(event=event, starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))
    client.force_login(participant)
    response = client.get(reverse("agenda:join", kwargs={"event_slug": event.slug, "pk": session.pk}))
    assert response.status_code == 403
    assert "has not opened yet" in response.content.decode()
    assert JoinEvent.objects.count() == 0


@pytest.mark.django_db
def test_join_sends_a_delegation_to_its_breakout_room(client, event, participant):
    session = SessionFactory(event=event, kind="lab", starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    session.rooms.create(name="Indonesia", countries=["ID"], room_url="https://meet.jit.si/lab-id")
    session.rooms.create(name="Philippines", countries=["PH"], room_url="https://meet.jit.si/lab-ph")
    client.force_login(participant)  # in the Philippine delegation
    response = client.get(reverse("agenda:join", kwargs={"event_slug": event.slug, "pk": session.pk}))
    assert response["Location"] == "https://meet.jit.si/lab-ph"


@pytest.mark.django_db
def test_personal_feed_is_served_again_from_the_page_cache_uncompressed_until_the_token_rotates(
        client, event, participant, django_assert_num_queries):
    SessionFactory(event=event, title="Opening")
    url = reverse("agenda_public:personal_ics", kwargs={"token": calendar_token_for(user=participant).token})
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    with django_assert_num_queries(0):
        again = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert again["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in again  # personal: never compressed (BREACH)
    assert again.content == first.content
    assert "private" in again["Cache-Control"]
    calendar_token_rotate(user=participant)
    assert client.get(url).status_code == 404
