"""The agenda as participants and the public see it, stars, calendars, joining and materials."""

import datetime as dt
import gzip
import hashlib
import re
import zoneinfo

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Min
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ssehub.agenda import selectors
from ssehub.agenda.forms import InvitationAcceptForm
from ssehub.agenda.ics import build_calendar
from ssehub.agenda.models import CalendarToken, Certificate, Material, Session
from ssehub.agenda.rules import is_registered
from ssehub.agenda.services import invitations as invitation_services
from ssehub.agenda.services.sessions import (
    calendar_token_for,
    calendar_token_rotate,
    join_record,
    join_target,
    join_window,
    star_toggle,
)
from ssehub.agenda.views.common import event_or_404, login_or_denied
from ssehub.core.errors import ServiceError

# Up to this many sessions the agenda is one page; a larger programme shows one day at a time.
AGENDA_ONE_PAGE_MAX = 60
# Rendered agendas and feeds are keyed by the event's change counter, so an edit shows at once; the
# time limit only bounds what the counter cannot see (a speaker renaming their account).
RENDERED_SECONDS = 600


def _chosen_day(request, dates: list[dt.date], viewer_zone: str, now: dt.datetime) -> dt.date | None:
    """The ?day= asked for, else today during the event, else the first day with sessions."""
    try:
        asked = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        asked = None
    if asked in dates:
        return asked
    today = now.astimezone(zoneinfo.ZoneInfo(viewer_zone)).date()
    return today if today in dates else next(iter(dates), None)


def _agenda_frame(request, event, state: selectors.AgendaState | None = None) -> dict:
    see_private = request.user.has_perm("agenda.see_private", event)
    registered = is_registered(request.user, event)
    # Themes and announcements change only through logged services, so the change counter covers them.
    shared_key = _agenda_key("frame", state.content_token) if state else None
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


def _render_days(request, event, context: dict, sessions, *, now, starred, next_start=None) -> dict:
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
            "dates": [day.date for day in days], "facts": facts}


PERSONAL_MARK = re.compile(r"<!--personal:(\d+)-->")


class _Buttons:
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

    def url(self, name: str, pk: int) -> str:
        before, after = self.urls[name]
        return f"{before}{pk}{after}"

    def star_form(self, pk: int, title: str, *, starred: bool, next_url: str = "") -> str:
        label = (format_html('<span aria-hidden="true">★</span> {}', self.labels["in"]) if starred
                 else format_html('<span aria-hidden="true">☆</span> {}', self.labels["add"]))
        return format_html(
            '<form method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML" '
            'class="star-form"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<input type="hidden" name="next" value="{next}"><button type="submit" '
            'class="star-button secondary outline" aria-pressed="{pressed}">{label}'
            '<span class="visually-hidden">: {title}</span></button></form>',
            url=self.url("star", pk), token=self.token, next=next_url or self.next_url,
            pressed="true" if starred else "false", label=label, title=title)

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


def _personalise(html: str, facts: dict, buttons: _Buttons, starred: set[int]) -> str:
    return PERSONAL_MARK.sub(lambda found: buttons.item(facts[int(found.group(1))],
                                                        starred=int(found.group(1)) in starred), html)


def _agenda_key(*parts) -> str:
    return "agenda:" + hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


@require_GET
def agenda(request, event_slug):
    now = timezone.now()
    found = selectors.event_with_agenda_state(event_slug, now=now)
    if found is None:
        raise Http404
    event, state = found
    context = _agenda_frame(request, event, state) | {"only_starred": False, "now": now}
    theme_code = request.GET.get("theme", "")
    viewer_zone, language = request.viewer_timezone, translation.get_language()
    paged = state.sessions > AGENDA_ONE_PAGE_MAX
    dates = None
    if paged:
        dates_key = _agenda_key("dates", state.content_token, viewer_zone, theme_code)
        dates = cache.get(dates_key)
        if dates is None:
            dates = selectors.agenda_dates(event, viewer_zone=viewer_zone, theme_code=theme_code)
            cache.set(dates_key, dates, RENDERED_SECONDS)
    day = _chosen_day(request, dates, viewer_zone, now) if paged else None
    shared = not context["personal"]
    key = _agenda_key("days", state.token, language, viewer_zone, theme_code, day, context["see_private"],
                      context["personal"])
    rendered = cache.get(key)
    if rendered is None:
        sessions = selectors.sessions_for_agenda(event, include_private=context["see_private"])
        if theme_code:
            sessions = sessions.filter(theme__code=theme_code)
        next_start = None
        if day is not None:
            # "Next" is the next session of the whole programme, not of the day shown.
            next_start = sessions.filter(starts_at__gt=now).aggregate(next=Min("starts_at"))["next"]
            first, after = selectors.local_day_bounds(day, viewer_zone)
            sessions = sessions.filter(starts_at__gte=first, starts_at__lt=after)
        rendered = _render_days(request, event, context, sessions, now=now, starred=set(),
                                next_start=next_start)
        cache.set(key, rendered, RENDERED_SECONDS)
    if dates is None:
        dates = rendered["dates"]
    html = rendered["html"]
    if context["personal"]:
        buttons = _Buttons(request, event, registered=context["registered"], see_private=context["see_private"],
                           now=now)
        html = _personalise(html, rendered["facts"], buttons, selectors.starred_session_ids(request.user, event))
    context |= {
        "theme_code": theme_code, "dates": dates, "day": day, "paged": paged,
        # Our own template's output, cached as rendered, and format_html's buttons.
        "days_html": mark_safe(html),
        "viewer_zone_label": rendered["viewer_zone_label"], "host_zone_label": rendered["host_zone_label"],
    }
    if shared and not len(messages.get_messages(request)):
        # The page around the cached days holds announcements and the CSRF token, masked anew on every
        # response from the secret in the visitor's cookie: the ETag covers both, so a browser that
        # got a new secret (signing in and out) gets a new page.
        def etag_for(secret: str) -> str:
            return '"' + _agenda_key("etag", key, [(a.pk, a.created_at) for a in context["announcements"]],
                                     [(t.code, t.title) for t in context["themes"]], secret)[7:39] + '"'

        not_modified = get_conditional_response(request, etag=etag_for(request.META.get("CSRF_COOKIE", "")))
        if not_modified is not None:
            return not_modified
        response = render(request, "agenda/agenda.html", context)
        response["ETag"] = etag_for(request.META.get("CSRF_COOKIE", ""))
        patch_cache_control(response, no_cache=True)
        return response
    return render(request, "agenda/agenda.html", context)


@login_required
@require_GET
def my_agenda(request, event_slug):
    event = event_or_404(event_slug)
    now = timezone.now()
    context = _agenda_frame(request, event) | {"only_starred": True, "now": now}
    starred = selectors.starred_session_ids(request.user, event)
    sessions = selectors.sessions_for_agenda(event, include_private=context["see_private"]).filter(pk__in=starred)
    rendered = _render_days(request, event, context, sessions, now=now, starred=starred)
    buttons = _Buttons(request, event, registered=context["registered"], see_private=context["see_private"], now=now)
    context |= {
        "theme_code": "", "dates": [], "day": None, "paged": False,
        "days_html": mark_safe(_personalise(rendered["html"], rendered["facts"], buttons, starred)),
        "viewer_zone_label": rendered["viewer_zone_label"], "host_zone_label": rendered["host_zone_label"],
    }
    return render(request, "agenda/agenda.html", context)


@require_GET
def session_detail(request, event_slug, pk):
    event = event_or_404(event_slug)
    see_private = request.user.has_perm("agenda.see_private", event)
    session = get_object_or_404(selectors.sessions_for_agenda(event, include_private=see_private), pk=pk)
    now = timezone.now()
    day = selectors.build_agenda(
        [session], viewer_zone=request.viewer_timezone, host_zone=event.host_time_zone, now=now,
        starred=selectors.starred_session_ids(request.user, event),
    )[0]
    opens, closes = join_window(session)
    return render(request, "agenda/session.html", {
        "event": event, "item": day.items[0], "session": session, "see_private": see_private,
        "registered": is_registered(request.user, event),
        "join_open": opens <= now <= closes, "join_opens": opens,
        "viewer_zone_label": day.items[0].viewer_zone_label,
        "host_zone_label": day.items[0].host_zone_label,
    })


@login_required
@require_POST
def star(request, event_slug, pk):
    event = event_or_404(event_slug)
    session = get_object_or_404(Session, event=event, pk=pk)
    starred = star_toggle(user=request.user, session=session)
    if request.htmx:
        buttons = _Buttons(request, event, registered=False, see_private=False, now=timezone.now())
        return HttpResponse(buttons.star_form(session.pk, session.title, starred=starred,
                                              next_url=request.POST.get("next", "")))
    messages.success(request, _("Added to your agenda.") if starred else _("Removed from your agenda."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("agenda:agenda", kwargs={"event_slug": event.slug})
    return redirect(target)


def _calendar_response(body: bytes, *, packed: bool, etag: str, changed_at) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if packed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    if changed_at is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    return response


@require_GET
def event_calendar(request, event_slug):
    found = selectors.event_with_agenda_state(event_slug, now=timezone.now())
    if found is None:
        raise Http404
    event, state = found
    # Calendar apps poll: they get a 304 until the programme changes (the log covers deletions too).
    etag = 'W/"' + _agenda_key("ics", state.content_token)[7:39] + '"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(state.changed_at.timestamp()) if state.changed_at else None)
    if not_modified is not None:
        return not_modified
    # A public feed carries no secret, so it is stored compressed as well (BREACH needs one), and
    # each request reads only the form it sends.
    packed = "gzip" in request.headers.get("Accept-Encoding", "")
    key = _agenda_key("ics-bytes", state.content_token, packed)
    body = cache.get(key)
    if body is None:
        plain = build_calendar(selectors.sessions_for_feed(event), name=event.title, include_rooms=False)
        compressed = gzip.compress(plain, compresslevel=6, mtime=0)
        cache.set_many({_agenda_key("ics-bytes", state.content_token, False): plain,
                        _agenda_key("ics-bytes", state.content_token, True): compressed}, RENDERED_SECONDS)
        body = compressed if packed else plain
    response = _calendar_response(body, packed=packed, etag=etag, changed_at=state.changed_at)
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_GET
def personal_calendar(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    key = _agenda_key("personal-ics", owner.pk, token, translation.get_language(),
                      selectors.personal_feed_state(owner))
    body = cache.get(key)
    if body is None:
        body = build_calendar(selectors.personal_feed_sessions(owner), name=_("My SSE Policy Hub agenda"),
                              include_rooms=True)
        cache.set(key, body, RENDERED_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        calendar_token_rotate(user=request.user)
        messages.success(request, _("Your calendar has a new secret address; the old one no longer works."))
        return redirect("agenda_public:calendar")
    token = calendar_token_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("agenda_public:personal_ics", kwargs={"token": token.token}))
    return render(request, "agenda/calendar.html", {"feed_url": feed_url})


@require_GET
def join(request, event_slug, pk):
    event = event_or_404(event_slug)
    session = get_object_or_404(Session, event=event, pk=pk)
    if not request.user.is_authenticated:
        return login_or_denied(request)
    if not is_registered(request.user, event):
        return render(request, "agenda/join_refused.html", {
            "event": event, "session": session,
            "message": _("Only registered participants of this event can join its sessions."),
        }, status=403)
    try:
        join_record(session=session, user=request.user)
    except ServiceError as refusal:
        return render(request, "agenda/join_refused.html", {
            "event": event, "session": session, "message": refusal.message,
            "opens": join_window(session)[0] if refusal.code == "not_open" else None,
        }, status=403)
    return redirect(join_target(session=session, user=request.user))


@require_GET
def material(request, event_slug, pk):
    event = event_or_404(event_slug)
    item = get_object_or_404(Material.objects.select_related("session"), session__event=event, pk=pk)
    if not item.is_public and not request.user.has_perm("agenda.see_private", event):
        if not request.user.is_authenticated:
            return login_or_denied(request)
        raise Http404
    if item.url:
        return redirect(item.url)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = invitation_services.invitation_from_token(token)
    if invitation is None:
        return render(request, "agenda/invitation_accept.html", {"invalid": True}, status=404)
    # The page speaks the language the organisers chose for the e-mail that carried the link.
    with translation.override(invitation.language):
        if invitation.user.has_usable_password():
            messages.info(request, _("Your account is ready: sign in with your e-mail address and password."))
            return redirect_to_login(reverse("agenda:agenda", kwargs={"event_slug": invitation.event.slug}))
        form = InvitationAcceptForm(invitation.user, request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                user = invitation_services.invitation_accept(
                    invitation=invitation, password=form.cleaned_data["new_password1"])
            except ServiceError as error:
                error.add_to_form(form)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your password is set and you are registered. Welcome!"))
                return redirect("agenda:agenda", event_slug=invitation.event.slug)
        return render(request, "agenda/invitation_accept.html", {
            "invitation": invitation, "event": invitation.event, "form": form,
        }, status=400 if request.method == "POST" else 200)
