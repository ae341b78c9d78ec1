"""Days are written as each language writes them ("월 29 3월" was Django's "D j M" in Korean)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from ssehub.core.templatetags.zones import short_day
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
