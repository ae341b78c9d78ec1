from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.accounts.enums import Constituency, Gender
from ssehub.calls.enums import (
    ApplicationStatus,
    InvitationStatus,
    Outcome,
    Pin,
    QuestionKind,
    RunKind,
    RunStatus,
    ScoreBasis,
    TemplateKind,
)
from ssehub.events.models import Event


class Call(models.Model):
    """A call for participation on an event: questions, a rubric, reviewers and selection rules."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="calls", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    data_protection_notice = models.TextField(
        _("data-protection notice"),
        help_text=_("Purpose, who sees the data and how long it is kept. Applicants must accept it."),
    )
    anonymised_review = models.BooleanField(
        _("anonymised review"), default=False,
        help_text=_("Hide names and organisations from reviewers."),
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="review_calls", verbose_name=_("reviewers")
    )
    reviewers_per_application = models.PositiveSmallIntegerField(_("reviewers per application"), default=2)
    score_basis = models.CharField(
        _("score used for selection"), max_length=20, choices=ScoreBasis.choices, default=ScoreBasis.RAW
    )
    invitation_valid_days = models.PositiveSmallIntegerField(_("days to answer an invitation"), default=14)
    reminder_days_before = models.PositiveSmallIntegerField(
        _("reminder this many days before an invitation expires"), default=3
    )
    # Selection rules; see ssehub.calls.selection.Rules for their meaning.
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    country_rules = models.JSONField(
        default=dict, blank=True,
        help_text='{"PH": {"min": 4, "max": 8, "government": 1, "employers": 1, "workers": 1}}',
    )
    women_min_share = models.DecimalField(
        _("minimum share of women overall"), max_digits=4, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    women_min_share_per_country = models.DecimalField(
        _("minimum share of women in each country"), max_digits=4, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    max_per_organisation = models.PositiveSmallIntegerField(_("maximum per organisation"), null=True, blank=True)
    waiting_list_size = models.PositiveSmallIntegerField(_("waiting list size"), default=10)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts saved changes of the settings and rules: an editor's form carries the version it was
    # opened at, and the service refuses a save from a stale form (ssehub.core.stale).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("call for participation")
        verbose_name_plural = _("calls for participation")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="call_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at=None) -> bool:
        moment = at or timezone.now()
        return self.opens_at <= moment < self.closes_at


class Question(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Criterion(models.Model):
    """One rubric criterion, scored 1-5 by each reviewer; the weight sets its share of the mean."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0.01)]
    )

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Snapshot of the profile when the application was last saved: what the reviewers judged.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_key = models.CharField(max_length=200, blank=True, db_index=True)
    country = CountryField(_("country"), blank=True)
    constituency = models.CharField(_("constituency"), max_length=32, choices=Constituency.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=32, choices=Gender.choices, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    accepted_notice_at = models.DateTimeField(_("data-protection notice accepted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # Selection.
    pin = models.CharField(_("pin"), max_length=3, choices=Pin.choices, blank=True, default=Pin.NONE)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=Outcome.PENDING
    )
    waiting_rank = models.PositiveIntegerField(_("waiting list rank"), null=True, blank=True)
    raw_score = models.FloatField(_("raw score"), null=True, blank=True)
    calibrated_score = models.FloatField(_("calibrated score"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="application_once_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name or self.email} ({self.call})"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(default=None, null=True, blank=True)
    # Stored under MEDIA_ROOT with a random name; served only by the permission-checked view.
    file = models.FileField(upload_to="calls/answers/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.application_id}"

    def display(self) -> str:
        """The answer as text: choices joined, yes/no translated, the file's name."""
        if self.file:
            return self.file_name
        if isinstance(self.value, bool):
            return str(_("Yes") if self.value else _("No"))
        if isinstance(self.value, list):
            return "; ".join(str(item) for item in self.value)
        return "" if self.value is None else str(self.value)


class Assignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} -> {self.application_id}"


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    scores = models.JSONField(_("scores"), default=dict)  # {criterion id (str): 1..5}
    weighted_mean = models.FloatField(_("weighted mean"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.weighted_mean}"


class SelectionRun(models.Model):
    """A stored solver result: a selection (adopted or not) or a replacement proposal; pages read
    these, so the solver runs only when an organiser asks for it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=20, choices=RunKind.choices, default=RunKind.SELECTION)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    score_basis = models.CharField(max_length=20, choices=ScoreBasis.choices)
    rules = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=RunStatus.choices)
    result = models.JSONField(default=dict)  # selection.Result.as_dict() plus exclusion reasons
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.created_at:%Y-%m-%d %H:%M} {self.status}"


class Invitation(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="invitation")
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.status}"


class EmailTemplate(models.Model):
    """The organisers' wording of one kind of message in one language; placeholders in {braces}."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="email_templates")
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))

    class Meta:
        ordering = ["call", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "language"], name="email_template_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"
