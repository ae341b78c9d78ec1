from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    PDF = "pdf", _("PDF upload")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


class Outcome(models.TextChoices):
    PENDING = "", pgettext_lazy("selection outcome", "Not decided")
    SELECTED = "selected", pgettext_lazy("selection outcome", "Selected")
    WAITING = "waiting", pgettext_lazy("selection outcome", "Waiting list")
    NOT_SELECTED = "not_selected", pgettext_lazy("selection outcome", "Not selected")


class Pin(models.TextChoices):
    NONE = "", pgettext_lazy("pin", "No pin")
    IN = "in", pgettext_lazy("pin", "Pinned in")
    OUT = "out", pgettext_lazy("pin", "Pinned out")


class ScoreBasis(models.TextChoices):
    RAW = "raw", _("Raw weighted mean")
    CALIBRATED = "calibrated", _("Calibrated (per-reviewer z-scores)")


class RunStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    INFEASIBLE = "infeasible", _("Infeasible")
    ERROR = "error", _("Solver error")


class RunKind(models.TextChoices):
    SELECTION = "selection", _("Selection")
    REPLACEMENT = "replacement", _("Replacement proposal")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Awaiting reply")
    CONFIRMED = "confirmed", pgettext_lazy("invitation", "Confirmed")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    EXPIRED = "expired", pgettext_lazy("invitation", "Expired")


class TemplateKind(models.TextChoices):
    INVITATION = "invitation", pgettext_lazy("e-mail", "Invitation")
    WAITING_LIST = "waiting_list", pgettext_lazy("e-mail", "Waiting list")
    NOT_SELECTED = "not_selected", pgettext_lazy("e-mail", "Not selected")
    REMINDER = "reminder", pgettext_lazy("e-mail", "Invitation reminder")


class ExportKind(models.TextChoices):
    APPLICATIONS_CSV = "applications.csv", _("Applications (CSV)")
    APPLICATIONS_XLSX = "applications.xlsx", _("Applications (XLSX)")
    SELECTION_CSV = "selection.csv", _("Selection (CSV)")
    SELECTION_XLSX = "selection.xlsx", _("Selection (XLSX)")
