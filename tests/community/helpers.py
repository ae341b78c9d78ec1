"""Small builders for community tests (through the services where a service exists)."""

import datetime as dt

from django.utils import timezone

from ssehub.community.enums import CategoryKind, MembershipSource, MembershipStatus
from ssehub.community.models import Category, Membership
from ssehub.events.enums import EventFormat, EventKind
from ssehub.events.models import Event
from tests.factories import make_user

_counter = {"n": 0}


def member(role: str | None = None, *, trust: int = 1, handle: str | None = None, **profile) -> Membership:
    """A user with an active membership (trusted by default)."""
    user = make_user(role, **{"in_directory": True, **profile})
    _counter["n"] += 1
    return Membership.objects.create(
        user=user, status=MembershipStatus.ACTIVE, source=MembershipSource.REQUEST,
        handle=handle or f"member-{user.pk}-{_counter['n']}", trust_level=trust, joined_at=timezone.now())


def category(slug: str = "general", *, public: bool = True, kind: str = CategoryKind.GENERAL, **fields) -> Category:
    found, _created = Category.objects.get_or_create(
        slug=slug, defaults={"title": fields.pop("title", slug.title()), "is_public": public, "kind": kind, **fields})
    return found


def ended_event(slug: str = "workshop-2021", days_ago: int = 2) -> Event:
    today = timezone.localdate()
    return Event.objects.create(slug=slug, title="Virtual Capacity-Building Workshop on SSE Policy",
                                kind=EventKind.WORKSHOP, format=EventFormat.VIRTUAL,
                                starts_on=today - dt.timedelta(days=days_ago + 2),
                                ends_on=today - dt.timedelta(days=days_ago))
