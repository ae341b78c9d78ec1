"""Writes of registrations: the only code that creates, cancels or reinstates one.

The rule for a cancelled person (ADR 0007): a registration cancelled by the person themselves comes
back when they confirm an invitation again; one cancelled by an organiser comes back only when an
organiser registers the person again. Every change is in the action log with the actor.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_row
from ssehub.events.enums import RegistrationSource, RegistrationStatus
from ssehub.events.models import Event, Registration

EVENT_CREATED = action_verb("events.event.create", gettext_lazy("Created an event"))
EVENT_UPDATED = action_verb("events.event.update", gettext_lazy("Changed an event"))
ORGANISERS_CHANGED = action_verb("events.event.organisers", gettext_lazy("Changed an event's organisers"))
REGISTERED = action_verb("events.registration.create", gettext_lazy("Registered a participant"))
REINSTATED = action_verb("events.registration.reinstate", gettext_lazy("Reinstated a cancelled registration"))
CANCELLED = action_verb("events.registration.cancel", gettext_lazy("Cancelled a registration"))


def _cancelled_by_organiser(registration: Registration) -> bool:
    return registration.cancelled_by_id is not None and registration.cancelled_by_id != registration.user_id


@transaction.atomic
def registration_register(*, event: Event, user, source: str, actor) -> Registration:
    """Register `user` for `event` (from a confirmed invitation, or by an organiser: `source`).

    Idempotent for a registered person; a cancelled registration follows the module's rule."""
    registration, created = Registration.objects.get_or_create(
        event=event, user=user, defaults={"source": source, "status": RegistrationStatus.REGISTERED},
    )
    if created:
        log_action(actor=actor, verb=REGISTERED, obj=registration, scope=event,
                   data={"person": user.email, "source": source})
        return registration
    registration = lock_row(Registration, pk=registration.pk)
    if registration.status == RegistrationStatus.REGISTERED:
        return registration
    if source != RegistrationSource.DIRECT and _cancelled_by_organiser(registration):
        raise ServiceError(
            _("Your registration for this event was cancelled by the organisers. Please write to them if "
              "you would like to take part."),
            code="cancelled_by_organiser",
        )
    registration.status = RegistrationStatus.REGISTERED
    registration.source = source
    registration.cancelled_at = None
    registration.cancelled_by = None
    registration.save(update_fields=["status", "source", "cancelled_at", "cancelled_by"])
    log_action(actor=actor, verb=REINSTATED, obj=registration, scope=event,
               data={"person": user.email, "source": source})
    return registration


@transaction.atomic
def registrations_create_direct(*, event: Event, actor, emails: list[str]) -> list[Registration]:
    """An organiser registers existing accounts by e-mail; all or nothing."""
    wanted = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    users = {user.email.lower(): user for user in User.objects.filter(email__in=wanted)}
    unknown = [email for email in wanted if email not in users]
    if unknown:
        raise ServiceError(
            _("No account has these e-mail addresses: %(emails)s") % {"emails": ", ".join(unknown)},
            code="unknown_accounts",
        )
    return [registration_register(event=event, user=users[email], source=RegistrationSource.DIRECT, actor=actor)
            for email in wanted]


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration:
    registration = lock_row(Registration, pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    log_action(actor=actor, verb=CANCELLED, obj=registration, scope=registration.event,
               data={"person": registration.user.email})
    return registration


# --- events (set up by platform admins in the admin) ---------------------------------------------

@transaction.atomic
def event_save(*, event: Event, actor, changed_fields: list[str]) -> Event:
    """Create or change an event's own fields (the admin's form calls this, not `save()`)."""
    created = event.pk is None
    full_clean_or_refuse(event)
    event.save()
    log_action(actor=actor, verb=EVENT_CREATED if created else EVENT_UPDATED, obj=event,
               data={"fields": sorted(changed_fields)})
    return event


@transaction.atomic
def event_organisers_set(*, event: Event, actor, organisers: list[User]) -> None:
    """Who manages the event (ADR 0202): a change of power, so it is logged with both lists."""
    before = sorted(event.organisers.values_list("email", flat=True))
    event.organisers.set(organisers)
    after = sorted(user.email for user in organisers)
    if before != after:
        log_action(actor=actor, verb=ORGANISERS_CHANGED, obj=event, data={"organisers": [before, after]})
