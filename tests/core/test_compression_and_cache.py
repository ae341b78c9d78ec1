"""Compression only of what anybody may see (BREACH), persistent connections and the shared cache."""

import gzip
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ssehub.agenda.services.sessions import calendar_token_for
from tests.agenda.factories import EventFactory, SessionFactory, register
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def _agenda(client, event, **headers):
    return client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug}), headers=headers)


@pytest.mark.django_db
def test_public_page_is_compressed_for_an_anonymous_visitor(client):
    event = EventFactory()
    SessionFactory(event=event, title="Opening session")
    response = _agenda(client, event, accept_encoding="gzip")
    assert (response["Content-Encoding"], b"Opening session" in gzip.decompress(response.content)) == ("gzip", True)


@pytest.mark.django_db
def test_page_of_a_signed_in_person_is_not_compressed(client):
    client.force_login(make_user("participant"))
    response = client.get(reverse("accounts:profile"), headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.has_header("Content-Encoding") is False


@pytest.mark.django_db
def test_signed_in_agenda_is_compressed_with_its_masked_token_and_stars(client):
    """The agenda reflects nothing a third party chooses beyond its own address and carries only the
    CSRF token, masked anew each time (core.compression.compress_for_signed_in)."""
    event = EventFactory()
    SessionFactory(event=event, title="Opening session")
    person = make_user("participant")
    register(event, person)
    client.force_login(person)
    first = _agenda(client, event, accept_encoding="gzip")
    second = _agenda(client, event, accept_encoding="gzip")
    page = gzip.decompress(first.content)
    assert first["Content-Encoding"] == "gzip"
    assert b"Opening session" in page
    assert b"csrfmiddlewaretoken" in page
    token = b'name="csrfmiddlewaretoken" value="'
    assert page.split(token)[1][:64] != gzip.decompress(second.content).split(token)[1][:64]


@pytest.mark.django_db
def test_personal_feed_is_not_compressed(client):
    event = EventFactory()
    SessionFactory(event=event, title="Opening session")
    person = make_user("participant")
    register(event, person)
    token = calendar_token_for(user=person).token
    response = client.get(reverse("agenda_public:personal_ics", kwargs={"token": token}),
                          headers={"accept-encoding": "gzip"})
    assert (response.has_header("Content-Encoding"), b"Opening session" in response.content) == (False, True)


@pytest.mark.django_db
def test_refused_post_is_not_compressed(client):
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "wrong"},
                           headers={"accept-encoding": "gzip"})
    assert response.has_header("Content-Encoding") is False


def test_database_connections_persist_with_health_checks():
    database = settings.DATABASES["default"]
    assert (database["CONN_MAX_AGE"] > 0, database["CONN_HEALTH_CHECKS"]) == (True, True)


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis at 127.0.0.1:6379")
def test_redis_url_selects_a_shared_cache_that_rate_limits_use():
    script = (
        "import django; django.setup();"
        "from django.core.cache import cache, caches;"
        "cache.set('ssehub-test-probe', 42, 5);"
        "print(type(caches['default']).__name__, cache.get('ssehub-test-probe'))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment |= {"DEBUG": "true", "SSEHUB_REDIS_URL": "redis://127.0.0.1:6379/15",
                    "SSEHUB_CACHE_PREFIX": "ssehub-test", "DJANGO_SETTINGS_MODULE": "ssehub.settings",
                    "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
                            text=True, check=False)
    assert result.stdout.split() == ["RedisCache", "42"], result.stderr
