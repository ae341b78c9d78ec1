"""iCalendar feeds. Each session keeps its UID for life and raises SEQUENCE on every change, so
Google, Outlook and Apple calendars update the entry in place instead of adding a copy."""

import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent


def session_uid(session) -> str:
    return f"{session.uid}@ssehub"


def build_calendar(sessions, *, name: str, include_rooms: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//SSE Policy Hub//Agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        zone = zoneinfo.ZoneInfo(session.event.host_time_zone)
        entry = VEvent()
        entry.add("uid", session_uid(session))
        entry.add("sequence", session.sequence)
        entry.add("dtstamp", stamp)
        entry.add("last-modified", session.updated_at)
        entry.add("created", session.created_at)
        # Times in the host's IANA zone (with a VTIMEZONE below): each calendar converts them itself.
        entry.add("dtstart", session.starts_at.astimezone(zone))
        entry.add("dtend", session.ends_at.astimezone(zone))
        entry.add("summary", session.title)
        people = ", ".join(person.display_name for person in session.people.all())
        description = "\n\n".join(part for part in (session.description, people) if part)
        if description:
            entry.add("description", description)
        url = settings.SITE_URL + reverse(
            "agenda:session", kwargs={"event_slug": session.event.slug, "pk": session.pk}
        )
        entry.add("url", url)
        if include_rooms and session.room_url:
            # Our Join redirect, not the room itself: it checks the window and records who joined.
            entry.add("location", settings.SITE_URL + reverse(
                "agenda:join", kwargs={"event_slug": session.event.slug, "pk": session.pk}
            ))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
