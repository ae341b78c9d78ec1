"""Selection runs, adoption, manual override and replacements (docs/decisions/0200, 0201)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.accounts.enums import Constituency
from ssehub.accounts.models import User
from ssehub.calls.enums import ApplicationStatus, InvitationStatus, Outcome, Pin, RunKind, RunStatus
from ssehub.calls.models import Application, Call, SelectionRun
from ssehub.calls.scoring import counted_score
from ssehub.calls.selection import Candidate, Rules, Tally, exclusion_reasons, solve
from ssehub.calls.services import OVERRIDDEN, PINNED, REPLACEMENT_PROPOSED, SELECTION_ADOPTED, SELECTION_RUN
from ssehub.calls.services.reviews import scores_refresh
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError
from ssehub.core.stale import lock_row

CONSTITUENCY_KEYS = [value for value, _label in Constituency.choices]


def rules_for(call: Call) -> Rules:
    if not call.seats:
        raise ServiceError(_("Set the number of seats first."), code="no_seats")
    country_min, country_max, constituency_min = {}, {}, {}
    for country, spec in (call.country_rules or {}).items():
        if spec.get("min"):
            country_min[country] = int(spec["min"])
        if spec.get("max") not in (None, ""):
            country_max[country] = int(spec["max"])
        minimums = {key: int(spec[key]) for key in CONSTITUENCY_KEYS if spec.get(key)}
        if minimums:
            constituency_min[country] = minimums
    return Rules(
        seats=call.seats,
        country_min=country_min,
        country_max=country_max,
        constituency_min=constituency_min,
        women_min_share=float(call.women_min_share) if call.women_min_share else None,
        women_min_share_per_country=(
            float(call.women_min_share_per_country) if call.women_min_share_per_country else None
        ),
        max_per_organisation=call.max_per_organisation,
    )


def _score(application: Application, basis: str) -> float:
    return float(counted_score(application, basis) or 0.0)


def candidates_for(call: Call, *, applications=None) -> list[Candidate]:
    applications = applications if applications is not None else call.applications.filter(
        status=ApplicationStatus.SUBMITTED
    )
    return [
        Candidate(
            id=application.pk,
            score=_score(application, call.score_basis),
            country=application.country.code if application.country else "",
            constituency=application.constituency,
            gender=application.gender,
            organisation=application.organisation_key,
            pin=application.pin,
        )
        for application in applications
    ]


def selection_run(*, call: Call, actor: User) -> SelectionRun:
    """Refresh the scores, solve, explain, and keep the run (it changes no outcome until adopted)."""
    scores_refresh(call=call)
    rules = rules_for(call)
    candidates = candidates_for(call)
    result = solve(candidates, rules)
    data = result.as_dict()
    if result.status == "optimal":
        data["reasons"] = {
            str(key): value for key, value in exclusion_reasons(candidates, rules, set(result.selected)).items()
        }
    with transaction.atomic():
        run = SelectionRun.objects.create(
            call=call, created_by=actor, score_basis=call.score_basis, rules=rules.__dict__,
            status=RunStatus(result.status), result=data,
        )
        log_action(actor=actor, verb=SELECTION_RUN, obj=run, scope=call.event, data={
            "call": call.pk, "status": run.status, "selected": len(result.selected),
            "objective": result.objective})
    return run


@transaction.atomic
def selection_adopt(*, run: SelectionRun, actor: User) -> None:
    """Make an optimal run the call's outcome: selected, a ranked waiting list, the rest not selected."""
    if run.status != RunStatus.OPTIMAL or run.kind != RunKind.SELECTION:
        raise ServiceError(_("Only an optimal selection can be adopted."), code="not_optimal")
    # The call's row serialises adoption with invitations (which lock it too): no invitation can go
    # out between the check below and the new outcomes.
    call = lock_row(Call.objects.select_related("event"), pk=run.call_id)
    if call.applications.filter(invitation__isnull=False).exists():
        raise ServiceError(
            _("Invitations have gone out; change the group with the override or the waiting list instead."),
            code="invited",
        )
    selected = set(run.result["selected"])
    applications = list(call.applications.filter(status=ApplicationStatus.SUBMITTED))
    others = sorted(
        (application for application in applications if application.pk not in selected),
        key=lambda application: (-_score(application, run.score_basis), application.pk),
    )
    rank = {application.pk: position + 1 for position, application in enumerate(others)
            if application.pin != Pin.OUT}
    waiting_ids = [pk for pk, position in rank.items() if position <= call.waiting_list_size]
    for application in applications:
        if application.pk in selected:
            application.outcome, application.waiting_rank = Outcome.SELECTED, None
        elif application.pk in waiting_ids:
            application.outcome, application.waiting_rank = Outcome.WAITING, rank[application.pk]
        else:
            application.outcome, application.waiting_rank = Outcome.NOT_SELECTED, None
    Application.objects.bulk_update(applications, ["outcome", "waiting_rank"])
    SelectionRun.objects.filter(call=call).update(adopted_at=None)
    run.adopted_at = timezone.now()
    run.save(update_fields=["adopted_at"])
    counts = {value: sum(1 for a in applications if a.outcome == value)
              for value in (Outcome.SELECTED, Outcome.WAITING, Outcome.NOT_SELECTED)}
    log_action(actor=actor, verb=SELECTION_ADOPTED, obj=run, scope=call.event,
               data={"call": call.pk, "run": run.pk, **counts})


def selection_override(*, call: Call, actor: User, application: Application, outcome: str,
                       reason: str = "") -> list[dict]:
    """Set one person's outcome by hand; returns every rule the resulting group breaks."""
    if outcome not in Outcome.values:
        raise ServiceError(_("Unknown outcome."), code="outcome")
    with transaction.atomic():
        application = lock_row(Application, pk=application.pk)
        if application.call_id != call.pk or application.status != ApplicationStatus.SUBMITTED:
            raise ServiceError(_("Only submitted applications of this call can be selected."), code="invalid")
        old = application.outcome
        _set_outcome(call, application, outcome)
        log_action(actor=actor, verb=OVERRIDDEN, obj=application, scope=call.event,
                   data={"outcome": [old, outcome], "reason": reason.strip()})
    return current_violations(call=call)


def _set_outcome(call: Call, application: Application, outcome: str) -> None:
    application.outcome = outcome
    if outcome != Outcome.WAITING:
        application.waiting_rank = None
    elif application.waiting_rank is None:
        last = call.applications.exclude(waiting_rank=None).order_by("-waiting_rank").first()
        application.waiting_rank = (last.waiting_rank + 1) if last else 1
    application.save(update_fields=["outcome", "waiting_rank", "updated_at"])


@transaction.atomic
def application_pin(*, application: Application, actor: User, pin: str) -> Application:
    """Pin a person in (always selected) or out (never selected) for the next run."""
    if pin not in Pin.values:
        raise ServiceError(_("Unknown pin."), code="pin")
    application = lock_row(Application.objects.select_related("call__event"), pk=application.pk)
    old = application.pin
    if old != pin:
        application.pin = pin
        application.save(update_fields=["pin", "updated_at"])
        log_action(actor=actor, verb=PINNED, obj=application, scope=application.call.event,
                   data={"pin": [old, pin]})
    return application


def current_group(call: Call) -> set[int]:
    return set(call.applications.filter(outcome=Outcome.SELECTED).values_list("pk", flat=True))


def current_violations(*, call: Call) -> list[dict]:
    if not call.seats:
        return []
    candidates = candidates_for(call)
    return Tally(candidates, rules_for(call), current_group(call) & {c.id for c in candidates}).violations()


def group_state(call: Call, applications) -> list:
    """What a replacement proposal depends on: the rules' version and who is selected, waiting or
    invited with which answer. A stored proposal whose state differs is out of date."""
    people = sorted(
        [application.pk, application.outcome, application.pin,
         application.invitation.status if hasattr(application, "invitation") else ""]
        for application in applications
        if application.outcome in (Outcome.SELECTED, Outcome.WAITING) or hasattr(application, "invitation")
    )
    return [call.version, people]


def _submitted_with_invitations(call: Call) -> list[Application]:
    return list(call.applications.filter(status=ApplicationStatus.SUBMITTED).select_related("invitation"))


def replacement_run(*, call: Call, actor: User) -> SelectionRun:
    """Solve for replacements of people who declined, and keep the proposal (the group page shows it)."""
    proposal = replacement_propose(call=call)
    proposal["state"] = group_state(call, _submitted_with_invitations(call))
    with transaction.atomic():
        run = SelectionRun.objects.create(
            call=call, kind=RunKind.REPLACEMENT, created_by=actor, score_basis=call.score_basis,
            rules=rules_for(call).__dict__,
            status=RunStatus.OPTIMAL if proposal.get("keeps_rules", True) else RunStatus.INFEASIBLE,
            result=proposal,
        )
        log_action(actor=actor, verb=REPLACEMENT_PROPOSED, obj=run, scope=call.event,
                   data={"call": call.pk, "proposals": proposal["proposals"],
                         "open_seats": proposal["open_seats"]})
    return run


def replacement_propose(*, call: Call) -> dict:
    """The best replacement(s) for declined invitees keeping every rule: re-solve with invitees fixed.

    Current invitees (selected, invitation not declined) are pinned in; people who declined are out
    of the pool. If no replacement keeps every rule, the best-ranked waiting person is proposed with
    the list of rules the swap breaks, and the solver's explanation.
    """
    rules = rules_for(call)
    pool = list(
        call.applications.filter(status=ApplicationStatus.SUBMITTED)
        .exclude(invitation__status__in=[InvitationStatus.DECLINED, InvitationStatus.EXPIRED])
        .select_related("invitation")
    )
    group = {application.pk for application in pool if application.outcome == Outcome.SELECTED}
    if len(group) >= rules.seats:
        return {"proposals": [], "open_seats": 0}
    candidates = []
    for candidate in candidates_for(call, applications=pool):
        pin = "in" if candidate.id in group else ("out" if candidate.pin == "out" else "")
        candidates.append(Candidate(**{**candidate.__dict__, "pin": pin}))
    result = solve(candidates, rules)
    open_seats = rules.seats - len(group)
    if result.status == "optimal":
        proposals = [pk for pk in result.selected if pk not in group]
        return {"proposals": proposals, "open_seats": open_seats, "keeps_rules": True, "violations": []}
    waiting = sorted(
        (application for application in pool
         if application.pk not in group and application.outcome == Outcome.WAITING),
        key=lambda application: application.waiting_rank or 10**9,
    )[:open_seats]
    proposals = [application.pk for application in waiting]
    violations = Tally(candidates, rules, group | set(proposals)).violations()
    return {"proposals": proposals, "open_seats": open_seats, "keeps_rules": False,
            "violations": violations, "relaxations": result.relaxations, "conflicts": result.conflicts}
