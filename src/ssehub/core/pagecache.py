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

A signed-in person's page is kept too, but only for views marked `personal_page_cache` and only for
that person's browser (ADR 0010 addendum): the key holds every cookie the browser sent (its session,
CSRF secret, language and zone), so nobody else can ever be served it, and a second generation that
moves with every write to the session table (a sign-in or out, a message kept in the session) as
well as the first.
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
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from ssehub.core.compression import PERSONAL_PAGE_REQUEST_ATTRIBUTE, SIGNED_IN_ATTRIBUTE
from ssehub.core.timezones import BROWSER_TZ_COOKIE

GENERATION_KEY = "pagecache:generation"
PERSONAL_GENERATION_KEY = "pagecache:personal-generation"
CACHEABLE_TYPES = ("text/html", "application/json", "text/calendar", "application/vnd.oai.openapi")
MAX_BODY_BYTES = 2 * 1024 * 1024
# Writes that cannot change what an anonymous visitor sees: sign-ins and the mail queue.
IGNORED_TABLES = ('"django_session"', '"core_outgoingmail"', '"account_emailconfirmation"')
# ...but a session's rows can change what its own person sees (signed out, a message waiting).
SESSION_TABLE = '"django_session"'

_local_generation = itertools.count()
_local_now = 0


def _bump_local() -> None:
    global _local_now
    _local_now = next(_local_generation) + 1


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def bump_shared_generation() -> None:
    _bump(GENERATION_KEY)


def bump_personal_generation() -> None:
    _bump(PERSONAL_GENERATION_KEY)


def _written_table_part(sql: str) -> str | None:
    """The start of a write statement, where its table is named; None for a read."""
    head = sql.lstrip()[:7].upper()
    return sql[:120] if head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")) else None


def _after_commit(connection, bump) -> None:
    if connection.in_atomic_block:
        transaction.on_commit(bump, using=connection.alias)
    else:
        bump()


def write_watcher(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    start = _written_table_part(sql) if isinstance(sql, str) else None
    if start is not None:
        _bump_local()
        if SESSION_TABLE in start:
            _after_commit(context["connection"], bump_personal_generation)
        elif not any(table in start for table in IGNORED_TABLES):
            _after_commit(context["connection"], bump_shared_generation)
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    if write_watcher not in connection.execute_wrappers:
        connection.execute_wrappers.append(write_watcher)


def _seconds() -> int:
    return getattr(settings, "SSEHUB_PAGE_CACHE_SECONDS", 30)


ANONYMOUS, PERSONAL = "anonymous", "personal"
PERSONAL_VIEW_ATTRIBUTE = "personal_page_cache"


def personal_page_cache(view):
    """Let the whole-page cache keep this view's pages for signed-in people, each for their own
    browser only. For a view whose GET writes nothing and whose page depends on nothing but the
    database, the address, the cookies and the Accept headers (and the clock, within the cache's
    seconds)."""
    setattr(view, PERSONAL_VIEW_ATTRIBUTE, True)
    return view


def _is_personal_view(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, PERSONAL_VIEW_ATTRIBUTE, False)


# The health check answers for the database as it is now, whatever the cache holds or whether it answers.
NEVER_LOOKED_UP = ("/healthz",)


def _cache_use(request) -> str | None:
    """ANONYMOUS, PERSONAL, or None: neither looked up nor kept."""
    if request.method != "GET" or _seconds() <= 0 or request.path_info in NEVER_LOOKED_UP:
        return None
    headers, cookies = request.headers, request.COOKIES
    if "Authorization" in headers or "HX-Request" in headers or "messages" in cookies:
        return None
    if settings.SESSION_COOKIE_NAME not in cookies:
        return ANONYMOUS
    return PERSONAL if _is_personal_view(request) else None


def _key(request, generation) -> str:
    zone = request.COOKIES.get(BROWSER_TZ_COOKIE, "")[:64]
    language = translation.get_language_from_request(request)
    forwarded = request.headers.get("X-Forwarded-Proto", "")
    # Hashed: a URL may be longer than a cache key should be, and carry any bytes.
    # Accept too: the API answers JSON or its browsable HTML page for the same address.
    accept = request.headers.get("Accept", "")[:200]
    parts = "\n".join((str(generation), str(_local_now), language, zone, forwarded, accept, request.get_full_path()))
    return "pagecache:" + hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


def _personal_key(request, generations: tuple[int, int]) -> str:
    # Every cookie, whole: the session says who, the CSRF secret which token the page carries, the
    # language and zone cookies what the person reads; Accept-Language for one without a language cookie.
    headers = request.headers
    parts = "\n".join((*map(str, generations), str(_local_now), headers.get("Cookie", ""),
                        headers.get("Accept-Language", ""), headers.get("X-Forwarded-Proto", ""),
                        headers.get("Accept", ""), request.get_full_path()))
    return "pagecache:personal:" + hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


PERSONAL_ATTRIBUTE = "page_cache_personal"


def keep_personal_response(response):
    """Let the whole-page cache keep a response that is private to whoever holds its URL (a feed
    behind a secret token): kept server-side only, keyed by that URL, never sent compressed, and
    dropped by the next write like every page (rotating the token is a write)."""
    setattr(response, PERSONAL_ATTRIBUTE, True)
    return response


def _only_renews_csrf_cookie(request, response) -> bool:
    """Django sends the CSRF cookie again with every page that uses it, only to renew its expiry; a
    page kept without it changes nothing but when the cookie expires (a year after the last miss)."""
    name = settings.CSRF_COOKIE_NAME
    return set(response.cookies) == {name} and response.cookies[name].value == request.COOKIES.get(name)


def _storable(request, response, use: str = ANONYMOUS) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies and not (use == PERSONAL and _only_renews_csrf_cookie(request, response)):
        return False
    user = getattr(request, "user", None)
    if use == ANONYMOUS and user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    personal = use == PERSONAL or getattr(response, PERSONAL_ATTRIBUTE, False)
    # "no-cache" only asks browsers to revalidate, which a stored ETag answers (see _response_from).
    if not personal and any(word in control for word in ("private", "no-store")):
        return False
    if use == PERSONAL and "no-store" in control:
        return False
    if response.get("Content-Encoding"):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type in CACHEABLE_TYPES and len(response.content) <= MAX_BODY_BYTES


def _entry(response, use: str = ANONYMOUS) -> dict:
    """Only one copy is kept: compressed when that is smaller (most pages: a read of a tenth of the
    bytes, inflated on the rare request that does not accept gzip), else as it is. Personal bodies
    are not compressed (BREACH: see core.compression) unless their view allows it."""
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    body = response.content
    if use == PERSONAL:
        compressible = getattr(response, SIGNED_IN_ATTRIBUTE, False)
    else:
        compressible = not getattr(response, PERSONAL_ATTRIBUTE, False)
    if compressible:
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
        use = _cache_use(request)
        if use is None:
            return self.get_response(request)
        if use == PERSONAL:
            return self._personal(request)
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

    def _personal(self, request):
        # No render lock: one person's browser seldom asks for one page twice at the same instant.
        found = cache.get_many([GENERATION_KEY, PERSONAL_GENERATION_KEY])
        key = _personal_key(request, (found.get(GENERATION_KEY, 0), found.get(PERSONAL_GENERATION_KEY, 0)))
        # A page its view sends uncompressed stays so when it comes from the cache (no user is loaded
        # on a hit to tell the compressor it is personal).
        setattr(request, PERSONAL_PAGE_REQUEST_ATTRIBUTE, True)
        entry = cache.get(key)
        if entry is not None:
            return _response_from(request, entry)
        response = self.get_response(request)
        if _storable(request, response, PERSONAL):
            cache.set(key, _entry(response, PERSONAL), timeout=_seconds())
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
