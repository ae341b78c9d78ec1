"""Background work of the calls app; the worker (`manage.py db_worker`) runs it."""

from django.conf import settings
from django.tasks import task

from ssehub.calls.models import Application
from ssehub.calls.services.communication import invitation_reminders_send, message_send


@task
def send_call_emails(application_ids: list[int], kind: str) -> int:
    """Send one kind of message to each application, each in the applicant's language."""
    applications = Application.objects.filter(pk__in=application_ids).select_related(
        "call__event", "invitation"
    ).prefetch_related("call__email_templates")
    count = 0
    for application in applications:
        message_send(application=application, kind=kind, base_url=settings.SITE_URL)
        count += 1
    return count


@task
def send_invitation_reminders() -> dict:
    return invitation_reminders_send(base_url=settings.SITE_URL)
