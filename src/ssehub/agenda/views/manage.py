"""Organisers' pages: timetable, sessions, materials, registrations and announcements."""

import zoneinfo

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ssehub.agenda import selectors
from ssehub.agenda.forms import (
    AnnouncementForm,
    InvitePeopleForm,
    MaterialForm,
    RegisterPeopleForm,
    SessionForm,
    session_initial,
)
from ssehub.agenda.models import Announcement, Material, Session
from ssehub.agenda.services import invitations as invitation_services
from ssehub.agenda.services import sessions as services
from ssehub.agenda.times import label_at
from ssehub.agenda.views.common import managed_event
from ssehub.core.errors import ServiceError
from ssehub.events import selectors as event_selectors
from ssehub.events import services as event_services


def _host_zone(event):
    return zoneinfo.ZoneInfo(event.host_time_zone)


@require_http_methods(["GET"])
def timetable(request, event_slug):
    event = managed_event(request, event_slug)
    sessions = list(selectors.sessions_for_agenda(event, include_private=True))
    now = timezone.now()
    days = selectors.build_agenda(sessions, viewer_zone=event.host_time_zone, host_zone=event.host_time_zone,
                                  now=now, starred=set())
    warnings = selectors.timetable_warnings(sessions)
    return render(request, "agenda/manage/timetable.html", {
        "event": event, "days": days, "warnings": warnings,
        "warning_count": sum(len(items) for items in warnings.values()) // 2,
        "host_zone_label": selectors.zone_labels(
            days, viewer_zone=event.host_time_zone, host_zone=event.host_time_zone, now=now)[1],
    })


def _session_form_page(request, event, session=None):
    with timezone.override(_host_zone(event)):
        initial = session_initial(session) if session else {}
        form = SessionForm(request.POST or None, event=event, initial=initial)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        data = form.cleaned_data
        try:
            if session is None:
                session = services.session_create(
                    event=event, actor=request.user, data=data, people=data["people"], rooms=data["room_specs"])
                messages.success(request, _("The session has been added."))
            else:
                services.session_update(
                    session=session, actor=request.user, data=data, people=data["people"],
                    rooms=data["room_specs"], expected_sequence=data.get("sequence") or 0)
                messages.success(request, _("The session has been saved; calendars will update."))
            return redirect("agenda:timetable", event_slug=event.slug)
        except ServiceError as error:
            error.add_to_form(form)
    status = 400 if request.method == "POST" else 200
    return render(request, "agenda/manage/session_form.html", {
        "event": event, "form": form, "session": session,
        "host_zone_label": label_at(event.host_time_zone, session.starts_at if session else timezone.now()),
        "material_form": MaterialForm(),
        "materials": list(session.materials.all()) if session else [],
    }, status=status)


@require_http_methods(["GET", "POST"])
def session_create(request, event_slug):
    event = managed_event(request, event_slug)
    return _session_form_page(request, event)


@require_http_methods(["GET", "POST"])
def session_edit(request, event_slug, pk):
    event = managed_event(request, event_slug)
    session = get_object_or_404(
        Session.objects.prefetch_related("people__user", "rooms", "materials"), event=event, pk=pk)
    return _session_form_page(request, event, session)


@require_POST
def session_delete(request, event_slug, pk):
    event = managed_event(request, event_slug)
    session = get_object_or_404(Session, event=event, pk=pk)
    services.session_delete(session=session, actor=request.user)
    messages.success(request, _("The session has been deleted."))
    return redirect("agenda:timetable", event_slug=event.slug)


@require_POST
def material_add(request, event_slug, pk):
    event = managed_event(request, event_slug)
    session = get_object_or_404(Session, event=event, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(
                session=session, actor=request.user, title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"], url=form.cleaned_data["url"],
                is_public=form.cleaned_data["is_public"])
            messages.success(request, _("The material has been added."))
            return redirect("agenda:session_edit", event_slug=event.slug, pk=session.pk)
        except ServiceError as error:
            error.add_to_form(form)
    return render(request, "agenda/manage/material_form.html",
                  {"event": event, "session": session, "material_form": form}, status=400)


@require_POST
def material_delete(request, event_slug, pk):
    event = managed_event(request, event_slug)
    item = get_object_or_404(Material, session__event=event, pk=pk)
    session_pk = item.session_id
    services.material_delete(material=item, actor=request.user)
    messages.success(request, _("The material has been removed."))
    return redirect("agenda:session_edit", event_slug=event.slug, pk=session_pk)


def _registrations_page(request, event, *, form=None, invite_form=None, status=200):
    return render(request, "agenda/manage/registrations.html", {
        "event": event, "form": form or RegisterPeopleForm(),
        "invite_form": invite_form or InvitePeopleForm(initial={"language": request.LANGUAGE_CODE}),
        "registrations": list(event_selectors.registrations_for(event)),
        "pending": selectors.pending_invitation_user_ids(event),
    }, status=status)


@require_http_methods(["GET", "POST"])
def registrations(request, event_slug):
    event = managed_event(request, event_slug)
    if request.method == "GET":
        return _registrations_page(request, event)
    form = RegisterPeopleForm(request.POST)
    if form.is_valid():
        try:
            added = event_services.registrations_create_direct(
                event=event, actor=request.user, emails=form.cleaned_data["emails"].splitlines())
            messages.success(request, _("%(count)s people are registered.") % {"count": len(added)})
            return redirect("agenda:registrations", event_slug=event.slug)
        except ServiceError as error:
            form.add_error("emails", error.message)
    return _registrations_page(request, event, form=form, status=400)


@require_POST
def invite(request, event_slug):
    event = managed_event(request, event_slug)
    form = InvitePeopleForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = invitation_services.participants_invite(
                event=event, actor=request.user, people=form.cleaned_data["invitees"],
                language=form.cleaned_data["language"])
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _(
                "%(invited)s people are registered and invited to set a password; %(registered)s already had "
                "an account and are registered.") % {
                "invited": len(result.invited), "registered": len(result.registered)})
            return redirect("agenda:registrations", event_slug=event.slug)
    return _registrations_page(request, event, invite_form=form, status=400)


@require_POST
def registration_cancel(request, event_slug, pk):
    event = managed_event(request, event_slug)
    registration = get_object_or_404(event_selectors.registrations_for(event), pk=pk)
    event_services.registration_cancel(registration=registration, actor=request.user)
    messages.success(request, _("The registration has been cancelled."))
    return redirect("agenda:registrations", event_slug=event.slug)


@require_http_methods(["GET", "POST"])
def announcements(request, event_slug):
    event = managed_event(request, event_slug)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.announcement_post(event=event, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The announcement is on the agenda and is being e-mailed."))
            return redirect("agenda:announcements", event_slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "agenda/manage/announcements.html", {
        "event": event, "form": form, "announcements": list(Announcement.objects.filter(event=event)),
    }, status=status)
