"""Reads of the planning app: each with its joins applied, so pages, exports and the API share them."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from ssehub.accounts.enums import Constituency
from ssehub.atlas.enums import Dimension, EntityType
from ssehub.atlas.models import Instrument, codes_to_mask
from ssehub.atlas.selectors import published_instruments
from ssehub.events.models import Event
from ssehub.planning import aggregation, aggregation_db
from ssehub.planning.enums import MemberRole, Method
from ssehub.planning.models import (
    AnalysisItem,
    Comparison,
    Criterion,
    Delegation,
    FollowUpUpdate,
    Member,
    PlanningSetup,
    PolicyAction,
    Priority,
    Score,
    ScoreCell,
)


def delegations_all() -> QuerySet[Delegation]:
    return Delegation.objects.select_related("event")


def delegations_of_event(event: Event) -> QuerySet[Delegation]:
    return (Delegation.objects.filter(event=event).select_related("event")
            .annotate(member_count=Count("members", distinct=True)).order_by("country"))


def setup_of(event: Event) -> PlanningSetup:
    """The event's set-up; an unsaved default when the organisers have set nothing yet."""
    setup = PlanningSetup.objects.filter(event=event).first()
    return setup or PlanningSetup(event=event)


def criteria_of(event: Event | int) -> list[Criterion]:
    return list(Criterion.objects.filter(event=event).order_by("position", "pk"))


def members_of(delegation: Delegation) -> QuerySet[Member]:
    return delegation.members.select_related("user__profile").order_by("role", "constituency", "user__email")


def analysis_of(delegation: Delegation) -> QuerySet[AnalysisItem]:
    return (delegation.analysis_items.prefetch_related(Prefetch("instruments", queryset=Instrument.objects.only("id", "title")))
            .order_by("kind", "pk"))


def actions_of(delegation: Delegation) -> QuerySet[PolicyAction]:
    return delegation.actions.select_related("lead_institution", "instrument", "owner__profile").order_by("pk")


def action_of(delegation: Delegation, pk: int) -> PolicyAction:
    """The action by id, only within this delegation (another delegation's id is not found)."""
    return actions_of(delegation).get(pk=pk)


def atlas_options(country: str) -> dict:
    """The country's published instruments and its gaps (dimensions without one), in one query."""
    instruments = list(published_instruments().filter(country=country).order_by("title")
                       .values_list("id", "title", "dimension_mask", "status"))
    covered = 0
    for _pk, _title, mask, _status in instruments:
        covered |= mask
    labels = dict(Dimension.choices)
    gaps = [(code, labels[code]) for code in Dimension.values if not covered & codes_to_mask(Dimension, [code])]
    return {"instruments": [(pk, title) for pk, title, _mask, _status in instruments], "gaps": gaps}


def score_cells(delegation: Delegation) -> list[tuple]:
    """(action, criterion, constituency, count, sum, sum of squares): the running totals, one query."""
    return list(ScoreCell.objects.filter(delegation=delegation, count__gt=0).order_by()
                .values_list("action_id", "criterion_id", "constituency", "count", "total", "squares"))


def score_cells_recounted(delegation: Delegation) -> list[tuple]:
    """The same, grouped from the scores themselves (what the running totals must always equal)."""
    return list(Score.objects.filter(delegation=delegation).order_by()
                .values_list("action_id", "criterion_id", "constituency")
                .annotate(n=Count("id"), total=Sum("value"), squares=Sum(F("value") * F("value"))))


class ActionRef(NamedTuple):
    """What the ranking shows of an action: its id and title (no model instance per action)."""

    pk: int
    title: str


@dataclass
class Ranking:
    method: str
    method_label: str  # the method's name, with the weights under 2:1:1
    results: list[aggregation.ActionResult]
    actions: dict[int, ActionRef | PolicyAction]
    criteria: list[Criterion]


def weights_text(weights: dict[str, float]) -> str:
    """"Government 2, Employers' organisation 1, …, Researcher 0.5" in the reader's language."""
    names = dict(Constituency.choices)
    point = get_format("DECIMAL_SEPARATOR")  # 0.5 reads "0,5" in Bahasa Indonesia
    return ", ".join(_("%(constituency)s %(weight)s") % {
        "constituency": names.get(code, code), "weight": f"{float(weight):g}".replace(".", point)}
        for code, weight in weights.items())


def method_description(method: str, weights: dict[str, float]) -> str:
    """The method's name; under 2:1:1 with every constituency's weight, as it is shown beside results."""
    label = str(Method(method).label)
    if method != Method.ILO_211 or not weights:
        return label
    return _("%(method)s (weights: %(weights)s)") % {"method": label, "weights": weights_text(weights)}


def plan_method(delegation: Delegation) -> str:
    """The method an agreed list was ranked with, and its 2:1:1 weights then (no query once agreed)."""
    if delegation.finalised_method:
        return method_description(delegation.finalised_method, delegation.finalised_weights)
    setup = setup_of(delegation.event)
    return method_description(setup.method, setup.weights())


def ranking(delegation: Delegation, *, method: str | None = None, setup: PlanningSetup | None = None,
            actions: list | None = None, criteria: list[Criterion] | None = None) -> Ranking:
    """Every action ranked under `method` (the event's when None), computed by the database in one
    query over the running totals (docs/decisions/0403); four queries in all, fewer when the caller
    already holds the set-up, actions or criteria."""
    setup = setup or setup_of(delegation.event)
    method = method if method in Method.values else setup.method
    if actions is None:
        actions = [ActionRef(*row) for row in delegation.actions.order_by("pk").values_list("id", "title")]
    criteria = criteria if criteria is not None else criteria_of(delegation.event_id)
    criterion_ids = [criterion.pk for criterion in criteria]
    results = aggregation_db.ranking(delegation.pk, actions=[action.pk for action in actions], criteria=criterion_ids,
                                     method=method, weights=setup.other_weights)
    return Ranking(method=method, method_label=method_description(method, setup.weights()), results=results,
                   actions={action.pk: action for action in actions}, criteria=criteria)


def my_scores(delegation: Delegation, user) -> dict[tuple[int, int], Score]:
    return {(score.action_id, score.criterion_id): score
            for score in Score.objects.filter(delegation=delegation, user=user)}


def comments_on(action: PolicyAction) -> list[tuple[str, str]]:
    """(criterion, comment) of every scorer's comment on the action, without names, newest first."""
    scores = (Score.objects.filter(action=action).exclude(comment="").select_related("criterion")
              .order_by("-updated_at", "-pk"))
    return [(score.criterion.label, score.comment) for score in scores]


def priorities_of(delegation: Delegation) -> list[Priority]:
    return list(Priority.objects.filter(delegation=delegation)
                .select_related("action__lead_institution", "action__instrument", "action__owner__profile")
                .order_by("position"))


def latest_updates(action_ids: list[int]) -> dict[int, FollowUpUpdate]:
    """The newest update of each action, in one query."""
    newest = FollowUpUpdate.objects.filter(action=OuterRef("action")).order_by("-on", "-pk").values("pk")[:1]
    updates = FollowUpUpdate.objects.filter(action_id__in=action_ids, pk=Subquery(newest))
    return {update.action_id: update for update in updates}


def timeline_of(delegation: Delegation) -> QuerySet[FollowUpUpdate]:
    return (FollowUpUpdate.objects.filter(action__delegation=delegation)
            .select_related("action", "author__profile").order_by("-on", "-pk"))


def participation_counts(delegation: Delegation) -> list[tuple[str, int]]:
    """Who took part, by constituency: counts, never names."""
    counts = dict(delegation.members.filter(role=MemberRole.MEMBER).values_list("constituency")
                  .annotate(n=Count("pk")).order_by())
    return [(str(label), counts[code]) for code, label in Constituency.choices if code in counts]


def comparisons_of(delegation: Delegation) -> list[tuple[int, int]]:
    return list(Comparison.objects.filter(delegation=delegation).values_list("winner_id", "loser_id"))


# --- the index: where a person finds their delegation ---------------------------------------------

def delegations_of_person(user) -> QuerySet[Delegation]:
    """The delegations a person sits in or facilitates, newest event first."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    return (Delegation.objects.filter(members__user=user).select_related("event").distinct()
            .order_by("-event__starts_on", "country"))


def events_planned_by(user) -> QuerySet[Event]:
    """Events this person organises that have delegations or planning set up."""
    if not user.is_authenticated:
        return Event.objects.none()
    events = Event.objects.all() if user.is_superuser else Event.objects.filter(organisers=user)
    return (events.filter(Q(delegations__isnull=False) | Q(planning_setup__isnull=False)).distinct()
            .order_by("-starts_on", "pk"))


# --- public plans ----------------------------------------------------------------------------------

def public_plans() -> QuerySet[Delegation]:
    return (Delegation.objects.filter(is_public=True, is_final=True).select_related("event")
            .annotate(priority_count=Count("priorities", distinct=True), last_update=Max("actions__updates__on"))
            .order_by("-finalised_at", "pk"))


def public_plan(pk: int) -> Delegation:
    return public_plans().get(pk=pk)


def plan_progress(delegation: Delegation, priorities: list[Priority]) -> int:
    updates = latest_updates([priority.action_id for priority in priorities])
    if not priorities:
        return 0
    return round(sum(updates[p.action_id].progress if p.action_id in updates else 0 for p in priorities)
                 / len(priorities))


def public_plans_by_country(country: str) -> dict | None:
    """The atlas country page's part: this country's public plans with their progress."""
    plans = list(public_plans().filter(country=country))
    if not plans:
        return None
    priorities = list(Priority.objects.filter(delegation__in=plans).select_related("action").order_by("position"))
    updates = latest_updates([priority.action_id for priority in priorities])
    rows = []
    for plan in plans:
        items = [(p.action, updates.get(p.action_id)) for p in priorities if p.delegation_id == plan.pk]
        progress = round(sum(u.progress for _a, u in items if u) / len(items)) if items else 0
        rows.append({"plan": plan, "url": reverse("planning:public_plan", args=[plan.pk]), "items": items,
                     "progress": progress})
    return {"template": "planning/_country_plans.html", "data": rows}


def priorities_by_dimension(delegations: list[Delegation]) -> dict[int, dict[str, int]]:
    """{delegation: {dimension: agreed priorities}} in one query (the overview's countries × dimensions)."""
    found: dict[int, dict[str, int]] = {delegation.pk: {} for delegation in delegations}
    rows = (Priority.objects.filter(delegation__in=delegations).values_list("delegation_id", "action__dimension")
            .annotate(n=Count("pk")).order_by())
    for delegation_id, dimension, count in rows:
        found[delegation_id][dimension] = count
    return found


def progress_by_delegation(delegations: list[Delegation]) -> dict[int, int]:
    priorities = list(Priority.objects.filter(delegation__in=delegations).values_list("delegation_id", "action_id"))
    updates = latest_updates([action for _d, action in priorities])
    totals: dict[int, list[int]] = {}
    for delegation_id, action_id in priorities:
        totals.setdefault(delegation_id, []).append(updates[action_id].progress if action_id in updates else 0)
    return {key: round(sum(values) / len(values)) for key, values in totals.items()}


def entity_type_labels(codes: list[str]) -> list[str]:
    labels = dict(EntityType.choices)
    return [str(labels.get(code, code)) for code in codes]

