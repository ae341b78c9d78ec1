"""Reads for the agenda app; querysets come with their related rows already loaded."""

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_countries import countries

from ssehub.accounts.models import User
from ssehub.agenda.enums import AttendanceSource, MaterialKind, PersonRole, SessionKind
from ssehub.agenda.models import (
    Announcement,
    Attendance,
    Certificate,
    DeliverySettings,
    Invitation,
    Material,
    Session,
    SessionPerson,
    Star,
)
from ssehub.agenda.times import in_zone, label_at
from ssehub.core.actionlog import scope_key
from ssehub.core.models import ActionLogEntry
from ssehub.events.models import Event
from ssehub.events.selectors import events_registered_for, registrations_for

# The Join button opens this long before a session starts (services enforce the same window).
JOIN_OPENS_BEFORE = dt.timedelta(minutes=15)


def sessions_for_agenda(event: Event, *, include_private: bool) -> QuerySet[Session]:
    materials = Material.objects.all() if include_private else Material.objects.filter(is_public=True)
    return (
        Session.objects.filter(event=event)
        .select_related("theme")
        .prefetch_related(
            Prefetch("people", queryset=SessionPerson.objects.select_related("user__profile")),
            Prefetch("materials", queryset=materials),
            "rooms",
        )
    )


def starred_session_ids(user, event: Event) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Star.objects.filter(user=user, session__event=event).values_list("session_id", flat=True))


def announcements_for(event: Event) -> QuerySet[Announcement]:
    return Announcement.objects.filter(event=event)[:5]


@dataclass
class AgendaItem:
    session: Session
    viewer_start: dt.datetime
    viewer_end: dt.datetime
    host_start: dt.datetime
    host_end: dt.datetime
    is_now: bool = False
    is_next: bool = False
    starred: bool = False
    same_zone: bool = False
    join_open: bool = False
    viewer_zone_label: str = ""
    host_zone_label: str = ""
    kind_label: str = ""
    people_by_role: list[tuple[str, list]] = field(default_factory=list)


@dataclass
class AgendaDay:
    date: dt.date
    items: list[AgendaItem] = field(default_factory=list)


def _people_by_role(session: Session, role_labels: dict[str, str]) -> list[tuple[str, list]]:
    groups: list[tuple[str, list]] = []
    for person in session.people.all():
        label = role_labels.get(person.role, person.role)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(person)
    return groups


def build_agenda(
    sessions, *, viewer_zone: str, host_zone: str, now: dt.datetime, starred: set[int],
    next_start: dt.datetime | None = None,
) -> list[AgendaDay]:
    """Sessions grouped by the viewer's local day, with "now" and "next" marked.

    Times are `in_zone` values: a template shows each in its own zone whichever zone is active, and
    each item names both zones as they are called on the session's day (summer or standard time)."""
    viewer_tz, host_tz = zoneinfo.ZoneInfo(viewer_zone), zoneinfo.ZoneInfo(host_zone)
    sessions = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    if next_start is None:
        upcoming = [s.starts_at for s in sessions if s.starts_at > now]
        next_start = min(upcoming) if upcoming else None
    # Labels looked up once per page, not once per session (lazy translations cost a catalogue lookup each).
    kind_labels = {value: str(label) for value, label in SessionKind.choices}
    role_labels = {value: str(label) for value, label in PersonRole.choices}
    material_labels = {value: str(label) for value, label in MaterialKind.choices}
    days: list[AgendaDay] = []
    for session in sessions:
        if "materials" in getattr(session, "_prefetched_objects_cache", {}):
            for material in session.materials.all():
                material.kind_label = material_labels.get(material.kind, material.kind)
        viewer_start = in_zone(session.starts_at, viewer_tz)
        item = AgendaItem(
            session=session,
            viewer_start=viewer_start,
            viewer_end=in_zone(session.ends_at, viewer_tz),
            host_start=in_zone(session.starts_at, host_tz),
            host_end=in_zone(session.ends_at, host_tz),
            is_now=session.starts_at <= now < session.ends_at,
            is_next=session.starts_at == next_start,
            starred=session.pk in starred,
            same_zone=viewer_start.utcoffset() == session.starts_at.astimezone(host_tz).utcoffset(),
            join_open=session.starts_at - JOIN_OPENS_BEFORE <= now <= session.ends_at,
            viewer_zone_label=label_at(viewer_zone, session.starts_at),
            host_zone_label=label_at(host_zone, session.starts_at),
            kind_label=kind_labels.get(session.kind, session.kind),
            people_by_role=_people_by_role(session, role_labels),
        )
        if not days or days[-1].date != viewer_start.date():
            days.append(AgendaDay(date=viewer_start.date()))
        days[-1].items.append(item)
    return days


def zone_labels(days: list[AgendaDay], *, viewer_zone: str, host_zone: str, now: dt.datetime) -> tuple[str, str]:
    """The names for a page's heading: as called on the first session's day (the page is about those
    days, not today), or today's for an empty agenda."""
    if days:
        first = days[0].items[0]
        return first.viewer_zone_label, first.host_zone_label
    return label_at(viewer_zone, now), label_at(host_zone, now)


def timetable_warnings(sessions) -> dict[int, list[str]]:
    """Overlapping sessions that share a speaker/facilitator or a delegation."""
    warnings: dict[int, list[str]] = {}
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    for first, second in itertools.combinations(ordered, 2):
        if not (first.starts_at < second.ends_at and second.starts_at < first.ends_at):
            continue
        first_people = {p.identity: p.display_name for p in first.people.all()}
        shared = [name for key, name in ((p.identity, p.display_name) for p in second.people.all())
                  if key in first_people]
        first_countries = {c for room in first.rooms.all() for c in room.countries}
        shared_countries = sorted({c for room in second.rooms.all() for c in room.countries} & first_countries)
        for person in shared:
            message = _("%(person)s is in both “%(first)s” and “%(second)s” at the same time.") % {
                "person": person, "first": first.title, "second": second.title}
            warnings.setdefault(first.pk, []).append(message)
            warnings.setdefault(second.pk, []).append(message)
        for country in shared_countries:
            message = _("The %(country)s delegation is in both “%(first)s” and “%(second)s” at the same time.") % {
                "country": countries.name(country) or country, "first": first.title, "second": second.title}
            warnings.setdefault(first.pk, []).append(message)
            warnings.setdefault(second.pk, []).append(message)
    return warnings


def delivery_settings_of(event: Event) -> DeliverySettings:
    """The event's settings, or the defaults unsaved (a read creates nothing)."""
    return DeliverySettings.objects.filter(event=event).first() or DeliverySettings(event=event)


def attended_share(event: Event) -> int:
    """Per cent of a session's time a person must be there for it to count."""
    return delivery_settings_of(event).attended_share


def counts_as_attended(row: Attendance, session: Session, share: int) -> bool:
    """Marked by hand: attended. From a report: at least `share` per cent of the session's time."""
    if row.minutes is None or row.source != AttendanceSource.ZOOM:
        return True
    length = (session.ends_at - session.starts_at).total_seconds() / 60
    return row.minutes * 100 >= share * length


@dataclass
class PersonAttendance:
    user: User
    attended: list[Attendance]
    total: int

    @property
    def count(self) -> int:
        return len(self.attended)

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass
class SessionAttendance:
    session: Session
    count: int
    registered: int
    present_too_short: int = 0


@dataclass
class AttendanceOverview:
    per_session: list[SessionAttendance]
    per_person: list[PersonAttendance]
    settings: DeliverySettings

    @property
    def share(self) -> int:
        return self.settings.attended_share


def attendance_overview(event: Event) -> AttendanceOverview:
    """Per session and per person, in four queries whatever the numbers; a row counts when the person
    was there for the event's share of the session."""
    settings = delivery_settings_of(event)
    share = settings.attended_share
    sessions = list(Session.objects.filter(event=event).only("pk", "title", "starts_at", "ends_at", "event_id"))
    by_pk = {session.pk: session for session in sessions}
    registrations = list(registrations_for(event))
    rows = list(Attendance.objects.filter(session__event=event).order_by("session__starts_at"))
    by_user: dict[int, list[Attendance]] = {}
    by_session: dict[int, int] = {}
    too_short: dict[int, int] = {}
    registered_ids = {r.user_id for r in registrations}
    for row in rows:
        if row.user_id not in registered_ids:
            continue
        if not counts_as_attended(row, by_pk[row.session_id], share):
            too_short[row.session_id] = too_short.get(row.session_id, 0) + 1
            continue
        by_user.setdefault(row.user_id, []).append(row)
        by_session[row.session_id] = by_session.get(row.session_id, 0) + 1
    per_session = [SessionAttendance(s, by_session.get(s.pk, 0), len(registrations), too_short.get(s.pk, 0))
                   for s in sessions]
    per_person = [PersonAttendance(r.user, by_user.get(r.user_id, []), len(sessions)) for r in registrations]
    return AttendanceOverview(per_session, per_person, settings)


def pending_invitation_user_ids(event: Event) -> set[int]:
    """People invited to the event who have not set a password yet."""
    return set(Invitation.objects.filter(event=event, accepted_at__isnull=True).values_list("user_id", flat=True))


def certificate_by_code(code: str) -> Certificate | None:
    cleaned = code.strip().upper().replace(" ", "")
    if len(cleaned) == 12:
        cleaned = f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"
    return Certificate.objects.select_related("event").filter(code=cleaned).first()


def attended_sessions(certificate: Certificate) -> list[Session]:
    share = attended_share(certificate.event)
    rows = Attendance.objects.filter(session__event=certificate.event, user=certificate.user).select_related(
        "session").order_by("session__starts_at", "session__pk")
    return [row.session for row in rows if counts_as_attended(row, row.session, share)]


def personal_feed_state(user) -> str:
    """Changes whenever the person's feed would: a session added, moved, changed or deleted in one of
    their events, a star given or taken back, an event joined or left, an event's zone changed."""
    sessions = personal_feed_sessions(user).order_by().aggregate(
        count=Count("pk"), sequence=Sum("sequence"), updated=Max("updated_at"), events=Sum("event__version"),
        ids=Sum("pk"))
    stars = Star.objects.filter(user=user).aggregate(count=Count("pk"), ids=Sum("session_id"))
    return "-".join(str(value) for value in (*sessions.values(), *stars.values()))


def personal_feed_sessions(user) -> QuerySet[Session]:
    """Sessions for a person's calendar: their starred ones where they starred any, else every session
    of the events they are registered for."""
    events = events_registered_for(user)
    starred_events = Star.objects.filter(user=user).values_list("session__event_id", flat=True)
    wanted = Q(stars__user=user) | ~Q(event__in=starred_events)
    return (
        Session.objects.filter(wanted, event__in=events)
        .distinct()
        .select_related("event", "theme")
        .prefetch_related(Prefetch("people", queryset=SessionPerson.objects.select_related("user__profile")))
    )


@dataclass(frozen=True)
class AgendaState:
    """What the agenda and the feeds are made of, in one row: when any part changes, `token` changes.

    The action log is the change counter: every agenda service (sessions, materials, announcements) and
    every change of the event itself logs within the event's scope, in the same transaction. The
    sessions' count, SEQUENCE sum and last change guard against a write that bypassed the services.
    `started`/`ended` move the "on now" and "next" marks when a session starts or ends."""

    content_token: str
    token: str
    changed_at: dt.datetime | None
    sessions: int


def _moment(value) -> dt.datetime | None:
    """A datetime read by raw SQL: SQLite gives text or a naive datetime in UTC, PostgreSQL an aware one."""
    parsed = parse_datetime(value) if isinstance(value, str) else value
    return parsed.replace(tzinfo=dt.UTC) if parsed is not None and parsed.tzinfo is None else parsed


def event_with_agenda_state(slug: str, *, now: dt.datetime) -> tuple[Event, AgendaState] | None:
    # One statement, written out: the ORM spent longer compiling the grouped equivalent (with the
    # log's latest entry as subqueries) than the database spent answering it.
    tables = {"event": Event._meta.db_table, "session": Session._meta.db_table,
              "log": ActionLogEntry._meta.db_table, "scope": scope_key(Event(pk=0))[:-1]}
    latest = ("(SELECT l.{column} FROM {log} l WHERE l.scope = ('{scope}' || CAST(e.id AS TEXT)) "
              "ORDER BY l.created_at DESC, l.id DESC LIMIT 1)")
    sql = (
        "SELECT e.*, COUNT(s.id) AS state_count,"  # noqa: S608 - table names from the models, no input
        " COALESCE(SUM(s.sequence), 0) AS state_sequence, "
        "MAX(s.updated_at) AS state_updated, "
        "COALESCE(SUM(CASE WHEN s.starts_at <= %s THEN 1 ELSE 0 END), 0) AS state_started, "
        "COALESCE(SUM(CASE WHEN s.ends_at <= %s THEN 1 ELSE 0 END), 0) AS state_ended, "
        f"{latest.format(column='id', **tables)} AS state_log, "
        f"{latest.format(column='created_at', **tables)} AS state_log_at "
        "FROM {event} e LEFT JOIN {session} s ON s.event_id = e.id WHERE e.slug = %s GROUP BY e.id"
    ).replace("{event}", tables["event"]).replace("{session}", tables["session"])
    moment = connection.ops.adapt_datetimefield_value(now)
    rows = list(Event.objects.raw(sql, [moment, moment, slug]))
    if not rows:
        return None
    row = rows[0]
    updated, log_at = _moment(row.state_updated), _moment(row.state_log_at)
    content = "-".join(str(part) for part in (
        row.pk, row.version, row.state_log or 0, row.state_count, row.state_sequence,
        updated.timestamp() if updated else 0))
    changed = [moment for moment in (log_at, updated) if moment is not None]
    return row, AgendaState(
        content_token=content, token=f"{content}-{row.state_started}-{row.state_ended}",
        changed_at=max(changed) if changed else None, sessions=row.state_count)


def agenda_dates(event: Event, *, viewer_zone: str, theme_code: str = "") -> list[dt.date]:
    """The viewer's local days that hold sessions, for the day links."""
    sessions = Session.objects.filter(event=event)
    if theme_code:
        sessions = sessions.filter(theme__code=theme_code)
    zone = zoneinfo.ZoneInfo(viewer_zone)
    return sorted({start.astimezone(zone).date() for start in sessions.values_list("starts_at", flat=True)})


def local_day_bounds(day: dt.date, viewer_zone: str) -> tuple[dt.datetime, dt.datetime]:
    zone = zoneinfo.ZoneInfo(viewer_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def sessions_for_feed(event: Event) -> QuerySet[Session]:
    """What the public ICS feed prints: no materials or rooms (it never shows them)."""
    return (
        Session.objects.filter(event=event)
        .select_related("event")
        .prefetch_related(Prefetch("people", queryset=SessionPerson.objects.select_related("user__profile")))
    )
