"""Writes of registrations: the only code that creates, cancels or reinstates one.

The rule for a cancelled person (ADR 0007): a registration cancelled by the person themselves comes
back when they confirm an invitation again; one cancelled by an organiser comes back only when an
organiser registers the person again. Every change is in the action log with the actor.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from slugify import slugify

from ssehub.accounts.models import User
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit, lock_row
from ssehub.core.timezones import is_valid_timezone
from ssehub.core.updates import model_update
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


# --- events (set up by organisers on the site, or by platform admins in the admin) ---------------

EVENT_FIELDS = ("title", "description", "kind", "format", "host_time_zone", "starts_on", "ends_on", "capacity",
                "eligible_countries", "themes")


def _check_event(event: Event) -> None:
    if not is_valid_timezone(event.host_time_zone):
        raise ServiceError(_("Choose a time zone from the list."), code="invalid", field="host_time_zone")
    if event.starts_on and event.ends_on and event.ends_on < event.starts_on:
        raise ServiceError(_("The event cannot end before it starts."), code="invalid", field="ends_on")


SLUG_ATTEMPTS = 5


def _unique_slug(title: str) -> str:
    # Transliterated, so a Korean or Chinese title still gives a readable address ("seoul-sahoeyeondae…").
    base = (slugify(title, max_length=40, word_boundary=True) or "event").strip("-") or "event"
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _loggable(changes: dict) -> dict:
    """Countries as codes and dates as ISO text: the log stores JSON."""
    def plain(value):
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return getattr(value, "code", value)

    loggable = {}
    for name, (old, new) in changes.items():
        old, new = plain(old), plain(new)
        if name == "eligible_countries":  # an empty multiple CountryField reads as ""
            old, new = list(old or []), list(new or [])
        loggable[name] = [old, new]
    return loggable


def _organisers_with_actor(actor, co_organisers: list[User]) -> list[User]:
    people = {user.pk: user for user in co_organisers}
    if getattr(actor, "pk", None) and not actor.is_superuser:
        people.setdefault(actor.pk, actor)
    return list(people.values())


@transaction.atomic
def event_create(*, actor, data: dict, co_organisers: list[User]) -> Event:
    """An organiser sets up an event on the site; they become one of its organisers."""
    fields = {name: data[name] for name in EVENT_FIELDS if name in data and name != "themes"}
    _check_event(Event(**fields))
    # Two events of the same title created at the same instant both find the address free; on
    # PostgreSQL the second insert then fails on the unique index (SQLite's immediate transactions
    # serialise them already), so it takes the next free address instead of failing.
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                event = Event(slug=_unique_slug(data.get("title", "")), **fields)
                event_save(event=event, actor=actor, changed_fields=[name for name in EVENT_FIELDS if name in data])
            break
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1:
                raise ServiceError(_("Another event with this title was created at the same moment; "
                                     "please try again."), code="conflict") from None
    if data.get("themes"):
        event.themes.set(data["themes"])
    event_organisers_set(event=event, actor=actor, organisers=_organisers_with_actor(actor, co_organisers))
    return event


@transaction.atomic
def event_update(*, event: Event, actor, data: dict, expected_version: int | None,
                 co_organisers: list[User] | None = None) -> Event:
    """Change an event's set-up; a form opened before someone else's save is refused (stale)."""
    event = lock_for_edit(Event, pk=event.pk, expected_version=expected_version)
    for name in ("host_time_zone", "starts_on", "ends_on"):
        if name in data:
            setattr(event, name, data[name])
    _check_event(event)
    event.refresh_from_db(fields=["host_time_zone", "starts_on", "ends_on"])
    event, changes = model_update(instance=event, fields=EVENT_FIELDS, data=data, version_field="version")
    if changes:
        log_action(actor=actor, verb=EVENT_UPDATED, obj=event, data=_loggable(changes))
    if co_organisers is not None:
        event_organisers_set(event=event, actor=actor, organisers=_organisers_with_actor(actor, co_organisers))
    return event


@transaction.atomic
def event_save(*, event: Event, actor, changed_fields: list[str]) -> Event:
    """Create or change an event's own fields (the admin's form calls this, not `save()`)."""
    created = event.pk is None
    full_clean_or_refuse(event)
    if not created:
        event.version += 1  # an admin save makes an organiser's open form stale too
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
