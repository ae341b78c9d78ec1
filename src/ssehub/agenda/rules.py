"""Who may do what with an event's delivery. Object-level predicates take the Event."""

import rules

from ssehub.accounts.enums import Role
from ssehub.accounts.rules import is_admin, user_roles
from ssehub.events.enums import RegistrationStatus


@rules.predicate
def is_event_organiser(user, event) -> bool:
    """An organiser of *this* event; organisers of other events are refused."""
    if event is None or not user.is_authenticated or Role.ORGANISER.value not in user_roles(user):
        return False
    cache = user.__dict__.setdefault("_ssehub_organised_events", {})
    if event.pk not in cache:
        cache[event.pk] = event.organisers.filter(pk=user.pk).exists()
    return cache[event.pk]


@rules.predicate
def is_registered(user, event) -> bool:
    if event is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_ssehub_registered_events", {})
    if event.pk not in cache:
        cache[event.pk] = event.registrations.filter(
            user=user, status=RegistrationStatus.REGISTERED
        ).exists()
    return cache[event.pk]


can_manage_event = is_admin | is_event_organiser
# Room links, recordings and private materials: registered participants and the event's managers.
can_see_private = can_manage_event | is_registered

rules.add_perm("agenda.manage_event", can_manage_event)
rules.add_perm("agenda.see_private", can_see_private)
# Joining and answering the evaluation: registered participants only, admins included only when registered.
# Views call `is_registered` directly because superusers pass every has_perm().
