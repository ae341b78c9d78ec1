"""Writes for attendance: by hand, from Zoom's participant report; certificates from the totals."""

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.agenda import exports, selectors
from ssehub.agenda.enums import AttendanceSource
from ssehub.agenda.models import Attendance, Certificate, DeliverySettings, Session
from ssehub.agenda.zoom import ZoomRow, parse_report
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError
from ssehub.core.stale import lock_for_edit, lock_row
from ssehub.core.updates import model_update
from ssehub.events.models import Event
from ssehub.events.selectors import is_registered, registered_users

ATTENDANCE_CORRECTED = action_verb("agenda.attendance.correct", gettext_lazy("Corrected attendance by hand"))
ATTENDANCE_IMPORTED = action_verb("agenda.attendance.import", gettext_lazy("Imported a Zoom participant report"))
ATTENDANCE_EXPORTED = action_verb("agenda.attendance.export", gettext_lazy("Downloaded the attendance list"))
CERTIFICATE_SETTINGS = action_verb("agenda.certificates.settings", gettext_lazy("Changed the certificate threshold"))
ATTENDED_SHARE_SET = action_verb("agenda.attendance.share",
                                 gettext_lazy("Changed the share of a session that counts as attended"))
CERTIFICATES_ISSUED = action_verb("agenda.certificates.issue", gettext_lazy("Issued certificates"))

DELIVERY_SETTINGS_FIELDS = ("certificate_threshold", "attended_share")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed by hand


@transaction.atomic
def attendance_mark(*, session: Session, user: User, present: bool, actor: User) -> Attendance | None:
    """An organiser's correction: present (a manual row) or absent (no row)."""
    if not is_registered(user=user, event=session.event):
        raise ServiceError(_("This person is not registered for the event."), code="not_registered")
    attendance = None
    if present:
        attendance, _created = Attendance.objects.update_or_create(
            session=session, user=user, defaults={"source": AttendanceSource.MANUAL, "recorded_by": actor}
        )
    else:
        Attendance.objects.filter(session=session, user=user).delete()
    log_action(actor=actor, verb=ATTENDANCE_CORRECTED, obj=session, scope=session.event,
               data={"person": user.email, "present": present})
    return attendance


@dataclass
class ImportReport:
    imported: int = 0
    rows: int = 0
    unmatched: list[ZoomRow] = field(default_factory=list)
    # Rows of registered people that overlap none of the chosen sessions: not credited.
    outside: list[ZoomRow] = field(default_factory=list)
    credited: dict[int, int] = field(default_factory=dict)  # session pk -> people credited
    zone_name: str = ""
    session_pks: list[int] = field(default_factory=list)
    # With no join in the sessions' time: hours from the first session's start to the first join (a
    # report read in the wrong zone is off by whole hours).
    shift_hours: int | None = None

    @property
    def no_overlap(self) -> bool:
        return bool(self.outside) and not self.imported

    @property
    def hours_before(self) -> int:
        return -(self.shift_hours or 0)

    @property
    def first_join(self) -> dt.datetime | None:
        return min((row.joined_at for row in self.outside), default=None)


def _clipped(visits: list[ZoomRow], start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The visits cut to the session, overlapping ones merged (two devices at once count once)."""
    spans = sorted((max(visit.joined_at, start), min(visit.left_at, end))
                   for visit in visits if visit.joined_at < end and visit.left_at > start)
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for span_start, span_end in spans:
        if merged and span_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span_end))
        else:
            merged.append((span_start, span_end))
    return merged


@transaction.atomic
def attendance_import_zoom(
    *, sessions: list[Session], actor: User, content: bytes, zone_name: str
) -> ImportReport:
    """Import a Zoom participant report for the sessions the meeting covered: a bad line rejects the
    whole file; rows are matched by e-mail to registered participants and each session is credited
    with the minutes that fall inside it (one meeting over three sessions credits all three)."""
    if not sessions:
        raise ServiceError(_("Choose the sessions this meeting covered."), code="no_sessions", field="sessions")
    try:
        rows = parse_report(content, zone_name=zone_name)
    except ValidationError as error:
        messages = [str(message) for message in error.messages]
        raise ServiceError(messages[0], code="bad_report", errors={"report": messages}) from error
    event = sessions[0].event
    sessions = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    registered = {user.email.lower(): user for user in registered_users(event.pk)}
    report = ImportReport(rows=len(rows), zone_name=zone_name, session_pks=[session.pk for session in sessions])
    per_user: dict[int, list[ZoomRow]] = defaultdict(list)
    users = {}
    for row in rows:
        user = registered.get(row.email)
        if user is None:
            report.unmatched.append(row)
            continue
        if not any(row.joined_at < s.ends_at and row.left_at > s.starts_at for s in sessions):
            report.outside.append(row)
            continue
        per_user[user.pk].append(row)
        users[user.pk] = user
    credited_people = set()
    for user_pk, visits in per_user.items():
        for session in sessions:
            spans = _clipped(visits, session.starts_at, session.ends_at)
            if not spans:
                continue
            seconds = sum((span_end - span_start).total_seconds() for span_start, span_end in spans)
            # People drop out and rejoin: one row each time; attendance keeps the span and the sum.
            Attendance.objects.update_or_create(
                session=session, user=users[user_pk],
                defaults={
                    "source": AttendanceSource.ZOOM,
                    "first_joined_at": spans[0][0],
                    "last_left_at": spans[-1][1],
                    "minutes": round(seconds / 60),
                    "recorded_by": actor,
                },
            )
            report.credited[session.pk] = report.credited.get(session.pk, 0) + 1
            credited_people.add(user_pk)
    report.imported = len(credited_people)
    if report.no_overlap:
        report.shift_hours = round((report.first_join - sessions[0].starts_at).total_seconds() / 3600)
    log_action(actor=actor, verb=ATTENDANCE_IMPORTED, obj=event, data={
        "sessions": [session.title for session in sessions], "zone": zone_name, "rows": report.rows,
        "imported": report.imported, "unmatched": len(report.unmatched), "outside": len(report.outside)})
    return report


@transaction.atomic
def attendance_export(*, event: Event, actor: User, fmt: str) -> bytes:
    """The attendance list as a file ("csv" or "xlsx"); every download of these names is logged."""
    overview = selectors.attendance_overview(event)
    per_session, per_person = overview.per_session, overview.per_person
    content = (exports.attendance_csv(per_session, per_person) if fmt == "csv"
               else exports.attendance_xlsx(per_session, per_person, host_zone=event.host_time_zone))
    log_action(actor=actor, verb=ATTENDANCE_EXPORTED, obj=event,
               data={"format": fmt, "people": len(per_person), "sessions": len(per_session)})
    return content


def delivery_settings_for(*, event: Event) -> DeliverySettings:
    settings, _created = DeliverySettings.objects.get_or_create(event=event)
    return settings


@transaction.atomic
def delivery_settings_update(*, event: Event, actor: User, data: dict, expected_version: int) -> DeliverySettings:
    """The certificate threshold and the share of a session that counts as attended.

    Saving what is already stored is no conflict (two organisers setting the same value at once);
    a change over someone else's newer save is refused as stale."""
    fields = [name for name in DELIVERY_SETTINGS_FIELDS if name in data]
    settings = lock_row(DeliverySettings, pk=delivery_settings_for(event=event).pk)
    if any(getattr(settings, name) != data[name] for name in fields):
        settings = lock_for_edit(DeliverySettings, pk=settings.pk, expected_version=expected_version)
    settings, changes = model_update(instance=settings, fields=fields, data=data, version_field="version")
    if changes:
        verb = ATTENDED_SHARE_SET if "attended_share" in changes else CERTIFICATE_SETTINGS
        log_action(actor=actor, verb=verb, obj=settings, scope=event, data=changes)
    return settings


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _index in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def certificates_issue(*, event: Event, actor: User) -> list[Certificate]:
    """A certificate for each registered participant at or above the threshold (existing ones keep
    their code; counts and name are refreshed)."""
    # The event's settings row is the lock: two issue runs at once (a double click, two organisers)
    # take turns, so the second sees the first's certificates instead of racing it to create them.
    settings = lock_row(DeliverySettings, pk=delivery_settings_for(event=event).pk)
    threshold = settings.certificate_threshold
    sessions = {session.pk: session for session in event.sessions.only("pk", "starts_at", "ends_at")}
    total = len(sessions)
    attended: dict[int, int] = defaultdict(int)
    for row in Attendance.objects.filter(session__event=event).only("user_id", "session_id", "source", "minutes"):
        if selectors.counts_as_attended(row, sessions[row.session_id], settings.attended_share):
            attended[row.user_id] += 1
    issued, new = [], 0
    participants = registered_users(event) if total else User.objects.none()
    for user in participants:
        count = attended.get(user.pk, 0)
        if count * 100 < threshold * total:
            continue
        name = (user.profile.full_name if hasattr(user, "profile") else "") or user.email
        certificate, created = Certificate.objects.get_or_create(
            event=event, user=user,
            defaults={"code": _new_code(), "name": name, "sessions_attended": count, "sessions_total": total},
        )
        if created:
            new += 1
        else:
            # Same code; counts and the name (the person may have written it in their own script since).
            certificate.sessions_attended, certificate.sessions_total, certificate.name = count, total, name
            certificate.save(update_fields=["sessions_attended", "sessions_total", "name"])
        issued.append(certificate)
    log_action(actor=actor, verb=CERTIFICATES_ISSUED, obj=event,
               data={"threshold": threshold, "attended_share": settings.attended_share, "sessions": total, "new": new, "refreshed": len(issued) - new})
    return issued
