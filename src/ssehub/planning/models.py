"""Delegations, their four-step workspace, scores, the agreed plan and its follow-up.

Every write goes through `planning.services`; each one bumps `Delegation.revision`, which the
workspace's polling reads as its ETag (one query when nothing changed)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.accounts.enums import Constituency
from ssehub.atlas.enums import Dimension
from ssehub.atlas.models import Institution, Instrument
from ssehub.events.models import Event
from ssehub.planning.aggregation import weight_of
from ssehub.planning.enums import (
    DEFAULT_CRITERIA,
    InstrumentLink,
    ItemKind,
    MemberRole,
    Method,
    Step,
    StepState,
    TimeFrame,
    UpdateStatus,
)

TITLE_MAX = 300


# Under 2:1:1 government, employers and workers weigh 2, 1 and 1 (the ILO Conference's rule); each
# other constituency weighs what the organisers set, from 0 (left out) to 2 (docs/decisions/0403).
OTHER_CONSTITUENCIES = tuple(code for code in Constituency.values if code not in Constituency.tripartite())
MAX_WEIGHT = 2


def validate_other_weights(value) -> None:
    if not isinstance(value, dict) or not set(value) <= set(OTHER_CONSTITUENCIES):
        raise ValidationError(_("Set weights only for constituencies other than government, employers and workers."),
                              code="invalid")
    for weight in value.values():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= MAX_WEIGHT:
            raise ValidationError(_("A weight goes from 0 to 2."), code="invalid")


class PlanningSetup(models.Model):
    """What the organisers set for an event's planning: the aggregation method and the 2:1:1 weights."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="planning_setup")
    method = models.CharField(_("aggregation method"), max_length=16, choices=Method.choices,
                              default=Method.CONSTITUENCIES_ALIKE)
    # {constituency: weight} for constituencies beyond the tripartite three; a missing one weighs 1.
    other_weights = models.JSONField(_("weights of the other constituencies under 2:1:1"), default=dict, blank=True,
                                     validators=[validate_other_weights])
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("planning set-up")
        verbose_name_plural = _("planning set-ups")

    def __str__(self) -> str:
        return str(self.event)

    def weights(self) -> dict[str, float]:
        """Every constituency's weight under 2:1:1, in the constituencies' order."""
        return {code: weight_of(code, weights=self.other_weights) for code in Constituency.values}


class Criterion(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="planning_criteria")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=120, blank=True,
                             help_text=_("Leave empty for a default criterion: it is shown in each reader's language."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["event", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "code"], name="planning_criterion_code_once")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.title or str(dict(DEFAULT_CRITERIA).get(self.code, self.code))


class Delegation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    country = CountryField(_("country"))
    language = models.CharField(_("language of the plan"), max_length=10, choices=settings.LANGUAGES, default="en")
    analysis_state = models.CharField(max_length=12, choices=StepState.choices, default=StepState.NOT_OPENED)
    actions_state = models.CharField(max_length=12, choices=StepState.choices, default=StepState.NOT_OPENED)
    scoring_state = models.CharField(max_length=12, choices=StepState.choices, default=StepState.NOT_OPENED)
    priorities_state = models.CharField(max_length=12, choices=StepState.choices, default=StepState.NOT_OPENED)
    agreed_reason = models.TextField(_("why the agreed list differs from the ranking"), blank=True,
                                     validators=[MaxLengthValidator(4000)])
    is_final = models.BooleanField(_("final"), default=False)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_method = models.CharField(max_length=16, choices=Method.choices, blank=True)
    # Under 2:1:1, every constituency's weight when the list was agreed: the plan names the weights it
    # was ranked with, whatever the organisers set later (empty under the other methods).
    finalised_weights = models.JSONField(default=dict, blank=True, editable=False)
    is_public = models.BooleanField(_("public"), default=False)
    update_every_days = models.PositiveSmallIntegerField(_("days between follow-up updates"), default=90)
    # One more for every change in the workspace: the polling's ETag (docs/decisions/0401).
    revision = models.PositiveBigIntegerField(default=1, editable=False)
    changed_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", "country"]
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="planning_delegation_once")]

    def __str__(self) -> str:
        return f"{self.country.name} · {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("planning:workspace", args=[self.pk])

    def state_of(self, step: str) -> str:
        return getattr(self, f"{step}_state")

    def is_open(self, step: str) -> bool:
        return not self.is_final and self.state_of(step) == StepState.OPEN

    def steps(self) -> list[tuple[str, str, str, str]]:
        states = dict(StepState.choices)
        return [(code, label, self.state_of(code), states[self.state_of(code)]) for code, label in Step.choices]

    def furthest_step(self) -> str:
        reached = [label for code, label in Step.choices if self.state_of(code) != StepState.NOT_OPENED]
        return str(reached[-1]) if reached else ""


class Member(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+", editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planning_memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    constituency = models.CharField(_("constituency"), max_length=32, choices=Constituency.choices)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "user"], name="planning_member_once"),
            # A participant belongs to one delegation per event; a facilitator may lead several.
            models.UniqueConstraint(fields=["event", "user"], condition=models.Q(role="member"),
                                    name="planning_member_one_delegation"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class AnalysisItem(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="analysis_items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    text = models.TextField(_("text"), validators=[MinLengthValidator(3), MaxLengthValidator(2000)])
    dimension = models.CharField(_("policy dimension (gap)"), max_length=32, choices=Dimension.choices, blank=True)
    instruments = models.ManyToManyField(Instrument, blank=True, related_name="+", verbose_name=_("atlas instruments"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("situation analysis item")
        verbose_name_plural = _("situation analysis items")
        ordering = ["delegation", "kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class PolicyAction(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[MinLengthValidator(3)])
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(5000)])
    dimension = models.CharField(_("policy dimension"), max_length=32, choices=Dimension.choices)
    entity_types = models.JSONField(_("target SSE entity types"), default=list, blank=True)
    lead_institution = models.ForeignKey(Institution, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+", verbose_name=_("lead agency (atlas)"))
    lead_agency_text = models.CharField(_("lead agency (if not in the atlas)"), max_length=300, blank=True)
    partners = models.TextField(_("partners"), blank=True, validators=[MaxLengthValidator(2000)])
    time_frame = models.CharField(_("time frame"), max_length=16, choices=TimeFrame.choices, default=TimeFrame.MEDIUM)
    resources = models.TextField(_("resources"), blank=True, validators=[MaxLengthValidator(2000)])
    # [{"name": ..., "baseline": ..., "target": ...}]
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    risks = models.TextField(_("risks"), blank=True, validators=[MaxLengthValidator(2000)])
    instrument = models.ForeignKey(Instrument, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("atlas instrument"))
    instrument_link = models.CharField(_("what it does to the instrument"), max_length=16,
                                       choices=InstrumentLink.choices, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner of the follow-up"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("policy action")
        verbose_name_plural = _("policy actions")
        ordering = ["delegation", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def lead_agency(self) -> str:
        return self.lead_institution.name if self.lead_institution_id else self.lead_agency_text


class Score(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="scores", editable=False)
    action = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    # A deleted account leaves its scores, anonymous: a plan's results do not change afterwards, and the
    # running totals (ScoreCell) stay equal to the scores.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="planning_scores")
    # The scorer's constituency in the delegation, copied at scoring: the ranking groups by it in the
    # database without a join (docs/decisions/0400).
    constituency = models.CharField(max_length=32, choices=Constituency.choices, editable=False, default="other")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["action", "criterion", "user"], name="planning_score_once"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="planning_score_1_to_5"),
        ]
        # Covering: the ranking's GROUP BY reads the index only.
        indexes = [models.Index(fields=["delegation", "action", "criterion", "constituency", "value"],
                                name="planning_score_cells")]

    def __str__(self) -> str:
        return f"{self.value}"


class ScoreCell(models.Model):
    """Running totals of one constituency's scores on one action and criterion, kept by `scores_save`
    in the same transaction: the ranking reads a few thousand of these instead of grouping every score
    (docs/decisions/0400)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    constituency = models.CharField(max_length=32, choices=Constituency.choices)
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    squares = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("score total")
        verbose_name_plural = _("score totals")
        constraints = [models.UniqueConstraint(fields=["action", "criterion", "constituency"],
                                               name="planning_cell_once")]
        indexes = [models.Index(fields=["delegation", "action", "criterion", "constituency", "count", "total",
                                        "squares"], name="planning_cell_read")]

    def __str__(self) -> str:
        return f"{self.action_id}/{self.criterion_id}/{self.constituency}: {self.count}"


class Priority(models.Model):
    """One line of the agreed list, in the facilitator's order."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="priorities")
    action = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    aggregate = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("agreed priority")
        verbose_name_plural = _("agreed priorities")
        ordering = ["delegation", "position"]
        constraints = [models.UniqueConstraint(fields=["delegation", "action"], name="planning_priority_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.action_id}"


class FollowUpUpdate(models.Model):
    action = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=UpdateStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("what happened"), blank=True, validators=[MaxLengthValidator(2000)])
    evidence = models.JSONField(_("evidence links"), default=list, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")
        ordering = ["action", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on}: {self.status} {self.progress}%"


class Comparison(models.Model):
    """One pairwise answer: `winner` matters more than `loser` for this member."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="comparisons")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    winner = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="+")
    loser = models.ForeignKey(PolicyAction, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pairwise comparison")
        verbose_name_plural = _("pairwise comparisons")

    def __str__(self) -> str:
        return f"{self.winner_id} > {self.loser_id}"
