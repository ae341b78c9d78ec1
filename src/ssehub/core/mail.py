"""E-mail goes through the outbox and the task queue so that no request waits on an SMTP server and
no message is lost when one is down (ADR 0003, ADR 0009)."""

import base64

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def message_to_payload(message: EmailMessage) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        # Attachments travel base64-encoded because task arguments must be JSON.
        "attachments": [
            [name, base64.b64encode(_as_bytes(content)).decode("ascii"), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


def payload_to_message(payload: dict, *, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, encoded, mimetype in payload["attachments"]:
        message.attach(name, base64.b64decode(encoded), mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Keep each message in the outbox and enqueue its delivery; the worker delivers it."""

    def send_messages(self, email_messages) -> int:
        # Imported here because the outbox imports this module's payload helpers.
        from ssehub.core.outbox import outgoing_mail_queue

        for message in email_messages:
            outgoing_mail_queue(payload=message_to_payload(message))
        return len(email_messages)
