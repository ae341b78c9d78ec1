"""Who may do what with an event's delivery. Object-level predicates take the Event."""

import rules

from ssehub.events import selectors as event_selectors
from ssehub.events.rules import is_event_organiser


@rules.predicate
def is_registered(user, event) -> bool:
    if event is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_ssehub_registered_events", {})
    if event.pk not in cache:
        cache[event.pk] = event_selectors.is_registered(user=user, event=event)
    return cache[event.pk]


# One definition of "manages this event" for calls and delivery alike (ADR 0202).
can_manage_event = is_event_organiser
# Room links, recordings and private materials: registered participants and the event's managers.
can_see_private = can_manage_event | is_registered

rules.add_perm("agenda.manage_event", can_manage_event)
rules.add_perm("agenda.see_private", can_see_private)
# Joining and answering the evaluation: registered participants only, admins included only when registered.
# Views call `is_registered` directly because superusers pass every has_perm().
