import functools
import zoneinfo
from datetime import UTC, datetime, timedelta
from importlib import resources

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_gmt, get_timezone_location, get_timezone_name
from django.utils import timezone, translation
from django.utils.formats import date_format

BROWSER_TZ_COOKIE = "ssehub_tz"


@functools.cache
def all_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_timezone(name: str) -> bool:
    return bool(name) and name in all_timezones()


def babel_locale(language_code: str | None = None) -> str:
    code = (language_code or translation.get_language() or "en").lower()
    return {"zh-hans": "zh_Hans", "fil": "fil"}.get(code, code.split("-")[0])


@functools.cache
def _cldr_ids(zone_name: str) -> tuple[str, ...]:
    """The zone's id and the older ids CLDR may still file it under (Asia/Ho_Chi_Minh: Asia/Saigon).

    Babel turns an old id into the new one, then finds no metazone for it and answers "GMT+07:00"
    for Viet Nam, Myanmar, India or Ukraine; looking the names up under the old ids avoids that."""
    aliases = get_global("zone_aliases")
    return (zone_name, *sorted(old for old, new in aliases.items() if new == zone_name))


def _metazone_name(zone_name: str, moment: datetime, locale: str) -> str | None:
    meta_zones = get_global("meta_zones")
    metazone = next((meta_zones[key] for key in _cldr_ids(zone_name) if key in meta_zones), None)
    if metazone is None:
        return None
    names = Locale.parse(locale).meta_zones.get(metazone, {}).get("long", {})
    return names.get("daylight" if moment.dst() else "standard") or names.get("generic")


def zone_label(zone_name: str, *, language_code: str | None = None, at: datetime | None = None) -> str:
    """A zone named in words in the viewer's language ("Philippine Time"), never a bare "PST",
    as it is named at the moment `at` (summer or standard time); now when `at` is None."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = (at or timezone.now()).astimezone(zone)
    locale = babel_locale(language_code)
    try:
        name = get_timezone_name(moment, locale=locale)
        if name == get_timezone_gmt(moment, locale=locale):
            name = _metazone_name(zone_name, moment, locale) or name
    except (LookupError, ValueError):
        return zone_name
    return name


def zone_generic_label(zone_name: str, *, language_code: str | None = None, at: datetime | None = None) -> str:
    """The zone's name for all seasons ("Central European Time", "Philippine Time"), for a zone
    picker or a page's note about its times; falls back to the name in force at `at`."""
    locale = babel_locale(language_code)
    meta_zones = get_global("meta_zones")
    metazone = next((meta_zones[key] for key in _cldr_ids(zone_name) if key in meta_zones), None)
    generic = None
    if metazone is not None:
        try:
            generic = Locale.parse(locale).meta_zones.get(metazone, {}).get("long", {}).get("generic")
        except (LookupError, ValueError):
            generic = None
    return generic or zone_label(zone_name, language_code=language_code, at=at)


def _city(zone_name: str, locale: str) -> str:
    """The zone's city in the reader's language, also for zones CLDR files under an older id."""
    time_zones = Locale.parse(locale).time_zones
    for key in _cldr_ids(zone_name):
        city = time_zones.get(key, {}).get("city")
        if city:
            return city
    return get_timezone_location(zone_name, locale=locale, return_city=True)


def to_zone(value: datetime, zone_name: str) -> datetime:
    """The same moment on the wall clock of zone_name; a naive value is read as UTC (how we store)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zoneinfo.ZoneInfo(zone_name or "UTC"))


def format_in_zone(value: datetime | None, zone_name: str, *, fmt: str = "DATETIME_FORMAT", named: bool = True,
                   language_code: str | None = None) -> str:
    """A moment written in a given zone, whatever zone is active, named in words as of that moment.

    Django's `date` filter first converts an aware value to the *current* zone, so a host time
    passed through it comes out in the viewer's zone; this never converts to anything but zone_name.
    """
    if value is None:
        return ""
    local = to_zone(value, zone_name)
    text = date_format(local, fmt)
    if not named:
        return text
    label = zone_label(zone_name or "UTC", language_code=language_code, at=local)
    # Not a translatable string: core has no catalogue of its own for the layout, and "time (zone)"
    # reads the same in the seven languages.
    return f"{text} ({label})"


@functools.cache
def canonical_timezones() -> tuple[str, ...]:
    """The zones tzdata lists for places, and UTC: no old spellings or aliases such as Africa/Asmera.

    zone1970.tab has one zone per region of shared clocks; zone.tab adds one per country (so
    Malaysians find Asia/Kuala_Lumpur, which tzdata now links to Asia/Singapore).
    """
    names = {"UTC"}
    for table_name in ("zone1970.tab", "zone.tab"):
        table = resources.files("tzdata.zoneinfo").joinpath(table_name).read_text(encoding="utf-8")
        names |= {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return tuple(sorted(names & all_timezones()))


def utc_offset_text(zone_name: str, *, at: datetime | None = None) -> str:
    offset = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone_name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_choice_label(zone_name: str, *, language_code: str | None = None, at: datetime | None = None) -> str:
    """"(UTC+08:00) Philippine Time — Manila" in the reader's language, with the offset in force now."""
    locale = babel_locale(language_code)
    label = zone_generic_label(zone_name, language_code=language_code, at=at)
    if zone_name == "UTC":
        return f"({utc_offset_text(zone_name, at=at)}) {label}"
    try:
        city = _city(zone_name, locale)
    except (LookupError, ValueError):
        city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"({utc_offset_text(zone_name, at=at)}) {label} — {city}"


def zone_choices(*, language_code: str | None = None, at: datetime | None = None,
                 keep: str = "") -> list[tuple[str, str]]:
    """Canonical zones sorted by their offset now, then by label; `keep` adds a saved alias so it stays valid."""
    moment = at or timezone.now()
    names = set(canonical_timezones())
    if keep and is_valid_timezone(keep):
        names.add(keep)

    def offset(name: str) -> timedelta:
        return moment.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or timedelta(0)

    labelled = [(name, zone_choice_label(name, language_code=language_code, at=moment)) for name in names]
    return sorted(labelled, key=lambda item: (offset(item[0]), item[1], item[0]))
