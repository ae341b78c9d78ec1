import datetime as dt
import re

import pytest
from django.urls import reverse

from ssehub.agenda.models import Star
from ssehub.agenda.selectors import build_agenda
from ssehub.programmes.models import Programme, Theme
from tests.agenda.factories import MaterialFactory, SessionFactory


def _agenda(client, event, **params):
    return client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}), params)


@pytest.mark.django_db
def test_agenda_shows_viewer_time_with_host_time_beside_it(client, session, participant):
    client.force_login(participant)
    page = _agenda(client, session.event).content.decode()
    # 01:00 UTC is 09:00 in Manila and 10:00 in Seoul.
    assert re.search('class="viewer-time"><time[^>]*>09:00</time>\u2013<time[^>]*>10:30', page)
    assert "10:00\u201311:30 host time" in page
    assert "Philippine" in page  # the zone named in words, not "PST"
    assert "Korean Standard Time" in page


@pytest.mark.django_db
def test_agenda_groups_by_the_viewers_local_day(client, event):
    # 15:30 UTC is 23:30 on the 28th in Manila but 00:30 on the 29th in Seoul.
    SessionFactory(event=event, title="Late", starts_at=dt.datetime(2021, 3, 28, 15, 30, tzinfo=dt.UTC))
    SessionFactory(event=event, title="Early", starts_at=dt.datetime(2021, 3, 28, 16, 30, tzinfo=dt.UTC))
    days = build_agenda(event.sessions.all(), viewer_zone="Asia/Manila", host_zone="Asia/Seoul",
                        now=dt.datetime(2021, 1, 1, tzinfo=dt.UTC), starred=set())
    assert [(d.date.isoformat(), [i.session.title for i in d.items]) for d in days] == [
        ("2021-03-28", ["Late"]), ("2021-03-29", ["Early"])]
    seoul = build_agenda(event.sessions.all(), viewer_zone="Asia/Seoul", host_zone="Asia/Seoul",
                         now=dt.datetime(2021, 1, 1, tzinfo=dt.UTC), starred=set())
    assert [d.date.isoformat() for d in seoul] == ["2021-03-29"]


@pytest.mark.django_db
def test_agenda_marks_now_and_next(event):
    first = SessionFactory(event=event, title="First")
    second = SessionFactory(event=event, title="Second", starts_at=first.ends_at)
    SessionFactory(event=event, title="Third", starts_at=second.ends_at)
    days = build_agenda(event.sessions.all(), viewer_zone="UTC", host_zone="Asia/Seoul",
                        now=first.starts_at + dt.timedelta(minutes=5), starred=set())
    marks = [(i.session.title, i.is_now, i.is_next) for i in days[0].items]
    assert marks == [("First", True, False), ("Second", False, True), ("Third", False, False)]


@pytest.mark.django_db
def test_agenda_filters_by_theme_in_the_url(client, event):
    programme = Programme.objects.create(slug="p", title="P", summary="S")
    rural = Theme.objects.create(programme=programme, code="rural-decent-work", title="Decent work in the rural economy")
    covid = Theme.objects.create(programme=programme, code="covid-recovery", title="SSE responses to COVID-19")
    event.themes.set([rural, covid])
    SessionFactory(event=event, title="Rural cooperatives", theme=rural)
    SessionFactory(event=event, title="Pandemic responses", theme=covid)
    page = _agenda(client, event, theme="covid-recovery").content.decode()
    assert ("Pandemic responses" in page, "Rural cooperatives" in page) == (True, False)


@pytest.mark.django_db
def test_star_without_javascript_redirects_back_and_shows_in_my_agenda(client, session, participant):
    client.force_login(participant)
    url = reverse("agenda:star", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    response = client.post(url, {"next": "/evil.example.org"})
    assert response.status_code == 302
    assert Star.objects.filter(user=participant, session=session).count() == 1
    mine = client.get(reverse("agenda:mine", kwargs={"event_slug": session.event.slug})).content.decode()
    assert session.title in mine
    client.post(url)
    assert Star.objects.filter(user=participant).count() == 0


@pytest.mark.django_db
def test_star_with_htmx_returns_the_button_only(client, session, participant):
    client.force_login(participant)
    url = reverse("agenda:star", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    response = client.post(url, {"next": "/x/"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith("<form")
    assert 'aria-pressed="true"' in body


@pytest.mark.django_db
def test_my_agenda_is_empty_without_stars(client, session, participant):
    client.force_login(participant)
    full = _agenda(client, session.event).content.decode()
    assert (full.count('class="agenda-item'), session.title in full) == (1, True)
    response = client.get(reverse("agenda:mine", kwargs={"event_slug": session.event.slug}))
    page = response.content.decode()
    assert (response.status_code, "agenda/agenda.html" in [t.name for t in response.templates]) == (200, True)
    assert "<h1>My agenda</h1>" in page
    assert "You have not added any session to your agenda yet." in page
    assert (page.count('class="agenda-item'), session.title in page) == (0, False)


def _many(event, count):
    """`count` sessions, each with a speaker, a delegation room and a public material."""
    start = dt.datetime(2021, 3, 29, 0, 0, tzinfo=dt.UTC)
    sessions = []
    for index in range(count):
        session = SessionFactory(event=event, starts_at=start + dt.timedelta(minutes=30 * index))
        session.people.create(role="speaker", guest_name=f"Speaker {index}")
        session.rooms.create(name=f"Room {index}", countries=["PH"])
        MaterialFactory(session=session, title=f"Brief {index}")
        sessions.append(session)
    return sessions


def _shown(page: str) -> list[str]:
    return re.findall(r'id="session-(\d+)"', page)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_agenda_query_count_is_the_same_for_1_and_20_sessions(client, event, participant, django_assert_num_queries,
                                                               count):
    sessions = _many(event, count)
    client.force_login(participant)
    _agenda(client, event)  # the first request of a new log-in settles its session
    with django_assert_num_queries(9):
        response = _agenda(client, event)
    page = response.content.decode()
    assert _shown(page) == [str(session.pk) for session in sessions]
    assert [f"Speaker {count - 1}" in page, f"Brief {count - 1}" in page] == [True, True]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_public_agenda_query_count_is_the_same_for_1_and_20_sessions(client, event, django_assert_num_queries,
                                                                      count):
    sessions = _many(event, count)
    with django_assert_num_queries(7):
        response = _agenda(client, event)
    page = response.content.decode()
    assert _shown(page) == [str(session.pk) for session in sessions]
    assert [f"Speaker {count - 1}" in page, f"Brief {count - 1}" in page] == [True, True]


@pytest.mark.django_db
def test_agenda_in_korean_names_the_zones_in_korean(client, session, participant, settings):
    client.force_login(participant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = _agenda(client, session.event).content.decode()
    assert ("필리핀 표준시" in page, "대한민국 표준시" in page, "주최 측 시각 10:00" in page) == (True, True, True)
