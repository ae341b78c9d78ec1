from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ssehub.core.actionlog import entries_filtered
from ssehub.core.logpages import log_page
from ssehub.core.timezones import zone_label
from ssehub.events.models import Event
from ssehub.events.parts import attach_parts
from ssehub.events.selectors import event_detail, events_listed


@require_GET
def event_list(request):
    return render(request, "events/list.html", {"events": attach_parts(events_listed()), "now": timezone.now()})


@require_GET
def detail(request, slug: str):
    try:
        event = event_detail(slug)
        attach_parts([event])
    except Event.DoesNotExist as error:
        raise Http404 from error
    return render(request, "events/detail.html", {
        "event": event, "now": timezone.now(), "host_zone": zone_label(event.host_time_zone or "UTC"),
        "manages": request.user.has_perm("events.manage_event", event),
    })


@require_GET
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
    )
