"""The agenda as participants and the public see it, stars, calendars, joining and materials."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
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


def _agenda_context(request, event, *, only_starred: bool) -> dict:
    see_private = request.user.has_perm("agenda.see_private", event)
    themes = list(event.themes.all())
    theme_code = request.GET.get("theme", "")
    sessions = selectors.sessions_for_agenda(event, include_private=see_private)
    if theme_code:
        sessions = sessions.filter(theme__code=theme_code)
    starred = selectors.starred_session_ids(request.user, event)
    if only_starred:
        sessions = sessions.filter(pk__in=starred)
    now = timezone.now()
    viewer_zone = request.viewer_timezone
    registered = is_registered(request.user, event)
    days = selectors.build_agenda(
        sessions, viewer_zone=viewer_zone, host_zone=event.host_time_zone, now=now, starred=starred
    )
    viewer_label, host_label = selectors.zone_labels(
        days, viewer_zone=viewer_zone, host_zone=event.host_time_zone, now=now)
    return {
        "event": event,
        "days": days,
        "themes": themes,
        "theme_code": theme_code,
        "see_private": see_private,
        "registered": registered,
        "has_certificate": registered and Certificate.objects.filter(event=event, user=request.user).exists(),
        "can_manage": request.user.has_perm("agenda.manage_event", event),
        "announcements": list(selectors.announcements_for(event)),
        "viewer_zone": viewer_zone,
        "viewer_zone_label": viewer_label,
        "host_zone_label": host_label,
        "only_starred": only_starred,
        "now": now,
    }


@require_GET
def agenda(request, event_slug):
    event = event_or_404(event_slug)
    return render(request, "agenda/agenda.html", _agenda_context(request, event, only_starred=False))


@login_required
@require_GET
def my_agenda(request, event_slug):
    event = event_or_404(event_slug)
    return render(request, "agenda/agenda.html", _agenda_context(request, event, only_starred=True))


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
        return render(request, "agenda/agenda.html#star_button", {
            "event": event, "item": {"session": session, "starred": starred},
            "next_url": request.POST.get("next", ""),
        })
    messages.success(request, _("Added to your agenda.") if starred else _("Removed from your agenda."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("agenda:agenda", kwargs={"event_slug": event.slug})
    return redirect(target)


@require_GET
def event_calendar(request, event_slug):
    event = event_or_404(event_slug)
    sessions = selectors.sessions_for_agenda(event, include_private=False).select_related("event")
    body = build_calendar(sessions, name=event.title, include_rooms=False)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response


@require_GET
def personal_calendar(request, token):
    owner = get_object_or_404(CalendarToken.objects.select_related("user"), token=token).user
    body = build_calendar(selectors.personal_feed_sessions(owner), name=_("My SSE Policy Hub agenda"),
                          include_rooms=True)
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
