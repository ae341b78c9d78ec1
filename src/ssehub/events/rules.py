"""Per-event permissions: an organiser manages only the events that list them (docs/decisions/0202)."""

import rules

from ssehub.accounts.enums import Role
from ssehub.accounts.rules import is_admin, is_organiser, user_roles


@rules.predicate
def is_event_organiser(user, event) -> bool:
    """Platform admins manage every event; organisers only those whose organiser list names them."""
    if not user.is_authenticated or event is None:
        return False
    if is_admin(user):
        return True
    if Role.ORGANISER.value not in user_roles(user):
        return False
    cached = getattr(event, "_organiser_ids", None)
    if cached is None:
        cached = set(event.organisers.values_list("pk", flat=True))
        event._organiser_ids = cached
    return user.pk in cached


rules.add_perm("events.manage_event", is_event_organiser)
# Anyone with the organiser role sets up new events (and becomes one of their organisers).
rules.add_perm("events.create_event", is_organiser)
