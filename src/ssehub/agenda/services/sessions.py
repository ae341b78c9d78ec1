"""Writes for sessions, materials, personal agendas, calendars, registrations and announcements."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.agenda.enums import AttendanceSource, MaterialKind
from ssehub.agenda.files import material_kind_of
from ssehub.agenda.models import (
    Announcement,
    Attendance,
    BreakoutRoom,
    CalendarToken,
    JoinEvent,
    Material,
    Session,
    SessionPerson,
    Star,
)
from ssehub.agenda.notifications import send_personal
from ssehub.agenda.selectors import JOIN_OPENS_BEFORE
from ssehub.events.enums import RegistrationSource, RegistrationStatus
from ssehub.events.models import Event, Registration

SESSION_FIELDS = (
    "title", "description", "theme", "kind", "starts_at", "ends_at", "language", "interpretation",
    "room_url", "recording_url",
)


class EditConflictError(Exception):
    """Someone else saved the session since the form was opened."""


@dataclass(frozen=True)
class PersonSpec:
    role: str
    user: User | None = None
    guest_name: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class RoomSpec:
    name: str
    countries: tuple[str, ...]
    room_url: str = ""


def _registered_users(event: Event):
    return User.objects.filter(
        registrations__event=event, registrations__status=RegistrationStatus.REGISTERED
    ).select_related("profile")


def _replace_people_and_rooms(session: Session, people: list[PersonSpec], rooms: list[RoomSpec]) -> None:
    session.people.all().delete()
    SessionPerson.objects.bulk_create([
        SessionPerson(session=session, position=position, role=spec.role, user=spec.user,
                      guest_name=spec.guest_name, affiliation=spec.affiliation)
        for position, spec in enumerate(people)
    ])
    session.rooms.all().delete()
    BreakoutRoom.objects.bulk_create([
        BreakoutRoom(session=session, position=position, name=spec.name, countries=list(spec.countries),
                     room_url=spec.room_url)
        for position, spec in enumerate(rooms)
    ])


@transaction.atomic
def session_create(
    *, event: Event, actor: User, data: dict, people: list[PersonSpec], rooms: list[RoomSpec]
) -> Session:
    session = Session(event=event, **{name: data[name] for name in SESSION_FIELDS if name in data})
    session.full_clean()
    session.save()
    _replace_people_and_rooms(session, people, rooms)
    return session


@transaction.atomic
def session_update(
    *, session: Session, actor: User, data: dict, people: list[PersonSpec], rooms: list[RoomSpec],
    expected_sequence: int,
) -> Session:
    """Save changes, raise SEQUENCE (calendars update in place) and tell participants when it moved."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.sequence != expected_sequence:
        raise EditConflictError
    old_start, old_end = locked.starts_at, locked.ends_at
    for name in SESSION_FIELDS:
        if name in data:
            setattr(locked, name, data[name])
    locked.sequence += 1
    locked.full_clean()
    locked.save()
    _replace_people_and_rooms(locked, people, rooms)
    if (locked.starts_at, locked.ends_at) != (old_start, old_end):
        event = locked.event
        transaction.on_commit(lambda: session_notify_moved(session=locked, event=event))
    return locked


def session_notify_moved(*, session: Session, event: Event) -> int:
    users = list(_registered_users(event))
    for user in users:
        send_personal(user=user, event=event, template="session_moved", context={"session": session})
    return len(users)


def session_delete(*, session: Session, actor: User) -> None:
    session.delete()


def material_add(
    *, session: Session, actor: User, title: str, upload=None, url: str = "", is_public: bool = True
) -> Material:
    if bool(upload) == bool(url):
        raise ValidationError(_("Give either a file or a link."))
    if upload:
        kind = material_kind_of(upload)
        material = Material(session=session, title=title, kind=kind, file=upload, size=upload.size,
                            is_public=is_public, added_by=actor)
    else:
        material = Material(session=session, title=title, kind=MaterialKind.LINK, url=url,
                            is_public=is_public, added_by=actor)
    material.full_clean()
    material.save()
    return material


def material_delete(*, material: Material, actor: User) -> None:
    if material.file:
        material.file.delete(save=False)
    material.delete()


def star_toggle(*, user: User, session: Session) -> bool:
    """Star or unstar a session; returns whether it is now starred."""
    deleted, _rows = Star.objects.filter(user=user, session=session).delete()
    if deleted:
        return False
    Star.objects.get_or_create(user=user, session=session)
    return True


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def calendar_token_rotate(*, user: User) -> CalendarToken:
    """A new secret URL; the old one stops working at once."""
    token = calendar_token_for(user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    return token


class JoinRefusedError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def join_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - JOIN_OPENS_BEFORE, session.ends_at


@transaction.atomic
def join_target(*, session: Session, user: User) -> str:
    """The room a person goes to: their delegation's breakout room when it has its own link."""
    profile = getattr(user, "profile", None)
    country = profile.country.code if profile and profile.country else ""
    for room in session.rooms.all():
        if country and country in room.countries and room.room_url:
            return room.room_url
    return session.room_url


def join_record(*, session: Session, user: User, at: dt.datetime | None = None) -> JoinEvent:
    """Record that a registered participant joins now; refuse outside the window or without a room.
    The caller sends the person to `join_target(...)`."""
    at = at or timezone.now()
    opens, closes = join_window(session)
    if at < opens:
        raise JoinRefusedError(_("This session has not opened yet. You can join from 15 minutes before it starts."))
    if at > closes:
        raise JoinRefusedError(_("This session has ended."))
    if not join_target(session=session, user=user):
        raise JoinRefusedError(_("This session has no virtual room yet. Please check the agenda again later."))
    joined = JoinEvent.objects.create(session=session, user=user, joined_at=at)
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user,
        defaults={"source": AttendanceSource.JOIN, "first_joined_at": at, "recorded_by": user},
    )
    if not created and attendance.first_joined_at is None:
        attendance.first_joined_at = at
        attendance.save(update_fields=["first_joined_at", "updated_at"])
    return joined


@transaction.atomic
def registration_create_direct(*, event: Event, actor: User, emails: list[str]) -> list[Registration]:
    """Register existing accounts by e-mail; all or nothing."""
    wanted = [email.strip().lower() for email in emails if email.strip()]
    users = {user.email.lower(): user for user in User.objects.filter(email__in=wanted)}
    unknown = [email for email in wanted if email not in users]
    if unknown:
        raise ValidationError(
            _("No account has these e-mail addresses: %(emails)s") % {"emails": ", ".join(unknown)}
        )
    registrations = []
    for email in wanted:
        registration, created = Registration.objects.get_or_create(
            event=event, user=users[email],
            defaults={"source": RegistrationSource.DIRECT, "status": RegistrationStatus.REGISTERED},
        )
        if not created and registration.status != RegistrationStatus.REGISTERED:
            registration.status = RegistrationStatus.REGISTERED
            registration.save(update_fields=["status"])
        registrations.append(registration)
    return registrations


def registration_cancel(*, registration: Registration, actor: User) -> None:
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])


def announcement_post(*, event: Event, actor: User, title: str, body: str) -> Announcement:
    announcement = Announcement(event=event, author=actor, title=title, body=body)
    announcement.full_clean()
    announcement.save()
    users = list(_registered_users(event))

    def send() -> None:
        for user in users:
            send_personal(user=user, event=event, template="announcement",
                          context={"announcement": announcement})

    transaction.on_commit(send)
    return announcement
