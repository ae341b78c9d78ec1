from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    BREAKOUT = "breakout", _("Breakout")
    LAB = "lab", _("Action-planning lab")
    NETWORKING = "networking", _("Networking")


class PersonRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    FACILITATOR = "facilitator", pgettext_lazy("session role", "Facilitator")


class AttendanceSource(models.TextChoices):
    JOIN = "join", _("Joined through the platform")
    MANUAL = "manual", _("Marked by an organiser")
    ZOOM = "zoom", _("Imported from a Zoom report")


class SurveyPhase(models.TextChoices):
    PRE = "pre", _("Before the workshop")
    POST = "post", _("After the workshop")


class MaterialKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PPTX = "pptx", "PowerPoint (PPTX)"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    LINK = "link", _("Link")
