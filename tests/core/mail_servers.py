"""Mail servers on a bad day, as delivery backends for settings.MAILERS["delivery"]."""

import smtplib

from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend


class ServerDown(BaseEmailBackend):
    """Nothing listens on the SMTP port."""

    def send_messages(self, email_messages) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


class ServerBusy(BaseEmailBackend):
    """The server answers the connection with 421 (too busy, try later)."""

    def send_messages(self, email_messages) -> int:
        raise smtplib.SMTPConnectError(421, b"4.3.2 Service not available, try again later")


class RecipientUnknown(BaseEmailBackend):
    """The server refuses every recipient with 550 (no such mailbox)."""

    def send_messages(self, email_messages) -> int:
        recipients = [address for message in email_messages for address in message.recipients()]
        raise smtplib.SMTPRecipientsRefused(dict.fromkeys(recipients, (550, b"5.1.1 No such user")))


class Greylisting(BaseEmailBackend):
    """The server refuses every recipient with 450 for now (greylisting)."""

    def send_messages(self, email_messages) -> int:
        recipients = [address for message in email_messages for address in message.recipients()]
        raise smtplib.SMTPRecipientsRefused(dict.fromkeys(recipients, (450, b"4.2.0 Greylisted")))


class ChecksAddresses(BaseEmailBackend):
    """A server that is up: addresses are checked as Django's SMTP backend checks them."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            for address in message.recipients():
                smtp.EmailBackend.prep_address(self, address)  # Django's own check
        return len(email_messages)
