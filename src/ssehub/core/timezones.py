import functools
import zoneinfo
from datetime import datetime

from babel.dates import get_timezone_name
from django.utils import timezone, translation

BROWSER_TZ_COOKIE = "ssehub_tz"


@functools.cache
def all_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> bool:
    return bool(name) and name in all_timezones()


def babel_locale(language_code: str | None = None) -> str:
    code = (language_code or translation.get_language() or "en").lower()
    return {"zh-hans": "zh_Hans", "fil": "fil"}.get(code, code.split("-")[0])


def zone_label(zone_name: str, *, language_code: str | None = None, at: datetime | None = None) -> str:
    """A zone named in words in the viewer's language ("Philippine Time"), never a bare "PST"."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = (at or timezone.now()).astimezone(zone)
    try:
        return get_timezone_name(moment, locale=babel_locale(language_code))
    except (LookupError, ValueError):
        return zone_name
