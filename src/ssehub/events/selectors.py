from django.db.models import Prefetch, QuerySet

from ssehub.events.models import Event


def events_listed() -> QuerySet[Event]:
    # Imported here: calls depends on events, not the other way round.
    from ssehub.calls.models import Call

    return Event.objects.select_related("programme").prefetch_related(
        "themes", Prefetch("calls", queryset=Call.objects.order_by("opens_at"))
    ).order_by("-starts_on")


def event_detail(slug: str) -> Event:
    return events_listed().get(slug=slug)
