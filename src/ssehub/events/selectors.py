"""Reads of events and registrations: "is this person registered" is answered here and only here."""

from django.db.models import QuerySet

from ssehub.accounts.models import User
from ssehub.events.enums import RegistrationStatus
from ssehub.events.models import Event, Registration


def events_listed() -> QuerySet[Event]:
    return Event.objects.select_related("programme").prefetch_related("themes").order_by("-starts_on")


def event_detail(slug: str) -> Event:
    return events_listed().get(slug=slug)


def is_registered(*, user, event: Event) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Registration.objects.filter(event=event, user=user, status=RegistrationStatus.REGISTERED).exists()


def registered_users(event: Event | int) -> QuerySet[User]:
    """The event's registered participants, with their profiles."""
    return User.objects.filter(
        registrations__event=event, registrations__status=RegistrationStatus.REGISTERED
    ).select_related("profile")


def registrations_for(event: Event) -> QuerySet[Registration]:
    return (Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
            .select_related("user__profile").order_by("user__profile__full_name", "user__email"))


def events_registered_for(user) -> QuerySet[Event]:
    return Event.objects.filter(registrations__user=user, registrations__status=RegistrationStatus.REGISTERED)


def registrations_of(user) -> QuerySet[Registration]:
    return Registration.objects.filter(user=user).select_related("event").order_by("registered_at")
