"""Choices of the planning app: steps, item kinds, aggregation methods, follow-up states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Step(models.TextChoices):
    """The four steps of the workspace, in order."""

    ANALYSIS = "analysis", _("Situation analysis")
    ACTIONS = "actions", _("Policy actions")
    SCORING = "scoring", _("Scoring")
    PRIORITIES = "priorities", _("Priorities")


class StepState(models.TextChoices):
    NOT_OPENED = "not_opened", _("Not opened yet")
    OPEN = "open", pgettext_lazy("step state", "Open")
    CLOSED = "closed", pgettext_lazy("step state", "Closed")


class MemberRole(models.TextChoices):
    MEMBER = "member", pgettext_lazy("delegation role", "Member")
    FACILITATOR = "facilitator", _("Facilitator")


class ItemKind(models.TextChoices):
    CHALLENGE = "challenge", _("Challenge")
    OPPORTUNITY = "opportunity", _("Opportunity")


class InstrumentLink(models.TextChoices):
    CREATE = "create", _("Create")
    AMEND = "amend", _("Amend")
    IMPLEMENT = "implement", _("Implement")


class TimeFrame(models.TextChoices):
    SHORT = "short", _("Short term (within 1 year)")
    MEDIUM = "medium", _("Medium term (1 to 3 years)")
    LONG = "long", _("Long term (more than 3 years)")


class Method(models.TextChoices):
    """How scores are aggregated (docs/decisions/0400)."""

    CONSTITUENCIES_ALIKE = "equal", _("Constituencies count alike")
    ONE_PERSON = "one_person", _("One person, one vote")
    ILO_211 = "211", _("ILO Conference 2:1:1")


class UpdateStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


# The criteria every event starts with (organisers may rename, add or remove them).
DEFAULT_CRITERIA = [
    ("impact", _("Impact")),
    ("feasibility", _("Feasibility")),
    ("urgency", _("Urgency")),
    ("decent_work", _("Contribution to decent work")),
]
