"""Whole anonymous pages from the cache (ADR 0010): served again without queries, never stale after
a write of any kind, never for a signed-in person, per language and per time zone."""

import gzip
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse

from ssehub.core.pagecache import GENERATION_KEY
from ssehub.programmes.models import Programme
from tests.concurrency import at_the_same_instant

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return Programme.objects.create(slug="sse-asia", title="SSE policy in Asia", summary="First summary.",
                                    is_current=True)


def test_second_anonymous_visit_is_served_whole_without_a_query(client, programme, django_assert_num_queries):
    first = client.get(reverse("shell:about"))
    assert "First summary." in first.content.decode()
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get(reverse("shell:about"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    assert second["Content-Language"] == first["Content-Language"]


def test_anonymous_page_carries_no_csrf_token_and_sets_no_cookie(client, programme):
    response = client.get(reverse("shell:about"))
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "data-csrf-token" not in response.content.decode()
    assert not response.cookies


@pytest.mark.parametrize("write", ["orm_save", "queryset_update", "raw_sql"])
def test_any_write_shows_at_once(client, programme, write):
    client.get(reverse("shell:about"))
    if write == "orm_save":
        programme.summary = "Second summary."
        programme.save()
    elif write == "queryset_update":
        Programme.objects.filter(pk=programme.pk).update(summary="Second summary.")
    else:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE programmes_programme SET summary = %s WHERE id = %s",
                           ["Second summary.", programme.pk])
    response = client.get(reverse("shell:about"))
    assert "Second summary." in response.content.decode()
    assert "X-Page-Cache" not in response


def test_signed_in_people_never_get_a_cached_page(client, programme, member):
    client.get(reverse("shell:about"))
    client.force_login(member)
    response = client.get(reverse("shell:about"))
    assert "X-Page-Cache" not in response
    assert "data-csrf-token" in response.content.decode()
    assert "My profile" in response.content.decode()


def test_each_language_and_time_zone_has_its_own_copy(client, programme):
    client.get(reverse("shell:about"))
    korean = client.get(reverse("shell:about"), headers={"Accept-Language": "ko"})
    assert "X-Page-Cache" not in korean
    assert korean["Content-Language"] == "ko"
    client.cookies["ssehub_tz"] = "Asia/Manila"
    in_manila = client.get(reverse("shell:about"))
    assert "X-Page-Cache" not in in_manila


def test_compressed_for_browsers_that_accept_it(client, programme):
    plain = client.get(reverse("shell:about"))
    compressed = client.get(reverse("shell:about"), headers={"Accept-Encoding": "gzip, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert "Accept-Encoding" in compressed["Vary"]


def test_health_check_and_htmx_requests_are_never_cached(client, programme):
    client.get(reverse("shell:healthz"))
    assert "X-Page-Cache" not in client.get(reverse("shell:healthz"))
    client.get(reverse("shell:about"), headers={"HX-Request": "true"})
    assert "X-Page-Cache" not in client.get(reverse("shell:about"), headers={"HX-Request": "true"})


def test_the_health_check_answers_without_the_cache(client, monkeypatch):
    """It reports the database as it is, even with the cache server down (and costs no round trip)."""
    from django.core.cache import caches

    backend = caches["default"]

    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(backend, method, refuse)
    response = client.get(reverse("shell:healthz"))
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, programme):
    client.get(reverse("shell:about"))
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get(reverse("shell:about"))


def test_anonymous_language_switch_needs_no_token(programme):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("set_language"), {"language": "ja", "next": "/about/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"


def test_signed_in_language_switch_still_needs_its_token(programme, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    response = strict.post(reverse("set_language"), {"language": "ja", "next": "/about/"})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_commit_elsewhere_moves_the_generation_every_worker_reads():
    """Another process (here: another thread with its own connection) commits: the shared
    generation moves once the transaction commits, not before."""
    cache.set(GENERATION_KEY, 5, timeout=None)
    inside = {}

    def write_elsewhere():
        with transaction.atomic():
            Programme.objects.create(slug="other", title="Other", summary="Other.")
            inside["generation"] = cache.get(GENERATION_KEY)

    at_the_same_instant(write_elsewhere)  # in a thread of its own, with its own connection, which it closes
    assert inside["generation"] == 5
    assert cache.get(GENERATION_KEY) == 6


def _about_key(client):
    from django.test import RequestFactory

    from ssehub.core.pagecache import _key

    return _key(RequestFactory().get(reverse("shell:about")), cache.get(GENERATION_KEY, 0))


def test_a_visitor_waits_for_the_copy_another_request_is_rendering(client, programme, django_assert_num_queries):
    """After a write, only one of many concurrent visitors renders a page; the others wait for it."""
    from ssehub.core.pagecache import RENDER_LOCK, _entry

    rendered = client.get(reverse("shell:about"))
    programme.summary = "Second summary."
    programme.save()
    key = _about_key(client)
    cache.add(key + RENDER_LOCK, 1, timeout=10)
    fresh = type(rendered)(rendered.content.replace(b"First summary.", b"Second summary."),
                           content_type=rendered["Content-Type"])

    def the_other_request_finishes():
        cache.set(key, _entry(fresh), timeout=30)

    timer = threading.Timer(0.2, the_other_request_finishes)
    timer.start()
    with django_assert_num_queries(0):
        waited = client.get(reverse("shell:about"))
    timer.join()
    assert waited["X-Page-Cache"] == "hit"
    assert "Second summary." in waited.content.decode()


def test_a_visitor_renders_itself_when_the_other_request_gives_up(client, programme):
    from ssehub.core.pagecache import RENDER_LOCK

    client.get(reverse("shell:about"))
    programme.summary = "Second summary."
    programme.save()
    key = _about_key(client)
    cache.add(key + RENDER_LOCK, 1, timeout=10)
    threading.Timer(0.2, lambda: cache.delete(key + RENDER_LOCK)).start()
    response = client.get(reverse("shell:about"))
    assert "X-Page-Cache" not in response
    assert "Second summary." in response.content.decode()


def test_a_page_that_cannot_be_kept_is_remembered_so_nobody_waits_for_it(client):
    from ssehub.core.pagecache import UNCACHEABLE

    first = client.get(reverse("account_login"))
    assert first.cookies  # the CSRF cookie: never kept
    second = client.get(reverse("account_login"))
    assert "X-Page-Cache" not in second
    from django.test import RequestFactory

    from ssehub.core.pagecache import _key

    key = _key(RequestFactory().get(reverse("account_login")), cache.get(GENERATION_KEY, 0))
    assert cache.get(key) == UNCACHEABLE


def test_json_and_the_browsable_api_are_kept_apart(client):
    path = reverse("api:atlas_instrument_list")
    client.get(path, headers={"Accept": "application/json"})
    as_json = client.get(path, headers={"Accept": "application/json"})
    as_html = client.get(path, headers={"Accept": "text/html"})
    assert as_json["Content-Type"].startswith("application/json")
    assert as_html["Content-Type"].startswith("text/html")
