from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

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
