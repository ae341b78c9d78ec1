from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.atlas.enums import InstitutionKind
from ssehub.community.enums import (
    ContactStatus,
    EmailFrequency,
    InstitutionStatus,
    MembershipSource,
    MembershipStatus,
)

# Directory fields a member may show or hide one by one; gender is not among them (never shown). Being
# listed at all is the profile's own "show me in the member directory" (accounts), not a second flag.
VISIBLE_FIELDS = ("country", "organisation", "constituency", "expertise", "languages", "bio", "institution")


LISTED = models.Q(status=MembershipStatus.ACTIVE, user__profile__in_directory=True)


class CommunityInstitution(models.Model):
    """An institution that answered the open call; linked to the atlas's record when it is one."""

    name = models.CharField(_("name (English)"), max_length=300)
    name_local = models.CharField(_("name (original script)"), max_length=300, blank=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    motivation = models.TextField(_("why you want to join"), max_length=2000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=InstitutionStatus.choices,
                              default=InstitutionStatus.PENDING)
    decision_message = models.TextField(_("message"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    atlas_institution = models.ForeignKey("atlas.Institution", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+", verbose_name=_("atlas institution"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("community institution")
        verbose_name_plural = _("community institutions")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus.choices,
                              default=MembershipStatus.PENDING)
    source = models.CharField(_("source"), max_length=16, choices=MembershipSource.choices)
    # Mentions use it: `@handle`. ASCII, chosen once at joining (a name in any script may be shown).
    handle = models.SlugField(_("handle"), max_length=40, unique=True)
    motivation = models.TextField(_("motivation"), max_length=1000, blank=True)
    decision_message = models.TextField(_("message from the moderators"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    institution = models.ForeignKey(CommunityInstitution, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="members", verbose_name=_("institution"))
    show_country = models.BooleanField(_("show my country"), default=True)
    show_organisation = models.BooleanField(_("show my organisation"), default=True)
    show_constituency = models.BooleanField(_("show my constituency"), default=True)
    show_expertise = models.BooleanField(_("show my expertise"), default=True)
    show_languages = models.BooleanField(_("show my working languages"), default=True)
    show_bio = models.BooleanField(_("show my short bio"), default=False)
    show_institution = models.BooleanField(_("show me on my institution's page"), default=True)
    email_frequency = models.CharField(_("e-mail me"), max_length=16, choices=EmailFrequency.choices,
                                       default=EmailFrequency.WEEKLY)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # 0: new, posts wait for approval and hold at most two links; 1: trusted (ADR 0501).
    trust_level = models.PositiveSmallIntegerField(default=0)
    approved_posts = models.PositiveIntegerField(default=0)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The directory's copy of what the member shows (docs/decisions/0505): listed or not, and each
    # filterable field only if shown, else empty. Written by community.directory whenever the
    # membership or the profile is saved; the directory filters and sorts on these columns alone, so
    # a country filter is an index range, not a scan of every profile.
    listed = models.BooleanField(default=False, editable=False)
    dir_name = models.CharField(max_length=200, blank=True, editable=False)
    dir_country = models.CharField(max_length=2, blank=True, editable=False)
    dir_constituency = models.CharField(max_length=32, blank=True, editable=False)
    dir_expertise = models.TextField(blank=True, editable=False)  # "\ntag\ntag\n", case-folded
    dir_languages = models.CharField(max_length=200, blank=True, editable=False)  # " en ja "

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["status"], name="community_member_status"),
                   models.Index(fields=["listed", "dir_country", "dir_name", "id"], name="community_dir_country"),
                   models.Index(fields=["listed", "dir_name", "id"], name="community_dir_name")]

    def __str__(self) -> str:
        return f"@{self.handle}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class EventInvitation(models.Model):
    """One invitation per person and event, sent once by `community_invite_after_events`."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="community_invitation_once")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.event_id}"


class InvitedEvent(models.Model):
    """An ended event whose participants were invited (the command handles each event once)."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    invited_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.event_id)


class ContactRequest(models.Model):
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(_("status"), max_length=16, choices=ContactStatus.choices,
                              default=ContactStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["sender", "recipient"], name="community_contact_once")]

    def __str__(self) -> str:
        return f"{self.sender_id}->{self.recipient_id}"
