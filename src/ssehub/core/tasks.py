from django.conf import settings
from django.core.mail import get_connection
from django.tasks import task

from ssehub.core.mail import payload_to_message


@task
def deliver_email(payload: dict) -> int:
    """Deliver one queued message with the real backend configured by EMAIL_URL."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return payload_to_message(payload, connection=connection).send()
