"""The agenda's rendered parts, cached under the event's change counter (ADR 0304): which day a
visitor sees, the shared frame (themes, announcements), the sessions' HTML, and each person's buttons
filled into the shared HTML. Views call these; they hold no request handling of their own."""

import datetime as dt
import hashlib
import re
import zoneinfo

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ssehub.agenda import selectors
from ssehub.agenda.models import Certificate
from ssehub.agenda.rules import is_registered

# Up to this many sessions the agenda is one page; a larger programme shows one day at a time.
AGENDA_ONE_PAGE_MAX = 60
# Rendered agendas and feeds are keyed by the event's change counter, so an edit shows at once; the
# time limit only bounds what the counter cannot see (a speaker renaming their account).
RENDERED_SECONDS = 600


def chosen_day(request, dates: list[dt.date], viewer_zone: str, now: dt.datetime) -> dt.date | None:
    """The ?day= asked for, else today during the event, else the first day with sessions."""
    try:
        asked = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        asked = None
    if asked in dates:
        return asked
    today = now.astimezone(zoneinfo.ZoneInfo(viewer_zone)).date()
    return today if today in dates else next(iter(dates), None)


def agenda_frame(request, event, state: selectors.AgendaState | None = None) -> dict:
    see_private = request.user.has_perm("agenda.see_private", event)
    registered = is_registered(request.user, event)
    # Themes and announcements change only through logged services, so the change counter covers them.
    shared_key = agenda_key("frame", state.content_token) if state else None
    shared = cache.get(shared_key) if shared_key else None
    if shared is None:
        shared = {"themes": list(event.themes.all()), "announcements": list(selectors.announcements_for(event))}
        if shared_key:
            cache.set(shared_key, shared, RENDERED_SECONDS)
    return shared | {
        "event": event,
        "see_private": see_private,
        "registered": registered,
        "has_certificate": registered and Certificate.objects.filter(event=event, user=request.user).exists(),
        "can_manage": request.user.has_perm("agenda.manage_event", event),
        "viewer_zone": request.viewer_timezone,
        # Stars, Join and recordings: the part of an item that differs from one viewer to the next.
        "personal": request.user.is_authenticated,
    }


def render_days(request, event, context: dict, sessions, *, now, starred, next_start=None) -> dict:
    viewer_zone = request.viewer_timezone
    days = selectors.build_agenda(sessions, viewer_zone=viewer_zone, host_zone=event.host_time_zone, now=now,
                                  starred=starred, next_start=next_start)
    viewer_label, host_label = selectors.zone_labels(
        days, viewer_zone=viewer_zone, host_zone=event.host_time_zone, now=now)
    html = render_to_string("agenda/_days.html", {
        **context, "days": days, "viewer_zone_label": viewer_label, "only_starred": context["only_starred"],
    }, request=request)
    facts = {item.session.pk: (item.session.pk, item.session.title, item.session.recording_url,
                               bool(item.session.room_url), item.session.starts_at, item.session.ends_at)
             for day in days for item in day.items}
    return {"html": html, "viewer_zone_label": viewer_label, "host_zone_label": host_label,
            "dates": [day.date for day in days], "facts": facts,
            # The header promises the host's time beside each session only when some item shows it.
            "host_time_shown": any(not item.same_zone for day in days for item in day.items)}


PERSONAL_MARK = re.compile(r"<!--personal:(\d+)-->")
# Control characters: never in an address or a title, and left as they are by escape().
_URL_MARK, _TITLE_MARK = "\x00url\x00", "\x00title\x00"


class Buttons:
    """A person's buttons on one agenda item (recording, Join, star), as the star view returns them
    too. Built in Python rather than a template: 200 items a day rendered through a partial cost
    more than the rest of the page together."""

    def __init__(self, request, event, *, registered: bool, see_private: bool, now):
        self.request, self.registered, self.see_private, self.now = request, registered, see_private, now
        self.token = get_token(request) if request.user.is_authenticated else ""
        self.next_url = request.get_full_path()
        urls = {name: reverse(f"agenda:{name}", kwargs={"event_slug": event.slug, "pk": 987654321})
                for name in ("star", "join")}
        self.urls = {name: url.split("987654321") for name, url in urls.items()}
        self.labels = {"watch": _("Watch the recording"), "join": _("Join"), "in": _("In my agenda"),
                       "add": _("Add to my agenda")}
        self._star_templates: dict[tuple[bool, str], str] = {}

    def url(self, name: str, pk: int) -> str:
        before, after = self.urls[name]
        return f"{before}{pk}{after}"

    def _star_form_html(self, url: str, title: str, *, starred: bool, next_url: str) -> str:
        label = (format_html('<span aria-hidden="true">★</span> {}', self.labels["in"]) if starred
                 else format_html('<span aria-hidden="true">☆</span> {}', self.labels["add"]))
        return format_html(
            '<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML" '
            'class="star-form"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<input type="hidden" name="next" value="{next}"><button type="submit" '
            'class="star-button secondary outline" aria-pressed="{pressed}">{label}'
            '<span class="visually-hidden">: {title}</span></button></form>',
            url=url, token=self.token, next=next_url, pressed="true" if starred else "false", label=label,
            title=title)

    def star_form(self, pk: int, title: str, *, starred: bool, next_url: str = "") -> str:
        # format_html once per page and state, with markers escaping leaves alone; then only the
        # session's address and title are escaped and put in (200 forms a day cost 10 ms otherwise).
        next_url = next_url or self.next_url
        template = self._star_templates.get((starred, next_url))
        if template is None:
            template = self._star_templates[(starred, next_url)] = self._star_form_html(
                _URL_MARK, _TITLE_MARK, starred=starred, next_url=next_url)
        return mark_safe(template.replace(_URL_MARK, escape(self.url("star", pk))).replace(_TITLE_MARK, escape(title)))

    def item(self, facts: tuple, *, starred: bool) -> str:
        pk, title, recording_url, has_room, starts_at, ends_at = facts
        parts = []
        if self.see_private and recording_url:
            parts.append(format_html('<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                                     recording_url, self.labels["watch"], title))
        if self.registered and has_room and starts_at - selectors.JOIN_OPENS_BEFORE <= self.now <= ends_at:
            parts.append(format_html('<a class="join-link" href="{}">{}<span class="visually-hidden"> {}</span></a>',
                                     self.url("join", pk), self.labels["join"], title))
        if self.request.user.is_authenticated:
            parts.append(self.star_form(pk, title, starred=starred))
        return "".join(parts)


def personalise(html: str, facts: dict, buttons: Buttons, starred: set[int]) -> str:
    return PERSONAL_MARK.sub(lambda found: buttons.item(facts[int(found.group(1))],
                                                        starred=int(found.group(1)) in starred), html)


def agenda_key(*parts) -> str:
    return "agenda:" + hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()
