"""Joining, leaving, the open call for institutions, directory settings and contact requests."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.accounts.services import profile_update
from ssehub.atlas.models import Institution
from ssehub.community import mail
from ssehub.community.enums import (
    ContactStatus,
    InstitutionStatus,
    MembershipSource,
    MembershipStatus,
    NotificationKind,
)
from ssehub.community.models import (
    LISTED,
    CommunityInstitution,
    ContactRequest,
    EventInvitation,
    InvitedEvent,
    Membership,
)
from ssehub.community.rules import forget_membership
from ssehub.community.services.notify import notify
from ssehub.community.tokens import join_token
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit, lock_row
from ssehub.core.updates import model_update
from ssehub.events.models import Event
from ssehub.events.selectors import registered_users

INVITED = action_verb("community.invitation.send", gettext_lazy("Invited an event's participants to the community"))
JOINED = action_verb("community.membership.join", gettext_lazy("Joined the community from an invitation"))
REQUESTED = action_verb("community.membership.request", gettext_lazy("Asked to join the community"))
DECIDED = action_verb("community.moderation.membership", gettext_lazy("Decided on a request to join"))
LEFT = action_verb("community.membership.leave", gettext_lazy("Left the community"))
SETTINGS = action_verb("community.membership.settings", gettext_lazy("Changed community settings"))
INSTITUTION_APPLIED = action_verb("community.institution.apply", gettext_lazy("Answered the open call for an institution"))
INSTITUTION_DECIDED = action_verb("community.moderation.institution", gettext_lazy("Decided on an institution's request"))
CONTACT_ASKED = action_verb("community.contact.request", gettext_lazy("Asked a member to connect"))
CONTACT_ANSWERED = action_verb("community.contact.answer", gettext_lazy("Answered a contact request"))

SETTINGS_FIELDS = ("show_country", "show_organisation", "show_constituency", "show_expertise",
                   "show_languages", "show_bio", "show_institution", "email_frequency", "institution")


def _new_handle(user: User) -> str:
    profile = getattr(user, "profile", None)
    base = slugify(profile.full_name if profile else "")[:30] or slugify(user.email.split("@")[0])[:30] or "member"
    taken = set(Membership.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}-{number}"
    return handle


def _active(membership: Membership, *, source: str, trust: int) -> None:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.left_at = None
    membership.source = source
    membership.trust_level = max(membership.trust_level, trust)


# --- invitations after an event ------------------------------------------------------------------

def invitations_send_after_events(*, today: dt.date | None = None) -> dict[str, int]:
    """Invite every registered participant of each event that has ended, once per event and person."""
    today = today or timezone.localdate()
    done = InvitedEvent.objects.values("event_id")
    sent = {}
    for event in Event.objects.filter(ends_on__lt=today).exclude(pk__in=done).order_by("ends_on", "pk"):
        count = _invite_event(event=event)
        if count is not None:
            sent[event.slug] = count
    return sent


def _invite_event(*, event: Event) -> int | None:
    try:
        with transaction.atomic():
            marker = InvitedEvent.objects.create(event=event)
            members = Membership.objects.filter(status=MembershipStatus.ACTIVE).values("user_id")
            already = EventInvitation.objects.filter(event=event).values("user_id")
            people = list(registered_users(event).exclude(pk__in=members).exclude(pk__in=already))
            EventInvitation.objects.bulk_create([EventInvitation(event=event, user=person) for person in people])
            marker.invited_count = len(people)
            marker.save(update_fields=["invited_count"])
            log_action(actor=None, verb=INVITED, obj=event, scope=event, data={"invited": len(people)})
            for person in people:
                url = settings.SITE_URL + reverse(
                    "community:join", kwargs={"token": join_token(user_id=person.pk, event_id=event.pk)})
                # The queue stores the message in this transaction: it goes only if the invitations commit.
                mail.send(user=person, template="invitation", context={"event": event, "join_url": url})
    except IntegrityError:
        return None  # another run took this event
    return len(people)


@transaction.atomic
def membership_join_from_invitation(*, user: User, event: Event) -> Membership:
    invitation = EventInvitation.objects.filter(event=event, user=user).first()
    if invitation is None:
        raise ServiceError(_("This invitation is not valid."), code="not_invited")
    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        membership = lock_row(Membership, pk=membership.pk)
        if membership.is_active:
            return membership
    else:
        membership = Membership(user=user, handle=_new_handle(user), source=MembershipSource.INVITATION)
    # Participants of an event are known people: their posts need no approval.
    _active(membership, source=MembershipSource.INVITATION, trust=1)
    membership.save()
    EventInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    forget_membership(user)
    log_action(actor=user, verb=JOINED, obj=membership, scope=event, data={"event": event.slug})
    return membership


@transaction.atomic
def membership_request(*, user: User, motivation: str) -> Membership:
    motivation = motivation.strip()
    if not motivation:
        raise ServiceError(_("Please say in a few words why you want to join."), field="motivation")
    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        membership = lock_row(Membership, pk=membership.pk)
        if membership.status == MembershipStatus.ACTIVE:
            raise ServiceError(_("You are already a member."), code="already_member")
        if membership.status == MembershipStatus.PENDING:
            raise ServiceError(_("You have already asked to join; a moderator will answer soon."), code="pending")
    else:
        membership = Membership(user=user, handle=_new_handle(user), source=MembershipSource.REQUEST)
    membership.status = MembershipStatus.PENDING
    membership.motivation = motivation[:1000]
    membership.decision_message = ""
    membership.save()
    forget_membership(user)
    log_action(actor=user, verb=REQUESTED, obj=membership)
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, actor: User, approve: bool, message: str = "") -> Membership:
    membership = lock_row(Membership, pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise ServiceError(_("This request has already been answered."), code="decided")
    if approve:
        _active(membership, source=membership.source, trust=0)
    else:
        membership.status = MembershipStatus.DECLINED
    membership.decision_message = message.strip()[:2000]
    membership.decided_by = actor
    membership.save()
    forget_membership(membership.user)
    notify(users=[membership.user], kind=NotificationKind.MEMBERSHIP, actor=None,
           data={"what": "membership_approved" if approve else "membership_declined"})
    mail.send(user=membership.user, template="membership_decision",
              context={"membership": membership, "approved": approve})
    log_action(actor=actor, verb=DECIDED, obj=membership, data={"approved": approve})
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership, actor: User) -> Membership:
    membership = lock_row(Membership, pk=membership.pk)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("You are not a member."), code="not_member")
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["status", "left_at"])
    forget_membership(membership.user)
    log_action(actor=actor, verb=LEFT, obj=membership)
    return membership


@transaction.atomic
def membership_settings_update(*, membership: Membership, actor: User, data: dict,
                               expected_version: int | None) -> Membership:
    membership = lock_for_edit(Membership, pk=membership.pk, expected_version=expected_version)
    institution = data.get("institution")
    if institution is not None and institution.status != InstitutionStatus.APPROVED:
        raise ServiceError(_("Choose an institution whose request was approved."), field="institution")
    membership, changes = model_update(instance=membership, fields=SETTINGS_FIELDS, data=data,
                                       version_field="version")
    if "in_directory" in data:
        # Being listed is the profile's setting: one flag, written by accounts (and logged there).
        profile_update(user=membership.user, data={"in_directory": bool(data["in_directory"])})
    forget_membership(membership.user)
    if changes:
        log_action(actor=actor, verb=SETTINGS, obj=membership, data=changes)
    return membership


# --- institutions (the open call) ----------------------------------------------------------------

def atlas_match(*, name: str, name_local: str, country: str) -> Institution | None:
    """The atlas institution with the same country and name (in either script), if any."""
    names = Q(name__iexact=name.strip())
    if name_local.strip():
        names |= Q(name_local=name_local.strip())
    return Institution.objects.filter(names, country=country).order_by("pk").first()


INSTITUTION_FIELDS = ("name", "name_local", "country", "kind", "website", "contact_name", "contact_email",
                      "motivation")


@transaction.atomic
def institution_apply(*, user: User, data: dict) -> CommunityInstitution:
    institution = CommunityInstitution(submitted_by=user, **{field: data.get(field, "") for field in INSTITUTION_FIELDS})
    full_clean_or_refuse(institution)
    duplicate = CommunityInstitution.objects.filter(
        country=institution.country, name__iexact=institution.name,
        status__in=[InstitutionStatus.PENDING, InstitutionStatus.APPROVED]).exists()
    if duplicate:
        raise ServiceError(_("This institution has already answered the call."), field="name", code="duplicate")
    institution.atlas_institution = atlas_match(name=institution.name, name_local=institution.name_local,
                                                country=str(institution.country))
    institution.save()
    log_action(actor=user, verb=INSTITUTION_APPLIED, obj=institution,
               data={"atlas_institution": institution.atlas_institution_id})
    return institution


@transaction.atomic
def institution_decide(*, institution: CommunityInstitution, actor: User, approve: bool,
                       message: str = "") -> CommunityInstitution:
    institution = lock_row(CommunityInstitution, pk=institution.pk)
    if institution.status != InstitutionStatus.PENDING:
        raise ServiceError(_("This request has already been answered."), code="decided")
    institution.status = InstitutionStatus.APPROVED if approve else InstitutionStatus.DECLINED
    institution.decision_message = message.strip()[:2000]
    institution.decided_at = timezone.now()
    institution.version += 1
    institution.save()
    submitter = institution.submitted_by
    if approve and submitter is not None:
        Membership.objects.filter(user=submitter, status=MembershipStatus.ACTIVE, institution__isnull=True).update(
            institution=institution)
    if submitter is not None:
        notify(users=[submitter], kind=NotificationKind.MEMBERSHIP, actor=None,
               data={"what": "institution_approved" if approve else "institution_declined"})
    log_action(actor=actor, verb=INSTITUTION_DECIDED, obj=institution, data={"approved": approve})
    return institution


# --- contact requests ----------------------------------------------------------------------------

@transaction.atomic
def contact_request(*, sender: User, recipient: User, message: str) -> ContactRequest:
    if sender.pk == recipient.pk:
        raise ServiceError(_("You cannot connect with yourself."), code="self")
    listed = Membership.objects.filter(LISTED, user=recipient).exists()
    if not listed:
        raise ServiceError(_("This member cannot be contacted."), code="not_listed")
    if not message.strip():
        raise ServiceError(_("Please write a short message."), field="message")
    if ContactRequest.objects.filter(sender=sender, recipient=recipient).exists():
        raise ServiceError(_("You have already asked this member to connect."), code="duplicate")
    request = ContactRequest.objects.create(sender=sender, recipient=recipient, message=message.strip()[:1000])
    notify(users=[recipient], kind=NotificationKind.CONTACT, actor=sender)
    log_action(actor=sender, verb=CONTACT_ASKED, obj=request, data={"recipient": recipient.pk})
    return request


@transaction.atomic
def contact_answer(*, request: ContactRequest, actor: User, accept: bool) -> ContactRequest:
    request = lock_row(ContactRequest, pk=request.pk)
    if request.recipient_id != actor.pk:
        raise ServiceError(_("Only the person asked can answer."), code="forbidden")
    if request.status != ContactStatus.PENDING:
        raise ServiceError(_("This request has already been answered."), code="decided")
    request.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    log_action(actor=actor, verb=CONTACT_ANSWERED, obj=request, data={"accepted": accept})
    return request
