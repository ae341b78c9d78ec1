"""Writes for attendance: by hand, from Zoom's participant report; certificates from the totals."""

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
from ssehub.core.stale import lock_row
from ssehub.core.updates import model_update
from ssehub.events.models import Event
from ssehub.events.selectors import is_registered, registered_users

ATTENDANCE_CORRECTED = action_verb("agenda.attendance.correct", gettext_lazy("Corrected attendance by hand"))
ATTENDANCE_IMPORTED = action_verb("agenda.attendance.import", gettext_lazy("Imported a Zoom participant report"))
ATTENDANCE_EXPORTED = action_verb("agenda.attendance.export", gettext_lazy("Downloaded the attendance list"))
CERTIFICATE_SETTINGS = action_verb("agenda.certificates.settings", gettext_lazy("Changed the certificate threshold"))
CERTIFICATES_ISSUED = action_verb("agenda.certificates.issue", gettext_lazy("Issued certificates"))

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


@transaction.atomic
def attendance_import_zoom(*, session: Session, actor: User, content: bytes, zone_name: str) -> ImportReport:
    """Import a Zoom participant report: a bad line rejects the whole file; rows are matched by e-mail
    to registered participants and the ones that match none are reported back."""
    try:
        rows = parse_report(content, zone_name=zone_name)
    except ValidationError as error:
        messages = [str(message) for message in error.messages]
        raise ServiceError(messages[0], code="bad_report", errors={"report": messages}) from error
    registered = {user.email.lower(): user for user in registered_users(session.event_id)}
    report = ImportReport(rows=len(rows))
    per_user: dict[int, list[ZoomRow]] = defaultdict(list)
    users = {}
    for row in rows:
        user = registered.get(row.email)
        if user is None:
            report.unmatched.append(row)
            continue
        per_user[user.pk].append(row)
        users[user.pk] = user
    for user_pk, visits in per_user.items():
        # People drop out and rejoin: one row each time; attendance keeps the span and the sum.
        Attendance.objects.update_or_create(
            session=session, user=users[user_pk],
            defaults={
                "source": AttendanceSource.ZOOM,
                "first_joined_at": min(visit.joined_at for visit in visits),
                "last_left_at": max(visit.left_at for visit in visits),
                "minutes": sum(visit.minutes for visit in visits),
                "recorded_by": actor,
            },
        )
    report.imported = len(per_user)
    log_action(actor=actor, verb=ATTENDANCE_IMPORTED, obj=session, scope=session.event,
               data={"rows": report.rows, "imported": report.imported, "unmatched": len(report.unmatched)})
    return report


@transaction.atomic
def attendance_export(*, event: Event, actor: User, fmt: str) -> bytes:
    """The attendance list as a file ("csv" or "xlsx"); every download of these names is logged."""
    per_session, per_person = selectors.attendance_overview(event)
    content = (exports.attendance_csv(per_session, per_person) if fmt == "csv"
               else exports.attendance_xlsx(per_session, per_person, host_zone=event.host_time_zone))
    log_action(actor=actor, verb=ATTENDANCE_EXPORTED, obj=event,
               data={"format": fmt, "people": len(per_person), "sessions": len(per_session)})
    return content


def delivery_settings_for(*, event: Event) -> DeliverySettings:
    settings, _created = DeliverySettings.objects.get_or_create(event=event)
    return settings


@transaction.atomic
def delivery_settings_update(*, event: Event, actor: User, certificate_threshold: int) -> DeliverySettings:
    settings = lock_row(DeliverySettings, pk=delivery_settings_for(event=event).pk)
    settings, changes = model_update(instance=settings, fields=["certificate_threshold"],
                                     data={"certificate_threshold": certificate_threshold})
    if changes:
        log_action(actor=actor, verb=CERTIFICATE_SETTINGS, obj=settings, scope=event, data=changes)
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
    total = event.sessions.count()
    attended: dict[int, int] = defaultdict(int)
    for user_id in Attendance.objects.filter(session__event=event).values_list("user_id", flat=True):
        attended[user_id] += 1
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
               data={"threshold": threshold, "sessions": total, "new": new, "refreshed": len(issued) - new})
    return issued
