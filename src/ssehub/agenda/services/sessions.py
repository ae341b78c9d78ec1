"""Writes for sessions, materials, personal agendas, calendars, joining and announcements.

Registrations are not written here: `ssehub.events.services` owns them."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from ssehub.agenda.times import in_zone
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, from_validation_error, full_clean_or_refuse
from ssehub.core.stale import bump_version, lock_for_edit, lock_row
from ssehub.core.updates import model_update
from ssehub.events.models import Event
from ssehub.events.selectors import registered_users

SESSION_CREATED = action_verb("agenda.session.create", gettext_lazy("Added a session"))
SESSION_UPDATED = action_verb("agenda.session.update", gettext_lazy("Changed a session"))
SESSION_MOVED = action_verb("agenda.session.move", gettext_lazy("Moved a session"))
SESSION_DELETED = action_verb("agenda.session.delete", gettext_lazy("Deleted a session"))
MATERIAL_ADDED = action_verb("agenda.material.add", gettext_lazy("Added a session material"))
MATERIAL_DELETED = action_verb("agenda.material.delete", gettext_lazy("Removed a session material"))
ANNOUNCED = action_verb("agenda.announcement.post", gettext_lazy("Posted an announcement"))
CALENDAR_ROTATED = action_verb("agenda.calendar.rotate", gettext_lazy("Replaced their calendar feed address"))

SESSION_FIELDS = (
    "title", "description", "theme", "kind", "starts_at", "ends_at", "language", "interpretation",
    "room_url", "recording_url",
)


@dataclass(frozen=True)
class PersonSpec:
    role: str
    user: User | None = None
    guest_name: str = ""
    affiliation: str = ""

    def line(self) -> str:
        who = self.user.email if self.user is not None else self.guest_name
        return " | ".join(filter(None, [self.role, who, self.affiliation]))


@dataclass(frozen=True)
class RoomSpec:
    name: str
    countries: tuple[str, ...]
    room_url: str = ""

    def line(self) -> str:
        return " | ".join(filter(None, [self.name, ", ".join(self.countries), self.room_url]))


def _utc(value):
    """Times in the log in UTC, whichever zone the form read them in (one reading for every entry)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if isinstance(value, list):
        return [_utc(item) for item in value]
    return value


def _current_people(session: Session) -> list[str]:
    return [PersonSpec(role=p.role, user=p.user, guest_name=p.guest_name, affiliation=p.affiliation).line()
            for p in session.people.select_related("user").order_by("pk")]


def _current_rooms(session: Session) -> list[str]:
    return [RoomSpec(name=r.name, countries=tuple(r.countries), room_url=r.room_url).line()
            for r in session.rooms.order_by("pk")]


def _replace_people_and_rooms(
    session: Session, people: list[PersonSpec], rooms: list[RoomSpec], *, new: bool = False
) -> dict[str, list]:
    """Replace the speakers, facilitators and rooms when they differ; returns what changed, as
    {"people": [old, new], "rooms": [old, new]} (lines a reader of the log understands)."""
    changes: dict[str, list] = {}
    old_people = [] if new else _current_people(session)
    new_people = [spec.line() for spec in people]
    if old_people != new_people:
        session.people.all().delete()
        SessionPerson.objects.bulk_create([
            SessionPerson(session=session, position=position, role=spec.role, user=spec.user,
                          guest_name=spec.guest_name, affiliation=spec.affiliation)
            for position, spec in enumerate(people)
        ])
        changes["people"] = [old_people, new_people]
    old_rooms = [] if new else _current_rooms(session)
    new_rooms = [spec.line() for spec in rooms]
    if old_rooms != new_rooms:
        session.rooms.all().delete()
        BreakoutRoom.objects.bulk_create([
            BreakoutRoom(session=session, position=position, name=spec.name, countries=list(spec.countries),
                         room_url=spec.room_url)
            for position, spec in enumerate(rooms)
        ])
        changes["rooms"] = [old_rooms, new_rooms]
    return changes


@transaction.atomic
def session_create(
    *, event: Event, actor: User, data: dict, people: list[PersonSpec], rooms: list[RoomSpec]
) -> Session:
    session = Session(event=event, **{name: data[name] for name in SESSION_FIELDS if name in data})
    full_clean_or_refuse(session)
    session.save()
    _replace_people_and_rooms(session, people, rooms, new=True)
    log_action(actor=actor, verb=SESSION_CREATED, obj=session, scope=event,
               data={"title": session.title, "starts_at": _utc(session.starts_at),
                     "ends_at": _utc(session.ends_at)})
    return session


@transaction.atomic
def session_update(
    *, session: Session, actor: User, data: dict, people: list[PersonSpec], rooms: list[RoomSpec],
    expected_sequence: int | None,
) -> Session:
    """Save changes, raise SEQUENCE (calendars update in place) and tell participants when it moved.

    SEQUENCE is the session's version: a form opened at an older one is refused, naming who saved
    meanwhile."""
    locked = lock_for_edit(Session, pk=session.pk, expected_version=expected_sequence, field="sequence")
    old_start, old_end = locked.starts_at, locked.ends_at
    locked, changes = model_update(instance=locked, fields=SESSION_FIELDS, data=data, version_field="sequence")
    listed = _replace_people_and_rooms(locked, people, rooms)
    if listed and not changes:
        # Speakers and rooms are in the calendar entry too: their change alone raises SEQUENCE.
        locked.save(update_fields=[bump_version(locked, field="sequence"), "updated_at"])
    changes.update(listed)
    if not changes:
        return locked
    moved = (locked.starts_at, locked.ends_at) != (old_start, old_end)
    if moved:
        # Both ends, even when only one changed: the log reads as "from … to …".
        changes["starts_at"] = [old_start, locked.starts_at]
        changes["ends_at"] = [old_end, locked.ends_at]
        event = locked.event
        transaction.on_commit(lambda: session_notify_moved(session=locked, event=event))
    log_action(actor=actor, verb=SESSION_MOVED if moved else SESSION_UPDATED, obj=locked,
               scope=locked.event, data={name: _utc(change) for name, change in changes.items()})
    return locked


def session_notify_moved(*, session: Session, event: Event) -> int:
    users = list(registered_users(event))
    for user in users:
        send_personal(user=user, event=event, template="session_moved", at=session.starts_at, context={
            "session": session,
            "host_start": in_zone(session.starts_at, event.host_time_zone),
            "host_end": in_zone(session.ends_at, event.host_time_zone),
        })
    return len(users)


@transaction.atomic
def session_delete(*, session: Session, actor: User) -> None:
    # Logged before the row goes, while its id and title can still be read.
    log_action(actor=actor, verb=SESSION_DELETED, obj=session, scope=session.event,
               data={"title": session.title, "starts_at": _utc(session.starts_at),
                     "ends_at": _utc(session.ends_at)})
    session.delete()


@transaction.atomic
def material_add(
    *, session: Session, actor: User, title: str, upload=None, url: str = "", is_public: bool = True
) -> Material:
    if bool(upload) == bool(url):
        raise ServiceError(_("Give either a file or a link."), code="file_or_link")
    if upload:
        try:
            kind = material_kind_of(upload)
        except ValidationError as error:
            raise from_validation_error(error) from error
        material = Material(session=session, title=title, kind=kind, file=upload, size=upload.size,
                            is_public=is_public, added_by=actor)
    else:
        material = Material(session=session, title=title, kind=MaterialKind.LINK, url=url,
                            is_public=is_public, added_by=actor)
    full_clean_or_refuse(material)
    material.save()
    log_action(actor=actor, verb=MATERIAL_ADDED, obj=material, scope=session.event,
               data={"session": session.title, "title": material.title, "kind": material.kind,
                     "public": material.is_public})
    return material


@transaction.atomic
def material_delete(*, material: Material, actor: User) -> None:
    session = material.session
    log_action(actor=actor, verb=MATERIAL_DELETED, obj=material, scope=session.event,
               data={"session": session.title, "title": material.title, "kind": material.kind})
    if material.file:
        # The file goes only once the row's deletion is committed; a rollback keeps both.
        file_name, storage = material.file.name, material.file.storage
        transaction.on_commit(lambda: storage.delete(file_name))
    material.delete()


def star_toggle(*, user: User, session: Session) -> bool:
    """Star or unstar a session; returns whether it is now starred. Not logged: a personal choice."""
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


@transaction.atomic
def calendar_token_rotate(*, user: User) -> CalendarToken:
    """A new secret URL; the old one stops working at once."""
    token = calendar_token_for(user=user)
    token.token = secrets.token_urlsafe(32)
    token.save(update_fields=["token", "created_at"])
    # Who and when only: the secret itself never goes into the log.
    log_action(actor=user, verb=CALENDAR_ROTATED)
    return token


def join_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - JOIN_OPENS_BEFORE, session.ends_at


def join_target(*, session: Session, user: User) -> str:
    """The room a person goes to: their delegation's breakout room when it has its own link."""
    profile = getattr(user, "profile", None)
    country = profile.country.code if profile and profile.country else ""
    for room in session.rooms.all():
        if country and country in room.countries and room.room_url:
            return room.room_url
    return session.room_url


@transaction.atomic
def join_record(*, session: Session, user: User, at: dt.datetime | None = None) -> JoinEvent:
    """Record that a registered participant joins now; refuse outside the window or without a room.
    The caller sends the person to `join_target(...)`.

    Not in the action log: every participant joins every session, often several times, and the
    JoinEvent rows already are the record (in the person's data export too)."""
    at = at or timezone.now()
    opens, closes = join_window(session)
    if at < opens:
        raise ServiceError(_("This session has not opened yet. You can join from 15 minutes before it starts."),
                           code="not_open")
    if at > closes:
        raise ServiceError(_("This session has ended."), code="ended")
    if not join_target(session=session, user=user):
        raise ServiceError(_("This session has no virtual room yet. Please check the agenda again later."),
                           code="no_room")
    joined = JoinEvent.objects.create(session=session, user=user, joined_at=at)
    attendance, created = Attendance.objects.get_or_create(
        session=session, user=user,
        defaults={"source": AttendanceSource.JOIN, "first_joined_at": at, "recorded_by": user},
    )
    if not created:
        # Locked before the check: of two joins at once (two tabs, a double click) only the first
        # fills in the first-join time of a row made by hand; the second sees it filled.
        attendance = lock_row(Attendance, pk=attendance.pk)
        if attendance.first_joined_at is None:
            attendance.first_joined_at = at
            attendance.save(update_fields=["first_joined_at", "updated_at"])
    return joined


@transaction.atomic
def announcement_post(*, event: Event, actor: User, title: str, body: str) -> Announcement:
    announcement = Announcement(event=event, author=actor, title=title, body=body)
    full_clean_or_refuse(announcement)
    announcement.save()
    users = list(registered_users(event))

    def send() -> None:
        for user in users:
            send_personal(user=user, event=event, template="announcement",
                          context={"announcement": announcement})

    transaction.on_commit(send)
    log_action(actor=actor, verb=ANNOUNCED, obj=announcement, scope=event,
               data={"title": title, "recipients": len(users)})
    return announcement
