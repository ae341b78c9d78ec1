"""Writes for attendance: by hand, from Zoom's participant report; certificates from the totals."""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.agenda.enums import AttendanceSource
from ssehub.agenda.models import Attendance, Certificate, DeliverySettings, Session
from ssehub.agenda.zoom import ZoomRow, parse_report
from ssehub.events.enums import RegistrationStatus
from ssehub.events.models import Event

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed by hand


def attendance_mark(*, session: Session, user: User, present: bool, actor: User) -> Attendance | None:
    if not session.event.registrations.filter(user=user, status=RegistrationStatus.REGISTERED).exists():
        raise ValidationError(_("This person is not registered for the event."))
    if not present:
        Attendance.objects.filter(session=session, user=user).delete()
        return None
    attendance, _created = Attendance.objects.update_or_create(
        session=session, user=user, defaults={"source": AttendanceSource.MANUAL, "recorded_by": actor}
    )
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
    rows = parse_report(content, zone_name=zone_name)
    registered = {
        user.email.lower(): user
        for user in User.objects.filter(
            registrations__event=session.event_id, registrations__status=RegistrationStatus.REGISTERED
        )
    }
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
    return report


def delivery_settings_for(*, event: Event) -> DeliverySettings:
    settings, _created = DeliverySettings.objects.get_or_create(event=event)
    return settings


def delivery_settings_update(*, event: Event, actor: User, certificate_threshold: int) -> DeliverySettings:
    settings = delivery_settings_for(event=event)
    settings.certificate_threshold = certificate_threshold
    settings.full_clean()
    settings.save()
    return settings


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _index in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def certificates_issue(*, event: Event, actor: User) -> list[Certificate]:
    """A certificate for each registered participant at or above the threshold (existing ones keep
    their code; counts and name are refreshed)."""
    threshold = delivery_settings_for(event=event).certificate_threshold
    total = event.sessions.count()
    if total == 0:
        return []
    attended = defaultdict(int)
    for user_id in Attendance.objects.filter(session__event=event).values_list("user_id", flat=True):
        attended[user_id] += 1
    issued = []
    participants = User.objects.filter(
        registrations__event=event, registrations__status=RegistrationStatus.REGISTERED
    ).select_related("profile")
    for user in participants:
        count = attended.get(user.pk, 0)
        if count * 100 < threshold * total:
            continue
        name = (user.profile.full_name if hasattr(user, "profile") else "") or user.email
        certificate, created = Certificate.objects.get_or_create(
            event=event, user=user,
            defaults={"code": _new_code(), "name": name, "sessions_attended": count, "sessions_total": total},
        )
        if not created:
            # Same code; counts and the name (the person may have written it in their own script since).
            certificate.sessions_attended, certificate.sessions_total, certificate.name = count, total, name
            certificate.save(update_fields=["sessions_attended", "sessions_total", "name"])
        issued.append(certificate)
    return issued
