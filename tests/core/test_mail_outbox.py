"""Mail that is never lost (issue 11, ADR 0009): a message is an outbox row before it is a task; a
temporary failure is retried with back-off for more than a day, a permanent one stops at once and is
shown to admins; a message is delivered once however many workers and sweeps reach for it."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ssehub.core.models import ActionLogEntry, OutgoingMail
from ssehub.core.outbox import MAIL_FAILED, MAIL_RETRIED, RETRY_DELAYS, outgoing_mail_deliver
from ssehub.core.tasks import deliver_email
from tests.concurrency import at_the_same_instant

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
DOWN = "tests.core.mail_servers.ServerDown"
BUSY = "tests.core.mail_servers.ServerBusy"
UNKNOWN = "tests.core.mail_servers.RecipientUnknown"
GREYLISTED = "tests.core.mail_servers.Greylisting"


def _delivery(settings, backend: str) -> None:
    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": backend}}


def _send(subject="Invitation", to=("ana@example.org",)) -> None:
    EmailMessage(subject, "Body", "hub@example.org", list(to)).send()


def _time_passes() -> None:
    """The wait before the next attempt is over."""
    OutgoingMail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


@pytest.mark.django_db
@pytest.mark.parametrize("down", [DOWN, BUSY])
def test_mail_kept_while_server_down_and_delivered_once_when_it_is_back(settings, down):
    _delivery(settings, down)
    _send()
    kept = OutgoingMail.objects.get()
    assert mail.outbox == []
    assert (kept.status, kept.attempts) == ("retrying", 1)
    assert kept.next_attempt_at - kept.created_at >= dt.timedelta(minutes=1)
    assert kept.last_error.split(":")[0] in ("ConnectionRefusedError", "SMTPConnectError")

    call_command("mail_retry")  # not due yet: nothing is tried
    assert OutgoingMail.objects.get().attempts == 1

    _delivery(settings, LOCMEM)
    _time_passes()
    call_command("mail_retry")
    call_command("mail_retry")
    delivered = OutgoingMail.objects.get()
    assert [(message.subject, message.to) for message in mail.outbox] == [("Invitation", ["ana@example.org"])]
    assert (delivered.status, delivered.attempts, delivered.last_error) == ("sent", 2, "")
    assert delivered.sent_at is not None


@pytest.mark.django_db
def test_mail_retried_with_back_off_for_more_than_a_day_then_failed_and_logged(settings):
    _delivery(settings, DOWN)
    _send()
    waits = []
    for _attempt in range(len(RETRY_DELAYS)):
        row = OutgoingMail.objects.get()
        waits.append(row.next_attempt_at)
        _time_passes()
        call_command("mail_retry")
    row = OutgoingMail.objects.get()
    assert (row.status, row.attempts) == ("failed", 8)
    assert row.last_error.startswith("gave up after 8 attempts; last: ConnectionRefusedError")
    assert sum(RETRY_DELAYS, dt.timedelta()) > dt.timedelta(days=1)
    assert [delay.total_seconds() / 60 for delay in RETRY_DELAYS] == [1, 5, 30, 120, 360, 720, 1440]
    assert list(ActionLogEntry.objects.filter(verb=MAIL_FAILED).values_list("object_id", "actor")) == [
        (str(row.pk), None)
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_mail_to_unknown_recipient_fails_at_once_and_is_not_retried(settings):
    _delivery(settings, UNKNOWN)
    _send(to=["nobody@example.org"])
    failed = OutgoingMail.objects.get()
    assert (failed.status, failed.attempts, failed.next_attempt_at) == ("failed", 1, None)
    assert "550" in failed.last_error
    _time_passes()
    _delivery(settings, LOCMEM)
    call_command("mail_retry")
    assert (OutgoingMail.objects.get().attempts, mail.outbox) == (1, [])
    entry = ActionLogEntry.objects.get(verb=MAIL_FAILED)
    assert (entry.actor, entry.by_platform, entry.object_id, entry.data["smtp_code"]) == (
        None, True, str(failed.pk), 550,
    )
    # No address is copied into the log; the reason with it stays on the row for admins.
    assert "nobody@example.org" not in str(entry.data)


@pytest.mark.django_db
def test_mail_greylisted_recipient_is_retried(settings):
    _delivery(settings, GREYLISTED)
    _send()
    assert OutgoingMail.objects.get().status == "retrying"


@pytest.mark.django_db
def test_mail_with_malformed_address_fails_at_once(settings):
    _delivery(settings, "tests.core.mail_servers.ChecksAddresses")
    _send(to=["two@example.org, addresses@example.org"])
    failed = OutgoingMail.objects.get()
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error.startswith("ValueError: Invalid address")


@pytest.mark.django_db
def test_rolled_back_write_sends_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def write_that_fails_after_sending():
        with transaction.atomic():
            _send()
            raise RuntimeError("the page's write fails after the mail was handed over")

    with pytest.raises(RuntimeError):
        write_that_fails_after_sending()
    assert (OutgoingMail.objects.count(), DBTaskResult.objects.count(), mail.outbox) == (0, 0, [])


@pytest.mark.django_db
def test_queued_task_delivers_the_outbox_row(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _send()
    queued = DBTaskResult.objects.get()
    assert OutgoingMail.objects.get().status == "queued"
    deliver_email.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    deliver_email.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert (OutgoingMail.objects.get().status, len(mail.outbox)) == ("sent", 1)


@pytest.mark.django_db
def test_retry_is_scheduled_on_the_task_queue_with_run_after(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _delivery(settings, DOWN)
    _send()
    first = DBTaskResult.objects.get()
    deliver_email.call(*first.args_kwargs["args"], **first.args_kwargs["kwargs"])
    row = OutgoingMail.objects.get()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert (row.status, retry.args_kwargs["args"], retry.run_after) == ("retrying", [row.pk], row.next_attempt_at)


@pytest.mark.django_db
def test_task_enqueued_before_the_outbox_still_delivers(settings):
    payload = {"subject": "Old", "body": "Body", "from_email": "hub@example.org", "to": ["a@example.org"],
               "cc": [], "bcc": [], "reply_to": [], "headers": {}, "alternatives": [], "attachments": []}
    deliver_email.call(payload)
    assert (OutgoingMail.objects.get().status, [m.subject for m in mail.outbox]) == ("sent", ["Old"])


@pytest.mark.django_db
def test_sweep_hands_back_mail_of_a_stopped_worker_and_removes_old_sent_mail():
    now = timezone.now()
    stuck = OutgoingMail.objects.create(payload={}, status="sending", claimed_at=now - dt.timedelta(hours=1),
                                        next_attempt_at=now - dt.timedelta(hours=1), attempts=1)
    OutgoingMail.objects.filter(pk=stuck.pk).update(payload={
        "subject": "Stuck", "body": "Body", "from_email": "hub@example.org", "to": ["a@example.org"],
        "cc": [], "bcc": [], "reply_to": [], "headers": {}, "alternatives": [], "attachments": [],
    })
    old = OutgoingMail.objects.create(payload={}, status="sent", sent_at=now - dt.timedelta(days=31))
    call_command("mail_retry")
    assert list(OutgoingMail.objects.values_list("pk", "status", "attempts")) == [(stuck.pk, "sent", 2)]
    assert [m.subject for m in mail.outbox] == ["Stuck"]
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_admin_lists_failed_mail_with_reason_and_retries_it_through_the_service(client, settings, role_users):
    _delivery(settings, UNKNOWN)
    _send(subject="Your invitation", to=["nobody@example.org"])
    failed = OutgoingMail.objects.get()
    admin = role_users["admin"]
    client.force_login(admin)
    url = reverse("admin:core_outgoingmail_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert "Your invitation" in page
    assert "No such user" in page
    assert "Body" not in client.get(reverse("admin:core_outgoingmail_change", args=[failed.pk])).content.decode()

    _delivery(settings, LOCMEM)
    response = client.post(url, {"action": "retry_now", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    assert (OutgoingMail.objects.get().status, [m.subject for m in mail.outbox]) == ("sent", ["Your invitation"])
    entry = ActionLogEntry.objects.get(verb=MAIL_RETRIED)
    assert (entry.actor, entry.content_type, entry.object_id, entry.data["status"]) == (
        admin, ContentType.objects.get_for_model(OutgoingMail), str(failed.pk), ["failed", "queued"],
    )


@pytest.mark.django_db
def test_admin_retry_leaves_sent_mail_alone(client, role_users):
    _send()
    client.force_login(role_users["admin"])
    client.post(reverse("admin:core_outgoingmail_changelist"),
                {"action": "retry_now", "_selected_action": [OutgoingMail.objects.get().pk]})
    assert (len(mail.outbox), ActionLogEntry.objects.filter(verb=MAIL_RETRIED).count()) == (1, 0)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_instant_deliver_a_message_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _send()
    mail_id = OutgoingMail.objects.get().pk
    outcomes = at_the_same_instant(lambda: outgoing_mail_deliver(mail_id=mail_id),
                                   lambda: outgoing_mail_deliver(mail_id=mail_id))
    assert sorted(outcomes) == ["", "sent"]
    assert (OutgoingMail.objects.get().status, len(mail.outbox)) == ("sent", 1)
