"""Days are written as each language writes them ("월 29 3월" was Django's "D j M" in Korean)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from ssehub.core.templatetags.zones import long_day, short_day
from tests.agenda.factories import SessionFactory


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Mon, Mar 29"), ("ko", "3월 29일 (월)"), ("ja", "3月29日(月)"), ("ms", "Isn, 29 Mac")])
def test_short_day_follows_the_language(language, expected):
    with translation.override(language):
        assert short_day(dt.date(2021, 3, 29)) == expected


@pytest.mark.django_db
def test_korean_agenda_names_its_days_the_korean_way(client):
    session = SessionFactory()
    SessionFactory(event=session.event, starts_at=session.starts_at + dt.timedelta(days=1))
    client.cookies["ssehub_language"] = "ko"
    client.cookies["ssehub_tz"] = "Asia/Seoul"
    body = client.get(reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})).content.decode()
    assert "3월 29일 (월)" in body
    assert "월 29 3월" not in body


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Monday, March 29, 2021"), ("ja", "2021年3月29日月曜日"), ("ko", "2021년 3월 29일 월요일"),
    ("zh-hans", "2021年3月29日星期一"), ("id", "Senin, 29 Maret 2021")])
def test_long_day_follows_the_language(language, expected):
    with translation.override(language):
        assert long_day(dt.date(2021, 3, 29)) == expected


@pytest.mark.django_db
def test_japanese_agenda_heads_each_day_the_japanese_way(client):
    """A Tokyo participant read "月曜日, 2021年3月29日" (found by a new user's trial)."""
    session = SessionFactory(starts_at=dt.datetime(2021, 3, 29, 1, 0, tzinfo=dt.UTC),
                             ends_at=dt.datetime(2021, 3, 29, 2, 0, tzinfo=dt.UTC))
    client.cookies["ssehub_language"] = "ja"
    client.cookies["ssehub_tz"] = "Asia/Tokyo"
    body = client.get(reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})).content.decode()
    assert ">2021年3月29日月曜日</h2>" in body
    assert "月曜日, " not in body
