"""E-mails to participants, each in the person's own language and time zone. Sent through the queue."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ssehub.agenda.times import in_zone, label_at
from ssehub.core.timezones import is_valid_timezone


def _zone_of(user, event) -> str:
    profile = getattr(user, "profile", None)
    zone = profile.time_zone if profile else ""
    return zone if is_valid_timezone(zone) else event.host_time_zone


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    code = profile.preferred_language if profile else ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_personal(*, user, event, template: str, context: dict, at: dt.datetime | None = None) -> None:
    """Render `agenda/mail/<template>_subject.txt` and `_body.txt` for one person and queue it.

    `at` is the time the message is about: zones are named as they are called then (summer time or
    not), and the context gets `local_start`/`host_start` style values through `times_of`."""
    zone = _zone_of(user, event)
    language = _language_of(user)
    moment = at or timezone.now()
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        full = {
            **context,
            "event": event,
            "user": user,
            "zone": zone,
            "zone_label": label_at(zone, moment, language_code=language),
            "host_zone_label": label_at(event.host_time_zone, moment, language_code=language),
            "same_zone": in_zone(moment, zone).utcoffset() == in_zone(moment, event.host_time_zone).utcoffset(),
            "agenda_url": settings.SITE_URL + reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string(f"agenda/mail/{template}_subject.txt", full).split())
        body = render_to_string(f"agenda/mail/{template}_body.txt", full)
    send_mail(subject, body, None, [user.email])
