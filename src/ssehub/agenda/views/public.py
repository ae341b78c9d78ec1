"""The agenda as participants and the public see it, stars, calendars, joining and materials."""


from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Min
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.agenda import selectors
from ssehub.agenda.forms import InvitationAcceptForm
from ssehub.agenda.ics import build_calendar
from ssehub.agenda.models import CalendarToken, Material, Session
from ssehub.agenda.rendering import (
    AGENDA_ONE_PAGE_MAX,
    RENDERED_SECONDS,
    Buttons,
    agenda_frame,
    agenda_key,
    chosen_day,
    personalise,
    render_days,
)
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
from ssehub.core.compression import compress_for_signed_in
from ssehub.core.errors import ServiceError
from ssehub.core.pagecache import keep_personal_response, personal_page_cache


@personal_page_cache
@require_safe
def agenda(request, event_slug):
    now = timezone.now()
    found = selectors.event_with_agenda_state(event_slug, now=now)
    if found is None:
        raise Http404
    event, state = found
    context = agenda_frame(request, event, state) | {"only_starred": False, "now": now}
    theme_code = request.GET.get("theme", "")
    viewer_zone, language = request.viewer_timezone, translation.get_language()
    paged = state.sessions > AGENDA_ONE_PAGE_MAX
    dates = None
    if paged:
        dates_key = agenda_key("dates", state.content_token, viewer_zone, theme_code)
        dates = cache.get(dates_key)
        if dates is None:
            dates = selectors.agenda_dates(event, viewer_zone=viewer_zone, theme_code=theme_code)
            cache.set(dates_key, dates, RENDERED_SECONDS)
    day = chosen_day(request, dates, viewer_zone, now) if paged else None
    shared = not context["personal"]
    key = agenda_key("days", state.token, language, viewer_zone, theme_code, day, context["see_private"],
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
        rendered = render_days(request, event, context, sessions, now=now, starred=set(),
                                next_start=next_start)
        cache.set(key, rendered, RENDERED_SECONDS)
    if dates is None:
        dates = rendered["dates"]
    html = rendered["html"]
    if context["personal"]:
        buttons = Buttons(request, event, registered=context["registered"], see_private=context["see_private"],
                           now=now)
        html = personalise(html, rendered["facts"], buttons, selectors.starred_session_ids(request.user, event))
    context |= {
        "theme_code": theme_code, "dates": dates, "day": day, "paged": paged,
        # Our own template's output, cached as rendered, and format_html's buttons.
        "days_html": mark_safe(html),
        "viewer_zone_label": rendered["viewer_zone_label"], "host_zone_label": rendered["host_zone_label"],
        "host_time_shown": rendered.get("host_time_shown", True),
    }
    if shared and not len(messages.get_messages(request)):
        # The page around the cached days holds announcements and the CSRF token, masked anew on every
        # response from the secret in the visitor's cookie: the ETag covers both, so a browser that
        # got a new secret (signing in and out) gets a new page.
        def etag_for(secret: str) -> str:
            return '"' + agenda_key("etag", key, [(a.pk, a.created_at) for a in context["announcements"]],
                                     [(t.code, t.title) for t in context["themes"]], secret)[7:39] + '"'

        not_modified = get_conditional_response(request, etag=etag_for(request.META.get("CSRF_COOKIE", "")))
        if not_modified is not None:
            return not_modified
        response = render(request, "agenda/agenda.html", context)
        response["ETag"] = etag_for(request.META.get("CSRF_COOKIE", ""))
        patch_cache_control(response, no_cache=True)
        return response
    return compress_for_signed_in(render(request, "agenda/agenda.html", context))


@personal_page_cache
@login_required
@require_safe
def my_agenda(request, event_slug):
    event = event_or_404(event_slug)
    now = timezone.now()
    context = agenda_frame(request, event) | {"only_starred": True, "now": now}
    starred = selectors.starred_session_ids(request.user, event)
    sessions = selectors.sessions_for_agenda(event, include_private=context["see_private"]).filter(pk__in=starred)
    rendered = render_days(request, event, context, sessions, now=now, starred=starred)
    buttons = Buttons(request, event, registered=context["registered"], see_private=context["see_private"], now=now)
    context |= {
        "theme_code": "", "dates": [], "day": None, "paged": False,
        "days_html": mark_safe(personalise(rendered["html"], rendered["facts"], buttons, starred)),
        "viewer_zone_label": rendered["viewer_zone_label"], "host_zone_label": rendered["host_zone_label"],
        "host_time_shown": rendered.get("host_time_shown", True),
    }
    return compress_for_signed_in(render(request, "agenda/agenda.html", context))


@personal_page_cache
@require_safe
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
        buttons = Buttons(request, event, registered=False, see_private=False, now=timezone.now())
        return HttpResponse(buttons.star_form(session.pk, session.title, starred=starred,
                                              next_url=request.POST.get("next", "")))
    messages.success(request, _("Added to your agenda.") if starred else _("Removed from your agenda."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("agenda:agenda", kwargs={"event_slug": event.slug})
    return redirect(target)


def _calendar_response(body: bytes, *, etag: str, changed_at) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if changed_at is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    return response


@require_safe
def event_calendar(request, event_slug):
    found = selectors.event_with_agenda_state(event_slug, now=timezone.now())
    if found is None:
        raise Http404
    event, state = found
    # Calendar apps poll: they get a 304 until the programme changes (the log covers deletions too).
    etag = 'W/"' + agenda_key("ics", state.content_token)[7:39] + '"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(state.changed_at.timestamp()) if state.changed_at else None)
    if not_modified is not None:
        return not_modified
    # The whole response is kept compressed by the page cache (ADR 0010); these bytes serve the
    # first request after a write, and every request when that cache is off.
    key = agenda_key("ics-bytes", state.content_token)
    body = cache.get(key)
    if body is None:
        body = build_calendar(selectors.sessions_for_feed(event), name=event.title, include_rooms=False)
        cache.set(key, body, RENDERED_SECONDS)
    response = _calendar_response(body, etag=etag, changed_at=state.changed_at)
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def personal_calendar(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    key = agenda_key("personal-ics", owner.pk, token, translation.get_language(),
                      selectors.personal_feed_state(owner))
    body = cache.get(key)
    if body is None:
        body = build_calendar(selectors.personal_feed_sessions(owner), name=_("My SSE Policy Hub agenda"),
                              include_rooms=True)
        cache.set(key, body, RENDERED_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return keep_personal_response(response)


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


@require_safe
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


@require_safe
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
