from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")


class EventFormat(models.TextChoices):
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
    IN_PERSON = "in_person", _("In person")


class RegistrationSource(models.TextChoices):
    INVITATION = "invitation", _("Confirmed invitation")
    DIRECT = "direct", _("Registered by an organiser")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CANCELLED = "cancelled", _("Cancelled")
