"""Uptime monitors, link checkers and calendar apps ask with HEAD: every page that answers GET answers
HEAD the same way (Django drops the body), not 405."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_public_pages_answer_head_as_they_answer_get(client):
    event = EventFactory()
    for path in (reverse("shell:home"), reverse("shell:about"), reverse("shell:healthz"), reverse("atlas:search"),
                 reverse("events:detail", kwargs={"slug": event.slug}),
                 reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
                 reverse("agenda:ics", kwargs={"event_slug": event.slug})):
        get, head = client.get(path), client.head(path)
        assert (path, head.status_code) == (path, get.status_code)
        assert head.content == b""
        assert head["Content-Type"] == get["Content-Type"]
