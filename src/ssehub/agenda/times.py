"""Times of the agenda in a given zone, safe to hand to templates.

Django's `date` and `time` filters convert an aware datetime to the *active* zone, whatever zone it was
converted to before: `session.starts_at.astimezone(host)` shown with `|time` prints the viewer's clock.
`in_zone` returns the value the `timezone` template filter returns, which the filters leave alone, so
templates keep formatting with `date`/`time` (core.timezones.format_in_zone gives text instead)."""

import datetime as dt
import zoneinfo

from django.templatetags.tz import do_timezone
from django.utils import translation

from ssehub.core.timezones import zone_label


def in_zone(value: dt.datetime, zone: str | zoneinfo.ZoneInfo) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone
    return do_timezone(value, tz)


# Zone names depend on the zone, the language and the rules in force (offset, summer time, the year's
# metazone): every session of a week shares one babel lookup.
_LABELS: dict[tuple, str] = {}


def label_at(zone: str, moment: dt.datetime, *, language_code: str | None = None) -> str:
    """The zone's name in force at `moment` ("Central European Summer Time" on 29 March 2021 in Zurich)."""
    language = language_code or translation.get_language() or "en"
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    key = (zone, language, local.year, local.utcoffset(), local.dst())
    if key not in _LABELS:
        _LABELS[key] = zone_label(zone, language_code=language, at=local)
    return _LABELS[key]
