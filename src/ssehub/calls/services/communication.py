"""E-mail templates with placeholders, invitations with signed links, and the replies to them."""

import datetime as dt
import re

from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import Profile, User
from ssehub.calls.enums import InvitationStatus, Outcome, TemplateKind
from ssehub.calls.models import Application, Call, EmailTemplate, Invitation
from ssehub.calls.services import (
    INVITATION_CONFIRMED,
    INVITATION_DECLINED,
    INVITATION_EXPIRED,
    INVITATIONS_REMINDED,
    INVITED,
    REPLACEMENT_INVITED,
    TEMPLATE_SAVED,
)
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError
from ssehub.core.stale import lock_row
from ssehub.core.timezones import format_in_zone, is_valid_timezone
from ssehub.events.enums import RegistrationSource
from ssehub.events.services import registration_register

INVITATION_SALT = "ssehub.calls.invitation"
PLACEHOLDERS = ("name", "event", "call", "confirm_url", "decline_url", "expires", "rank")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

DEFAULTS = {
    TemplateKind.INVITATION: (
        gettext_lazy("Invitation: {event}"),
        gettext_lazy(
            "Dear {name},\n\nWe are pleased to invite you to {event}. Please confirm or decline by {expires}:\n\n"
            "Confirm: {confirm_url}\nDecline: {decline_url}\n\nWith best regards,\nThe organisers"
        ),
    ),
    TemplateKind.WAITING_LIST: (
        gettext_lazy("Waiting list: {event}"),
        gettext_lazy(
            "Dear {name},\n\nThank you for applying to {event}. All places are taken for now; you are number "
            "{rank} on the waiting list. We will write again if a place becomes free.\n\nThe organisers"
        ),
    ),
    TemplateKind.NOT_SELECTED: (
        gettext_lazy("Your application: {event}"),
        gettext_lazy(
            "Dear {name},\n\nThank you for applying to {event}. We received many strong applications and "
            "could not offer you a place this time.\n\nThe organisers"
        ),
    ),
    TemplateKind.REMINDER: (
        gettext_lazy("Reminder: please answer your invitation to {event}"),
        gettext_lazy(
            "Dear {name},\n\nYour invitation to {event} expires on {expires}. Please confirm or decline:\n\n"
            "Confirm: {confirm_url}\nDecline: {decline_url}\n\nThe organisers"
        ),
    ),
}


def placeholders_check(text: str) -> list[str]:
    """Placeholders in a text that we do not know (a typo would otherwise go out as it is)."""
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, context: dict) -> str:
    return _PLACEHOLDER.sub(lambda match: str(context.get(match.group(1), match.group(0))), text)


@transaction.atomic
def template_save(*, call: Call, actor: User, kind: str, language: str, subject: str, body: str) -> EmailTemplate:
    unknown = placeholders_check(subject + body)
    if unknown:
        raise ServiceError(
            _("Unknown placeholders: %(names)s.") % {"names": ", ".join("{" + name + "}" for name in unknown)},
            code="placeholders",
        )
    existing = EmailTemplate.objects.select_for_update().filter(call=call, kind=kind, language=language).first()
    before = (existing.subject, existing.body) if existing else ("", "")
    template, _created = EmailTemplate.objects.update_or_create(
        call=call, kind=kind, language=language, defaults={"subject": subject, "body": body}
    )
    changes = {name: [old, new] for name, old, new in zip(("subject", "body"), before, (subject, body), strict=True)
               if old != new}
    if changes:
        log_action(actor=actor, verb=TEMPLATE_SAVED, obj=template, scope=call.event,
                   data={"kind": kind, "language": language, **changes})
    return template


def template_text(call: Call, kind: str, language: str) -> tuple[str, str]:
    """The organisers' version in that language, else the built-in wording translated into it."""
    custom = {template.language: template for template in call.email_templates.all() if template.kind == kind}
    if language in custom:
        return custom[language].subject, custom[language].body
    with translation.override(language):
        subject, body = DEFAULTS[TemplateKind(kind)]
        return str(subject), str(body)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names; refused when forged, or when older than the call allows."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("application__call__event", "application__applicant").get(
            pk=data["i"]
        )
        max_age = dt.timedelta(days=invitation.application.call.invitation_valid_days)
        signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ServiceError(_("This invitation link has expired."), code="expired") from error
    except (signing.BadSignature, KeyError, TypeError, Invitation.DoesNotExist) as error:
        raise ServiceError(_("This invitation link is not valid."), code="invalid") from error
    return invitation


def recipient_zone(application: Application) -> str:
    """The applicant's own zone for times in their e-mails; the event's host zone if they never set one."""
    chosen = Profile.objects.filter(user_id=application.applicant_id).values_list("time_zone", flat=True).first()
    return chosen if is_valid_timezone(chosen or "") else (application.call.event.host_time_zone or "UTC")


def message_context(application: Application, *, base_url: str, invitation: Invitation | None = None) -> dict:
    call = application.call
    context = {
        "name": application.full_name or application.email,
        "event": call.event.title,
        "call": call.title,
        "rank": application.waiting_rank or "",
        "confirm_url": "",
        "decline_url": "",
        "expires": "",
    }
    if invitation:
        url = base_url + reverse("calls:invitation", kwargs={"token": invitation_token(invitation)})
        context.update(confirm_url=url + "?answer=confirm", decline_url=url + "?answer=decline",
                       expires=format_in_zone(invitation.expires_at, recipient_zone(application)))
    return context


def message_send(*, application: Application, kind: str, base_url: str) -> None:
    language = application.language or "en"
    invitation = getattr(application, "invitation", None) if kind in (
        TemplateKind.INVITATION, TemplateKind.REMINDER) else None
    with translation.override(language):
        subject, body = template_text(application.call, kind, language)
        context = message_context(application, base_url=base_url, invitation=invitation)
        send_mail(fill(subject, context), fill(body, context), None, [application.email])


@transaction.atomic
def invitations_create(*, call: Call, actor: User, applications: list[Application],
                       replacement: bool = False) -> list[Invitation]:
    """Invite selected people who have no invitation yet; the e-mails go out through the queue.

    `replacement` marks the invitation of someone taking a declined person's seat (logged as such)."""
    # The call's row serialises invitations with adoption and with each other, so two clicks on
    # "invite" cannot create two invitations for one person (the check below runs under the lock).
    call = lock_row(Call.objects.select_related("event"), pk=call.pk)
    if any(application.call_id != call.pk for application in applications):
        raise ServiceError(_("Only applicants of this call can be invited."), code="invalid")
    already = set(Invitation.objects.filter(application__in=applications).values_list("application_id", flat=True))
    now = timezone.now()
    created = []
    for application in applications:
        if application.pk in already:
            continue
        if application.outcome != Outcome.SELECTED:
            application.outcome = Outcome.SELECTED
            application.waiting_rank = None
            application.save(update_fields=["outcome", "waiting_rank", "updated_at"])
        created.append(Invitation.objects.create(
            application=application, sent_at=now, invited_by=actor,
            expires_at=now + dt.timedelta(days=call.invitation_valid_days),
        ))
    if created:
        log_action(actor=actor, verb=REPLACEMENT_INVITED if replacement else INVITED, scope=call.event,
                   data={"call": call.pk, "applications": [invitation.application_id for invitation in created]})
    return created


def invitation_respond(*, invitation: Invitation, accept: bool) -> Invitation:
    """Confirm (the person becomes a registered participant) or decline (the seat opens).

    The applicant answers; an answer after the expiry marks the invitation expired, and that mark
    is kept although the answer is refused."""
    with transaction.atomic():
        # Locked before the status is read: a confirm and a decline sent at once are answered one
        # after the other, and the second sees the first's answer.
        invitation = lock_row(
            Invitation.objects.select_related("application__call__event", "application__applicant"),
            pk=invitation.pk,
        )
        if invitation.status != InvitationStatus.PENDING:
            raise ServiceError(_("This invitation has already been answered."), code="answered")
        application = invitation.application
        event = application.call.event
        expired = invitation.expires_at <= timezone.now()
        if expired:
            invitation.status = InvitationStatus.EXPIRED
            invitation.save(update_fields=["status"])
            log_action(actor=None, verb=INVITATION_EXPIRED, obj=invitation, scope=event,
                       data={"application": application.pk, "answered": "confirm" if accept else "decline"})
        else:
            invitation.responded_at = timezone.now()
            if accept:
                # Refuses (and so rolls this answer back) when an organiser cancelled the person.
                registration_register(event=event, user=application.applicant,
                                      source=RegistrationSource.INVITATION, actor=application.applicant)
                invitation.status = InvitationStatus.CONFIRMED
            else:
                invitation.status = InvitationStatus.DECLINED
                application.outcome = Outcome.NOT_SELECTED
                application.save(update_fields=["outcome", "updated_at"])
            invitation.save(update_fields=["status", "responded_at"])
            log_action(actor=application.applicant,
                       verb=INVITATION_CONFIRMED if accept else INVITATION_DECLINED,
                       obj=invitation, scope=event, data={"application": application.pk})
    # Raised after the block has committed: the expiry mark must persist.
    if expired:
        raise ServiceError(_("This invitation link has expired."), code="expired")
    return invitation


def invitation_reminders_send(*, base_url: str, now: dt.datetime | None = None) -> dict:
    """Remind pending invitees whose invitation expires soon; mark the expired ones. Run daily."""
    now = now or timezone.now()
    expiring = list(Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__lte=now)
                    .select_related("application__call__event"))
    expired = Invitation.objects.filter(pk__in=[invitation.pk for invitation in expiring]).update(
        status=InvitationStatus.EXPIRED
    )
    for invitation in expiring:
        log_action(actor=None, verb=INVITATION_EXPIRED, obj=invitation, scope=invitation.application.call.event,
                   data={"application": invitation.application_id})
    reminded = 0
    pending = Invitation.objects.filter(
        status=InvitationStatus.PENDING, reminder_sent_at__isnull=True
    ).select_related("application__call__event")
    for invitation in pending:
        call = invitation.application.call
        if invitation.expires_at - dt.timedelta(days=call.reminder_days_before) <= now:
            message_send(application=invitation.application, kind=TemplateKind.REMINDER, base_url=base_url)
            invitation.reminder_sent_at = now
            invitation.save(update_fields=["reminder_sent_at"])
            log_action(actor=None, verb=INVITATIONS_REMINDED, obj=invitation, scope=call.event,
                       data={"application": invitation.application_id})
            reminded += 1
    return {"reminded": reminded, "expired": expired}
