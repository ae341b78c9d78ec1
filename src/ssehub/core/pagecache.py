"""Whole anonymous pages served from the shared cache, invalidated by any write (ADR 0010).

A first-time visitor without a session sees the same bytes as every other such visitor with the
same language, time-zone cookie and URL, so the rendered page is kept and served again without
touching the session, the ORM or the templates. What makes this safe:

- Only anonymous GETs without a session, a messages cookie, an Authorization header or an htmx
  header are looked up or stored; a response is stored only if it set no cookie (so it carried no
  CSRF token and opened no session), is not marked private or no-store and is a 200 of a text type.
- The key holds a *generation*: every INSERT, UPDATE or DELETE on any connection (ORM, bulk or
  raw) moves it. The shared part moves when the transaction commits, so every worker stops
  serving older pages at once; a process-local part moves at the statement itself, so the
  writing process (and a test, whose transaction never commits) never reads its own stale page.
- Entries also expire after `SSEHUB_PAGE_CACHE_SECONDS` (30 s by default), which bounds how long a
  page that depends on the clock (a call's deadline, "today" in an agenda) can lag.
"""

import gzip
import hashlib
import itertools
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from ssehub.core.timezones import BROWSER_TZ_COOKIE

GENERATION_KEY = "pagecache:generation"
CACHEABLE_TYPES = ("text/html", "application/json", "text/calendar", "application/vnd.oai.openapi")
MAX_BODY_BYTES = 2 * 1024 * 1024
# Writes that cannot change what an anonymous visitor sees: sign-ins and the mail queue.
IGNORED_TABLES = ('"django_session"', '"core_outgoingmail"', '"account_emailconfirmation"')

_local_generation = itertools.count()
_local_now = 0


def _bump_local() -> None:
    global _local_now
    _local_now = next(_local_generation) + 1


def bump_shared_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _is_page_changing_write(sql: str) -> bool:
    head = sql.lstrip()[:7].upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
        return False
    start = sql[:120]
    return not any(table in start for table in IGNORED_TABLES)


def write_watcher(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and _is_page_changing_write(sql):
        _bump_local()
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(bump_shared_generation, using=connection.alias)
        else:
            bump_shared_generation()
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    if write_watcher not in connection.execute_wrappers:
        connection.execute_wrappers.append(write_watcher)


def _seconds() -> int:
    return getattr(settings, "SSEHUB_PAGE_CACHE_SECONDS", 30)


def _may_use_cache(request) -> bool:
    if request.method != "GET" or _seconds() <= 0:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    headers = request.headers
    return "Authorization" not in headers and "HX-Request" not in headers


def _key(request, generation) -> str:
    zone = request.COOKIES.get(BROWSER_TZ_COOKIE, "")[:64]
    language = translation.get_language_from_request(request)
    forwarded = request.headers.get("X-Forwarded-Proto", "")
    # Hashed: a URL may be longer than a cache key should be, and carry any bytes.
    # Accept too: the API answers JSON or its browsable HTML page for the same address.
    accept = request.headers.get("Accept", "")[:200]
    parts = "\n".join((str(generation), str(_local_now), language, zone, forwarded, accept, request.get_full_path()))
    return "pagecache:" + hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


PERSONAL_ATTRIBUTE = "page_cache_personal"


def keep_personal_response(response):
    """Let the whole-page cache keep a response that is private to whoever holds its URL (a feed
    behind a secret token): kept server-side only, keyed by that URL, never sent compressed, and
    dropped by the next write like every page (rotating the token is a write)."""
    setattr(response, PERSONAL_ATTRIBUTE, True)
    return response


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    personal = getattr(response, PERSONAL_ATTRIBUTE, False)
    # "no-cache" only asks browsers to revalidate, which a stored ETag answers (see _response_from).
    if not personal and any(word in control for word in ("private", "no-store")):
        return False
    if response.get("Content-Encoding"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type in CACHEABLE_TYPES and len(response.content) <= MAX_BODY_BYTES


def _entry(response) -> dict:
    """Only one copy is kept: compressed when that is smaller (most pages: a read of a tenth of the
    bytes, inflated on the rare request that does not accept gzip), else as it is. Personal bodies
    are never compressed (BREACH: see core.compression)."""
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    body = response.content
    if not getattr(response, PERSONAL_ATTRIBUTE, False):
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(packed) < len(body):
            return {"status": response.status_code, "headers": headers, "body": None, "gzip": packed}
    return {"status": response.status_code, "headers": headers, "body": body, "gzip": None}


def _response_from(request, entry) -> HttpResponse:
    headers = dict(entry["headers"])
    if "ETag" in headers or "Last-Modified" in headers:
        # As the view itself would answer a calendar app's or a browser's revalidation.
        not_modified = get_conditional_response(
            request, etag=headers.get("ETag"), last_modified=parse_http_date_safe(headers.get("Last-Modified", "")))
        if not_modified is not None:
            for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language"):
                if name in headers:
                    not_modified[name] = headers[name]
            return not_modified
    packed = entry["gzip"]
    sent_packed = packed is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    inflated = entry["body"] if packed is None else None
    body = packed if sent_packed else (inflated if inflated is not None else gzip.decompress(packed))
    response = HttpResponse(body, status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    if packed is not None:
        if sent_packed:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(body))
    response["X-Page-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            return self.get_response(request)
        generation = cache.get(GENERATION_KEY, 0)
        key = _key(request, generation)
        entry = cache.get(key)
        if entry == UNCACHEABLE:
            return self.get_response(request)
        owns_lock = entry is None and cache.add(key + RENDER_LOCK, 1, timeout=RENDER_LOCK_SECONDS)
        if entry is None and not owns_lock:
            # Another request is rendering this page (after a write, 200 visitors of a 1,000-session
            # feed would otherwise each spend a second building it): wait for its copy.
            entry = _wait_for(key)
        if entry is not None and entry != UNCACHEABLE:
            return _response_from(request, entry)
        try:
            response = self.get_response(request)
            # A page that cannot be kept is remembered as such, so its visitors skip the lock.
            cache.set(key, _entry(response) if _storable(request, response) else UNCACHEABLE, timeout=_seconds())
        finally:
            if owns_lock:
                cache.delete(key + RENDER_LOCK)
        return response


UNCACHEABLE = "uncacheable"
RENDER_LOCK = ":rendering"
RENDER_LOCK_SECONDS = 10
WAIT_STEP_SECONDS = 0.02


def _wait_for(key: str):
    """The page another request is rendering, once it is kept; None if that request gave up (its
    lock went without a copy) or took longer than the lock lives."""
    deadline = time.monotonic() + RENDER_LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        found = cache.get_many([key, key + RENDER_LOCK])
        if key in found:
            return found[key]
        if key + RENDER_LOCK not in found:
            return None
    return None


def _reset_on_setting_change(setting, **kwargs) -> None:
    if setting == "CACHES":
        _bump_local()


setting_changed.connect(_reset_on_setting_change)
