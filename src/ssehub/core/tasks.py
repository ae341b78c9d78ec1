from django.core.mail import mailers
from django.tasks import task

from ssehub.core.mail import payload_to_message


@task
def deliver_email(payload: dict) -> int:
    """Deliver one queued message through the "delivery" mailer configured by EMAIL_URL."""
    return payload_to_message(payload, connection=mailers["delivery"]).send()
