"""Queueing e-mails to applicants: the writes that hand work to the background worker."""

from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.calls.enums import ApplicationStatus, Outcome, TemplateKind
from ssehub.calls.models import Call, Invitation
from ssehub.calls.services import MAIL_QUEUED
from ssehub.calls.services.communication import invitations_create
from ssehub.calls.tasks import send_call_emails
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError

# The organisers' bulk messages: who gets each kind.
BULK_OUTCOME = {TemplateKind.WAITING_LIST: Outcome.WAITING, TemplateKind.NOT_SELECTED: Outcome.NOT_SELECTED}


def messages_enqueue(*, call: Call, actor: User, kind: str, country: str = "") -> int:
    """Queue one kind of message to every submitted applicant with the matching outcome (optionally of
    one country); returns how many were queued."""
    if kind not in BULK_OUTCOME:
        raise ServiceError(_("Choose a message and a valid filter."), code="kind")
    recipients = call.applications.filter(status=ApplicationStatus.SUBMITTED, outcome=BULK_OUTCOME[kind])
    if country:
        recipients = recipients.filter(country=country)
    ids = list(recipients.values_list("pk", flat=True))
    if ids:
        log_action(actor=actor, verb=MAIL_QUEUED, scope=call.event,
                   data={"call": call.pk, "kind": kind, "country": country, "applications": ids})
        send_call_emails.enqueue(ids, kind)
    return len(ids)


def invitations_send(*, call: Call, actor: User, application_id: int | None = None) -> list[Invitation]:
    """Invite one person (a proposed replacement) or everyone selected who has no invitation yet, and
    queue the e-mails once the invitations are stored."""
    selected = call.applications.filter(status=ApplicationStatus.SUBMITTED, invitation__isnull=True)
    if application_id is not None:
        selected = selected.filter(pk=application_id)
    else:
        selected = selected.filter(outcome=Outcome.SELECTED)
    created = invitations_create(call=call, actor=actor, applications=list(selected),
                                 replacement=application_id is not None)
    if created:
        send_call_emails.enqueue([invitation.application_id for invitation in created], TemplateKind.INVITATION)
    return created
