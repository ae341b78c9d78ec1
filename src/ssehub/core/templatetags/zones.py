"""Times written in a given zone: `{% in_zone value zone %}` or `{{ value|in_zone:zone }}`.

Django's `date` filter converts an aware datetime to the *active* zone before formatting, so a
host time (or a recipient's time in an e-mail) must never go through it; these never do.
"""

import datetime as dt

from babel.dates import format_date, format_skeleton
from django import template
from django.utils import timezone

from ssehub.core.timezones import babel_locale, format_in_zone, zone_label

register = template.Library()


@register.simple_tag
def in_zone(value, zone_name: str = "", fmt: str = "DATETIME_FORMAT", named: bool = True) -> str:
    """The moment in zone_name (the active zone when empty), named as of that moment."""
    return format_in_zone(value, zone_name or timezone.get_current_timezone_name(), fmt=fmt, named=named)


@register.filter(name="in_zone")
def in_zone_filter(value, zone_name: str = "") -> str:
    return format_in_zone(value, zone_name or timezone.get_current_timezone_name())


@register.simple_tag
def zone_name(zone: str = "", at=None) -> str:
    """The zone in words as of `at` (summer or standard time), the active zone when empty."""
    return zone_label(zone or timezone.get_current_timezone_name(), at=at)


@register.filter
def short_day(value) -> str:
    """A day as each language writes it short ("Mon, Mar 29", "3월 29일 (월)", "3月29日(月)"); Django's
    "D j M" gives Korean readers "월 29 3월". A datetime is taken as it is (already in its zone)."""
    if value in (None, ""):
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_skeleton("MMMEd", day, locale=babel_locale())


@register.filter
def long_day(value) -> str:
    """A day with its weekday as each language writes it in full ("Monday, March 29, 2021",
    "2021年3月29日月曜日", "2021년 3월 29일 월요일"); "l, DATE_FORMAT" gave Japanese readers
    "月曜日, 2021年3月29日"."""
    if value in (None, ""):
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, format="full", locale=babel_locale())
