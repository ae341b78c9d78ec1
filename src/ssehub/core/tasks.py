from django.tasks import task

from ssehub.core.outbox import outgoing_mail_deliver, outgoing_mail_queue


@task
def deliver_email(mail_id: int | dict) -> str:
    """Deliver one outbox message through the "delivery" mailer configured by EMAIL_URL."""
    if isinstance(mail_id, dict):
        # A task enqueued before the outbox existed carries the message itself: keep it in the
        # outbox first, so that it too is retried (this call enqueues its own delivery).
        outgoing_mail_queue(payload=mail_id)
        return ""
    return outgoing_mail_deliver(mail_id=mail_id)
