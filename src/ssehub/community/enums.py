from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", pgettext_lazy("membership", "Not accepted")
    LEFT = "left", _("Left the community")


class MembershipSource(models.TextChoices):
    INVITATION = "invitation", _("Invited after an event")
    REQUEST = "request", _("Asked to join")
    DEMO = "demo", _("Demo data")


class InstitutionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", pgettext_lazy("institution", "Not accepted")


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", pgettext_lazy("contact request", "Not accepted")


class CategoryKind(models.TextChoices):
    THEME = "theme", _("Theme")
    COUNTRY = "country", _("Country")
    GENERAL = "general", _("General")


class PostState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Waiting for approval")
    HIDDEN = "hidden", _("Hidden by a moderator")


class SubscriptionLevel(models.TextChoices):
    FOLLOW = "follow", _("Follow")
    MUTE = "mute", _("Mute")


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NONE = "none", _("No e-mail")


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    REPLY = "reply", _("Reply in a followed topic")
    ACCEPTED = "accepted", _("Accepted answer")
    CONTACT = "contact", _("Contact request")
    MODERATION = "moderation", _("Moderation")
    MEMBERSHIP = "membership", _("Membership")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Post hidden")
    DISMISSED = "dismissed", _("Dismissed")


class ResourceKind(models.TextChoices):
    REPORT = "report", _("Research report")
    MATERIAL = "material", _("Workshop material")
    RECORDING = "recording", _("Recording")
    OTHER = "other", pgettext_lazy("resource", "Other")
