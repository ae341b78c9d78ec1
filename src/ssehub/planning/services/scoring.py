"""Scores, pairwise answers, the agreed priorities and finalising (docs/decisions/0400, 0401).

Each of these locks the delegation row first: a score sent while the plan is being finalised waits,
then sees the plan final and is refused; two members scoring at once both count (their rows differ)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError
from ssehub.planning import selectors
from ssehub.planning.enums import Method, Step, StepState
from ssehub.planning.models import Comparison, Criterion, Delegation, Member, Priority, Score, ScoreCell
from ssehub.planning.services.common import lock_delegation, refuse_if_final, require_open, touch

SCORED = action_verb("planning.score.save", gettext_lazy("Scored policy actions"))
COMPARED = action_verb("planning.comparison.add", gettext_lazy("Compared two policy actions"))
PRIORITIES_AGREED = action_verb("planning.priorities.agree", gettext_lazy("Agreed the priority list"))
FINALISED = action_verb("planning.plan.finalise", gettext_lazy("Finalised a plan"))
PUBLISHED = action_verb("planning.plan.publish", gettext_lazy("Made a plan public or private"))


def _refuse_closed_scoring(delegation: Delegation) -> None:
    if delegation.is_final:
        raise ServiceError(_("The plan was finalised before your scores arrived; they were not saved."),
                           code="final")
    require_open(delegation, Step.SCORING)


@transaction.atomic
def scores_save(*, delegation: Delegation, actor, entries: list[tuple[int, int, int, str]]) -> int:
    """Save the person's scores: (action id, criterion id, value 1–5, comment), one per action and
    criterion, replacing their earlier score. All or nothing; returns the number saved."""
    delegation = lock_delegation(delegation)
    _refuse_closed_scoring(delegation)
    action_ids = set(delegation.actions.values_list("pk", flat=True))
    criterion_ids = set(Criterion.objects.filter(event=delegation.event_id).values_list("pk", flat=True))
    seen = set()
    for action_id, criterion_id, value, comment in entries:
        if action_id not in action_ids or criterion_id not in criterion_ids:
            raise ServiceError(_("You can only score this delegation's actions on this event's criteria."),
                               code="not_found")
        if (action_id, criterion_id) in seen:
            raise ServiceError(_("One score per action and criterion, please."), code="duplicate")
        seen.add((action_id, criterion_id))
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ServiceError(_("Scores go from 1 to 5."), code="invalid")
        if len(comment or "") > 1000:
            raise ServiceError(_("A comment can be at most 1,000 characters."), code="invalid")
    constituency = (Member.objects.filter(delegation=delegation, user=actor).values_list("constituency", flat=True)
                    .first() or "other")
    existing = {(s.action_id, s.criterion_id): s for s in Score.objects.filter(delegation=delegation, user=actor)}
    existing_values = {key: score.value for key, score in existing.items()}
    new, changed = [], []
    for action_id, criterion_id, value, comment in entries:
        score = existing.get((action_id, criterion_id))
        if score is None:
            new.append(Score(delegation=delegation, action_id=action_id, criterion_id=criterion_id, user=actor,
                             constituency=constituency, value=value, comment=comment or ""))
        elif (score.value, score.comment) != (value, comment or ""):
            score.value, score.comment = value, comment or ""
            changed.append(score)
    deltas: dict[tuple[int, int], list[int]] = {}
    for score in new:
        _add(deltas, score, count=1, total=score.value, squares=score.value ** 2)
    for score in changed:
        before = existing_values[(score.action_id, score.criterion_id)]
        _add(deltas, score, count=0, total=score.value - before, squares=score.value ** 2 - before ** 2)
    Score.objects.bulk_create(new)
    for score in changed:
        score.save(update_fields=["value", "comment", "updated_at"])
    _apply_to_cells(delegation, constituency, deltas)
    if new or changed:
        touch(delegation.pk)
        log_action(actor=actor, verb=SCORED, obj=delegation, scope=delegation.event,
                   data={"new": len(new), "changed": len(changed)})
    return len(new) + len(changed)


def _add(deltas: dict, score: Score, *, count: int, total: int, squares: int) -> None:
    slot = deltas.setdefault((score.action_id, score.criterion_id), [0, 0, 0])
    slot[0] += count
    slot[1] += total
    slot[2] += squares


def _apply_to_cells(delegation: Delegation, constituency: str, deltas: dict) -> None:
    """Add the changes to the running totals (the delegation row is locked, so no update is lost)."""
    changed = {key: delta for key, delta in deltas.items() if any(delta)}
    if not changed:
        return
    cells = {(cell.action_id, cell.criterion_id): cell for cell in ScoreCell.objects.filter(
        delegation=delegation, constituency=constituency, action_id__in={a for a, _c in changed})}
    new_cells = []
    for (action_id, criterion_id), (count, total, squares) in changed.items():
        cell = cells.get((action_id, criterion_id))
        if cell is None:
            new_cells.append(ScoreCell(delegation=delegation, action_id=action_id, criterion_id=criterion_id,
                                       constituency=constituency, count=count, total=total, squares=squares))
        else:
            cell.count += count
            cell.total += total
            cell.squares += squares
    ScoreCell.objects.bulk_create(new_cells)
    ScoreCell.objects.bulk_update([cell for key, cell in cells.items() if key in changed],
                                  ["count", "total", "squares"])


@transaction.atomic
def cells_rebuild(*, delegation: Delegation) -> int:
    """Recount the running totals from the scores (after scores were written in bulk, e.g. by the bench)."""
    delegation = lock_delegation(delegation)
    ScoreCell.objects.filter(delegation=delegation).delete()
    cells = ScoreCell.objects.bulk_create([
        ScoreCell(delegation=delegation, action_id=a, criterion_id=c, constituency=k, count=n, total=t, squares=q)
        for a, c, k, n, t, q in selectors.score_cells_recounted(delegation)
    ], batch_size=2000)
    touch(delegation.pk)
    return len(cells)


@transaction.atomic
def comparison_record(*, delegation: Delegation, actor, winner_id: int, loser_id: int) -> Comparison:
    delegation = lock_delegation(delegation)
    _refuse_closed_scoring(delegation)
    found = set(delegation.actions.filter(pk__in=[winner_id, loser_id]).values_list("pk", flat=True))
    if winner_id == loser_id or found != {winner_id, loser_id}:
        raise ServiceError(_("Compare two different actions of this delegation."), code="invalid")
    comparison = Comparison.objects.create(delegation=delegation, user=actor, winner_id=winner_id, loser_id=loser_id)
    touch(delegation.pk)
    log_action(actor=actor, verb=COMPARED, obj=delegation, scope=delegation.event,
               data={"winner": winner_id, "loser": loser_id})
    return comparison


@transaction.atomic
def priorities_agree(*, delegation: Delegation, actor, action_ids: list[int], reason: str) -> list[Priority]:
    """The facilitator's agreed list, in order. Where it differs from the ranking's order, a reason is
    required and kept beside the list."""
    delegation = lock_delegation(delegation)
    require_open(delegation, Step.PRIORITIES)
    if not action_ids:
        raise ServiceError(_("Choose at least one action for the agreed list."), code="invalid")
    if len(set(action_ids)) != len(action_ids):
        raise ServiceError(_("An action can be on the list only once."), code="duplicate")
    setup = selectors.setup_of(delegation.event)
    ranking = selectors.ranking(delegation, setup=setup)
    known = set(ranking.actions)
    if not set(action_ids) <= known:
        raise ServiceError(_("You can only agree this delegation's actions."), code="not_found")
    ranked = [result.action for result in ranking.results]
    differs = action_ids != ranked[:len(action_ids)]
    reason = (reason or "").strip()
    if differs and not reason:
        raise ServiceError(_("The agreed list differs from the ranking: say why, so the record shows it."),
                           code="reason_required", field="reason")
    if len(reason) > 4000:
        raise ServiceError(_("The reason can be at most 4,000 characters."), code="invalid", field="reason")
    scores = {result.action: result.score for result in ranking.results}
    Priority.objects.filter(delegation=delegation).delete()
    priorities = Priority.objects.bulk_create([
        Priority(delegation=delegation, action_id=action_id, position=position, aggregate=scores.get(action_id))
        for position, action_id in enumerate(action_ids, start=1)
    ])
    delegation.agreed_reason = reason if differs else ""
    delegation.finalised_method = ranking.method
    delegation.finalised_weights = setup.weights() if ranking.method == Method.ILO_211 else {}
    delegation.save(update_fields=["agreed_reason", "finalised_method", "finalised_weights"])
    touch(delegation.pk)
    log_action(actor=actor, verb=PRIORITIES_AGREED, obj=delegation, scope=delegation.event,
               data={"actions": action_ids, "differs_from_ranking": differs, "reason": delegation.agreed_reason,
                     "method": ranking.method, "weights": delegation.finalised_weights})
    return priorities


@transaction.atomic
def plan_finalise(*, delegation: Delegation, actor) -> Delegation:
    """Final in one transaction: after it, every score, edit and agreed-list change is refused."""
    delegation = lock_delegation(delegation)
    refuse_if_final(delegation)
    if not Priority.objects.filter(delegation=delegation).exists():
        raise ServiceError(_("Agree the priority list before finalising the plan."), code="no_priorities")
    delegation.is_final = True
    delegation.finalised_at = timezone.now()
    for step in Step.values:
        setattr(delegation, f"{step}_state", StepState.CLOSED)
    delegation.save(update_fields=["is_final", "finalised_at", *[f"{step}_state" for step in Step.values]])
    touch(delegation.pk)
    log_action(actor=actor, verb=FINALISED, obj=delegation, scope=delegation.event,
               data={"method": delegation.finalised_method,
                     "priorities": Priority.objects.filter(delegation=delegation).count()})
    return delegation


@transaction.atomic
def plan_publish(*, delegation: Delegation, actor, public: bool) -> Delegation:
    delegation = lock_delegation(delegation)
    if not delegation.is_final:
        raise ServiceError(_("Only a finalised plan can be made public."), code="not_final")
    if delegation.is_public != public:
        delegation.is_public = public
        delegation.save(update_fields=["is_public"])
        touch(delegation.pk)
        log_action(actor=actor, verb=PUBLISHED, obj=delegation, scope=delegation.event, data={"public": public})
    return delegation
