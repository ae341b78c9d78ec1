"""Compression of what anybody may see, never of what one person sees.

BREACH recovers a secret from the size of compressed responses that also reflect the attacker's
input. Responses to signed-in people (names, e-mail addresses, personal feeds) and responses marked
`Cache-Control: private` or opening a session are therefore sent as they are. Anonymous pages carry
only Django's CSRF token, which is masked with a new random value on every response (Django's own
BREACH defence), and GZipMiddleware pads each body with random bytes ("Heal the Breach")."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = ("text/html", "application/json", "text/calendar", "text/plain", "text/csv",
                    "application/xml", "text/xml", "application/vnd.oai.openapi")


SIGNED_IN_ATTRIBUTE = "compress_for_signed_in"
# Set by the page cache on a signed-in person's request, which it may answer without loading the user.
PERSONAL_PAGE_REQUEST_ATTRIBUTE = "page_cache_personal_request"


def compress_for_signed_in(response):
    """Let a signed-in person's page be compressed: only for a page that reflects nothing a third
    party chooses (BREACH needs an attacker's guess in the same body as the secret) and whose only
    secret is Django's CSRF token, masked anew on every response. The signed-in agenda is one: a
    day of 200 sessions is 229 KB of HTML, 20 KB compressed, on the slow links many readers have."""
    setattr(response, SIGNED_IN_ATTRIBUTE, True)
    return response


def is_public_response(request, response) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    personal = getattr(request, PERSONAL_PAGE_REQUEST_ATTRIBUTE, False) or (
        user is not None and user.is_authenticated)
    if personal and not getattr(response, SIGNED_IN_ATTRIBUTE, False):
        return False
    if "private" in response.get("Cache-Control", ""):
        return False
    if settings.SESSION_COOKIE_NAME in response.cookies:
        return False
    return response.get("Content-Type", "").split(";")[0].strip() in COMPRESSED_TYPES


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_public_response(request, response):
            return response
        return super().process_response(request, response)
