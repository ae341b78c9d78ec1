"""The mail outbox (ADR 0009): every message is a row before it is a task, so a mail-server outage
delays mail but never loses it, and a message is marked sent once.

Life of a row: queued → sending → sent; a temporary failure (server down, 4xx) → retrying with
back-off, up to `RETRY_DELAYS`; a permanent one (5xx, refused or malformed address) or the end of
the schedule → failed, shown to admins in the admin's "Outgoing e-mail" list with the reason and
recorded in the action log. Admins can send a failed message again ("Retry now").
"""

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable

from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Q
from django.tasks import task_backends
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.mail import payload_to_message
from ssehub.core.models import OutgoingMail
from ssehub.core.models import OutgoingMailStatus as Status

logger = logging.getLogger(__name__)

MAIL_FAILED = action_verb("core.mail.failed", gettext_lazy("An e-mail could not be delivered"))
MAIL_RETRIED = action_verb("core.mail.retry", gettext_lazy("Sent a failed e-mail again"))

# Waits after the 1st, 2nd, … failed attempt: 44.6 hours in all, so an outage of a day is ridden out.
RETRY_DELAYS = (
    dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2),
    dt.timedelta(hours=6), dt.timedelta(hours=12), dt.timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Far longer than the SMTP timeout (settings: 30 s): a claim this old belongs to a dead worker.
CLAIM_LEASE = dt.timedelta(minutes=10)
# Sent messages may hold log-in codes and reset links; they are not kept longer than needed.
KEEP_SENT = dt.timedelta(days=30)
PENDING = (Status.QUEUED, Status.RETRYING)


def _recipients(payload: dict) -> str:
    return ", ".join([*payload.get("to", []), *payload.get("cc", []), *payload.get("bcc", [])])


def outgoing_mail_queue(*, payload: dict) -> OutgoingMail:
    """Store one message and enqueue its delivery, both in the caller's transaction: with the
    database task backend a rolled-back write leaves neither row, so nothing is sent for it."""
    mail = OutgoingMail.objects.create(
        payload=payload, subject=str(payload.get("subject", ""))[:300], recipients=_recipients(payload),
        next_attempt_at=timezone.now(),
    )
    _enqueue(mail.pk)
    return mail


def _enqueue(mail_id: int, *, run_after: dt.datetime | None = None) -> None:
    # Imported here because the task module imports this one.
    from ssehub.core.tasks import deliver_email

    task = deliver_email
    if run_after is not None:
        if not task_backends[task.backend].supports_defer:
            return  # the sweep (manage.py mail_retry) enqueues it when it is due
        task = task.using(run_after=run_after)
    try:
        # A savepoint: a failed enqueue must not break the caller's transaction on PostgreSQL.
        with transaction.atomic():
            task.enqueue(mail_id)
    except Exception:
        # The row is the promise, the task only a nudge: the sweep finds the row if the nudge is lost.
        logger.exception("Could not enqueue delivery of outgoing mail %s", mail_id)


def _claim(mail_id: int, now: dt.datetime) -> OutgoingMail | None:
    """Take the message for sending, or None if it is not due or another worker has it."""
    with transaction.atomic():
        due = OutgoingMail.objects.filter(pk=mail_id, status__in=PENDING, next_attempt_at__lte=now)
        # PostgreSQL: a worker that finds the row locked moves on instead of waiting.
        skip_locked = connection.features.has_select_for_update_skip_locked
        if skip_locked and due.select_for_update(skip_locked=True).first() is None:
            return None
        # On every database the guarded update is the claim: of two workers, one changes the row.
        if not due.update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1):
            return None
        return OutgoingMail.objects.get(pk=mail_id)


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return min((code for code, _message in error.recipients.values()), default=None)
    return getattr(error, "smtp_code", None)


def _is_permanent(error: Exception) -> bool:
    """True if trying again cannot help: a 5xx answer about this message, or a malformed address."""
    if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError | smtplib.SMTPAuthenticationError):
        return False  # the server or our configuration, not this message: it may be fixed
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException):
        # 4xx (a full mailbox, greylisting) may pass later; 5xx will not.
        code = _smtp_code(error)
        return code is not None and 500 <= code < 600
    # Django's SMTP backend raises ValueError for an address it cannot write.
    return isinstance(error, ValueError)


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def outgoing_mail_deliver(*, mail_id: int, now: dt.datetime | None = None) -> str:
    """Try to deliver one message; returns the status it ends in ("" if it was not taken)."""
    now = now or timezone.now()
    mail = _claim(mail_id, now)
    if mail is None:
        return ""
    try:
        delivered = payload_to_message(mail.payload, connection=mailers["delivery"]).send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the row, never lost
        return _record_failure(mail=mail, error=error, now=now)
    if not delivered:
        return _fail(mail=mail, reason="no recipients", now=now)
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), claimed_at=None, next_attempt_at=None, last_error="",
    )
    return Status.SENT


def _record_failure(*, mail: OutgoingMail, error: Exception, now: dt.datetime) -> str:
    if _is_permanent(error):
        return _fail(mail=mail, reason=_error_text(error), now=now, code=_smtp_code(error))
    if mail.attempts >= MAX_ATTEMPTS:
        return _fail(mail=mail, reason=f"gave up after {mail.attempts} attempts; last: {_error_text(error)}",
                     now=now)
    next_attempt_at = now + RETRY_DELAYS[mail.attempts - 1]
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
        status=Status.RETRYING, next_attempt_at=next_attempt_at, claimed_at=None, last_error=_error_text(error),
    )
    logger.warning("Outgoing mail %s not delivered (attempt %s), retrying at %s: %s",
                   mail.pk, mail.attempts, next_attempt_at.isoformat(), _error_text(error))
    _enqueue(mail.pk, run_after=next_attempt_at)
    return Status.RETRYING


@transaction.atomic
def _fail(*, mail: OutgoingMail, reason: str, now: dt.datetime, code: int | None = None) -> str:
    updated = OutgoingMail.objects.filter(pk=mail.pk, status=Status.SENDING).update(
        status=Status.FAILED, next_attempt_at=None, claimed_at=None, last_error=reason,
    )
    if updated:
        # No addresses in the log entry: the reason with them stays on the row, for admins.
        log_action(actor=None, verb=MAIL_FAILED, obj=mail,
                   data={"attempts": mail.attempts, "smtp_code": code, "at": now})
    logger.error("Outgoing mail %s failed for good: %s", mail.pk, reason)
    return Status.FAILED


@transaction.atomic
def outgoing_mail_retry(*, mails: Iterable[OutgoingMail], actor) -> int:
    """An admin sends failed (or waiting) messages again now, with a fresh retry schedule."""
    ids = [mail.pk for mail in mails]
    retried = list(
        OutgoingMail.objects.select_for_update().filter(pk__in=ids, status__in=(Status.FAILED, Status.RETRYING))
        .order_by("pk")
    )
    for mail in retried:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None,
        )
        log_action(actor=actor, verb=MAIL_RETRIED, obj=mail,
                   data={"status": [mail.status, Status.QUEUED], "attempts": mail.attempts})
    for mail in retried:
        _enqueue(mail.pk)
    return len(retried)


def outgoing_mail_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The safety net run by `manage.py mail_retry`: hand back messages of dead workers, enqueue
    every message that is due (a duplicate task finds nothing to claim) and drop old sent ones."""
    now = now or timezone.now()
    reclaimed = OutgoingMail.objects.filter(status=Status.SENDING, claimed_at__lt=now - CLAIM_LEASE).update(
        status=Status.RETRYING, claimed_at=None, next_attempt_at=now,
        last_error="the worker sending it stopped; sending again",
    )
    due = list(
        OutgoingMail.objects.filter(status__in=PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
        .order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    )
    OutgoingMail.objects.filter(pk__in=due, next_attempt_at__isnull=True).update(next_attempt_at=now)
    for mail_id in due:
        _enqueue(mail_id)
    purged, _by_model = OutgoingMail.objects.filter(status=Status.SENT, sent_at__lt=now - KEEP_SENT).delete()
    return {"reclaimed": reclaimed, "enqueued": len(due), "purged": purged}
