"""Who may do what with a delegation's workspace (docs/decisions/0401).

A workspace is private to its members, its facilitators and the event's organisers (admins too).
Members and facilitators write; facilitators (and organisers) steer the steps and finalise."""

import rules

from ssehub.events.rules import is_event_organiser
from ssehub.planning.enums import MemberRole


def delegation_role(user, delegation) -> str | None:
    """The person's role in the delegation, or None; one query per person and delegation, cached."""
    if not getattr(user, "is_authenticated", False) or delegation is None:
        return None
    cache = delegation.__dict__.setdefault("_roles_by_user", {})
    if user.pk not in cache:
        cache[user.pk] = delegation.members.filter(user=user).values_list("role", flat=True).first()
    return cache[user.pk]


@rules.predicate
def is_delegation_member(user, delegation) -> bool:
    return delegation_role(user, delegation) == MemberRole.MEMBER


@rules.predicate
def is_delegation_facilitator(user, delegation) -> bool:
    return delegation_role(user, delegation) == MemberRole.FACILITATOR


@rules.predicate
def is_delegation_organiser(user, delegation) -> bool:
    return delegation is not None and is_event_organiser(user, delegation.event)


@rules.predicate
def is_plan_public(user, delegation) -> bool:
    return delegation is not None and delegation.is_public and delegation.is_final


can_view = is_delegation_member | is_delegation_facilitator | is_delegation_organiser
rules.add_perm("planning.view_delegation", can_view)
rules.add_perm("planning.contribute", is_delegation_member | is_delegation_facilitator)
rules.add_perm("planning.score", is_delegation_member | is_delegation_facilitator)
rules.add_perm("planning.facilitate", is_delegation_facilitator | is_delegation_organiser)
rules.add_perm("planning.follow_up", is_delegation_member | is_delegation_facilitator | is_delegation_organiser)
rules.add_perm("planning.manage_members", is_delegation_organiser)
rules.add_perm("planning.view_plan", is_plan_public | can_view)
# Event-level: the object is the Event.
rules.add_perm("planning.manage_event", is_event_organiser)
