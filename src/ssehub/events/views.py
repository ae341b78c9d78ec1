import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssehub.core.actionlog import entries_filtered
from ssehub.core.errors import ServiceError
from ssehub.core.logpages import log_page
from ssehub.core.pagecache import personal_page_cache
from ssehub.core.timezones import zone_label
from ssehub.events import services
from ssehub.events.forms import EventForm
from ssehub.events.models import Event
from ssehub.events.parts import attach_parts
from ssehub.events.selectors import event_detail, events_listed


@require_safe
def event_list(request):
    return render(request, "events/list.html", {
        "events": attach_parts(events_listed()), "now": timezone.now(),
        "can_create": request.user.has_perm("events.create_event"),
    })


def _host_zone_label(event: Event) -> str:
    """The host zone named as it is during the event (summer or standard time), not as it is today."""
    zone = zoneinfo.ZoneInfo(event.host_time_zone or "UTC")
    return zone_label(event.host_time_zone or "UTC", at=dt.datetime.combine(event.starts_on, dt.time(12), zone))


@personal_page_cache
@require_safe
def detail(request, slug: str):
    try:
        event = event_detail(slug)
        attach_parts([event])
    except Event.DoesNotExist as error:
        raise Http404 from error
    return render(request, "events/detail.html", {
        "event": event, "now": timezone.now(), "host_zone": _host_zone_label(event),
        "manages": request.user.has_perm("events.manage_event", event),
    })


def _event_form(request, form: EventForm, *, event: Event | None):
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if event is None:
                    saved = services.event_create(actor=request.user, data=form.service_data(),
                                                  co_organisers=form.cleaned_data["co_organisers"])
                else:
                    saved = services.event_update(event=event, actor=request.user, data=form.service_data(),
                                                  expected_version=form.cleaned_data["version"],
                                                  co_organisers=form.cleaned_data["co_organisers"])
            except ServiceError as error:
                error.add_to_form(form)
                status = 409 if error.is_stale else 400
                if event is not None:
                    event.refresh_from_db()  # the form keeps what was typed; the frame shows what is saved
            else:
                messages.success(request, _("The event has been saved."))
                return redirect("events:detail", slug=saved.slug)
    return render(request, "events/form.html", {"form": form, "event": event}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    if not request.user.has_perm("events.create_event"):
        raise PermissionDenied
    return _event_form(request, EventForm(request.POST or None, default_zone=request.viewer_timezone), event=None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.manage_event", event):
        raise PermissionDenied
    return _event_form(request, EventForm(request.POST or None, instance=event), event=event)


# What can happen within an event: the atlas, community and account actions are never scoped to one.
EVENT_LOG_VERBS = ("events.", "calls.", "agenda.", "planning.")


@require_safe
def action_log(request, slug: str):
    """The event's action log: selection, invitations, registrations, sessions — for its organisers."""
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.manage_event", event):
        raise PermissionDenied
    return log_page(
        request, entries_for=lambda filters: entries_filtered(scope=event, filters=filters),
        title=_("Action log: %(event)s") % {"event": event.title},
        context={"back_url": reverse("events:detail", kwargs={"slug": event.slug}), "back_label": event.title},
        export_name=f"{event.slug}-log",
        verb_prefixes=EVENT_LOG_VERBS,
    )
