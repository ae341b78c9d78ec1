"""E-mails to participants, each in the person's own language and time zone. Sent through the queue."""

import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ssehub.core.timezones import is_valid_timezone, zone_label


def _zone_of(user, event) -> str:
    profile = getattr(user, "profile", None)
    zone = profile.time_zone if profile else ""
    return zone if is_valid_timezone(zone) else event.host_time_zone


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    code = profile.preferred_language if profile else ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_personal(*, user, event, template: str, context: dict) -> None:
    """Render `agenda/mail/<template>_subject.txt` and `_body.txt` for one person and queue it."""
    zone = _zone_of(user, event)
    language = _language_of(user)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        full = {
            **context,
            "event": event,
            "user": user,
            "zone_label": zone_label(zone, language_code=language),
            "host_zone_label": zone_label(event.host_time_zone, language_code=language),
            "agenda_url": settings.SITE_URL + reverse("agenda:agenda", kwargs={"event_slug": event.slug}),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string(f"agenda/mail/{template}_subject.txt", full).split())
        body = render_to_string(f"agenda/mail/{template}_body.txt", full)
    send_mail(subject, body, None, [user.email])
