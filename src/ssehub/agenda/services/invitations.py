"""Organisers register people who have no account yet: the account is made without a password and
registered at once (through events.services); the person sets a password from a signed link."""

import datetime as dt
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import Profile, User
from ssehub.agenda.invitees import Invitee
from ssehub.agenda.models import Invitation
from ssehub.agenda.notifications import send_personal
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError
from ssehub.core.stale import lock_row
from ssehub.events.enums import RegistrationSource
from ssehub.events.models import Event
from ssehub.events.services import registration_register

INVITED = action_verb("agenda.invitations.send", gettext_lazy("Invited people to register"))
INVITATION_ACCEPTED = action_verb("agenda.invitations.accept",
                                  gettext_lazy("Accepted an invitation and set a password"))

LINK_SALT = "ssehub.agenda.invitation"  # a namespace for the signature, not a secret
TOKEN_VALID_FOR = dt.timedelta(days=60)


@dataclass
class InviteResult:
    invited: list[Invitation] = field(default_factory=list)
    # People who already had an account with a password: registered directly, as before.
    registered: list[User] = field(default_factory=list)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk, "user": invitation.user_id}, salt=LINK_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None when the link was altered or is older than 60 days."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=TOKEN_VALID_FOR)
    except signing.BadSignature:
        return None
    return (Invitation.objects.select_related("event", "user__profile")
            .filter(pk=data.get("invitation"), user_id=data.get("user")).first())


def _send(invitation: Invitation) -> None:
    url = settings.SITE_URL + reverse("agenda_public:invitation_accept",
                                      kwargs={"token": invitation_token(invitation)})
    send_personal(user=invitation.user, event=invitation.event, template="invitation",
                  context={"accept_url": url, "valid_days": TOKEN_VALID_FOR.days})


@transaction.atomic
def participants_invite(*, event: Event, actor: User, people: list[Invitee], language: str) -> InviteResult:
    """Register every person of the list; those without an account get one (no password) and an
    e-mail in their language (`language` for rows that name none) to set a password. All or nothing."""
    emails = [person.email for person in people]
    accounts = {user.email.lower(): user for user in User.objects.filter(email__in=emails).select_related("profile")}
    result = InviteResult()
    for person in people:
        user = accounts.get(person.email)
        if user is None:
            # get_or_create: two organisers inviting the same new person at once make one account. The
            # password stays unusable until the person accepts.
            user, created = User.objects.get_or_create(email=person.email,
                                                       defaults={"password": make_password(None)})
            if created:
                Profile.objects.create(user=user, full_name=person.name, country=person.country,
                                       constituency=person.constituency,
                                       preferred_language=person.language or language)
        registration_register(event=event, user=user, source=RegistrationSource.DIRECT, actor=actor)
        if user.has_usable_password():
            result.registered.append(user)
            continue
        # Invited before (to this or another event) and not yet in: a link for this event.
        invitation, _created = Invitation.objects.get_or_create(
            event=event, user=user,
            defaults={"language": person.language or getattr(getattr(user, "profile", None),
                                                             "preferred_language", "") or language,
                      "invited_by": actor})
        result.invited.append(invitation)
    invitations = list(result.invited)
    transaction.on_commit(lambda: [_send(invitation) for invitation in invitations])
    log_action(actor=actor, verb=INVITED, obj=event, scope=event, data={
        "invited": len(result.invited), "registered": len(result.registered),
        "invitations": [invitation.pk for invitation in result.invited]})
    return result


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited person sets a password: the account is theirs from now on, its e-mail verified
    (the link reached that inbox). A second use of the link is refused."""
    invitation = lock_row(Invitation, pk=invitation.pk)
    user = lock_row(User, pk=invitation.user_id)
    if user.has_usable_password():
        raise ServiceError(_("This invitation has been accepted already: sign in with your password."),
                           code="accepted")
    try:
        validate_password(password, user)
    except ValidationError as error:
        messages = [str(message) for message in error.messages]
        raise ServiceError(messages[0], code="weak_password", errors={"new_password1": messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=user.email,
                                          defaults={"verified": True, "primary": True})
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log_action(actor=user, verb=INVITATION_ACCEPTED, obj=invitation, scope=invitation.event)
    return user
