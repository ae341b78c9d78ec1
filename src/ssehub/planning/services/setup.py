"""Organisers' writes: delegations from the registrations, members, facilitators, criteria, method."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.enums import Constituency, Role
from ssehub.accounts.rules import user_roles
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit, lock_row
from ssehub.core.updates import model_update
from ssehub.events.models import Event
from ssehub.events.selectors import registered_users
from ssehub.planning.enums import DEFAULT_CRITERIA, MemberRole
from ssehub.planning.models import (
    MAX_WEIGHT,
    OTHER_CONSTITUENCIES,
    Criterion,
    Delegation,
    Member,
    PlanningSetup,
)
from ssehub.planning.services.common import touch

DELEGATIONS_CREATED = action_verb("planning.delegations.create", gettext_lazy("Formed the country delegations"))
MEMBER_ADDED = action_verb("planning.member.add", gettext_lazy("Added a person to a delegation"))
MEMBER_MOVED = action_verb("planning.member.move", gettext_lazy("Moved a person to another delegation"))
MEMBER_REMOVED = action_verb("planning.member.remove", gettext_lazy("Removed a person from a delegation"))
FACILITATOR_ASSIGNED = action_verb("planning.facilitator.assign", gettext_lazy("Assigned a delegation's facilitator"))
CRITERION_ADDED = action_verb("planning.criterion.add", gettext_lazy("Added a scoring criterion"))
CRITERION_REMOVED = action_verb("planning.criterion.remove", gettext_lazy("Removed a scoring criterion"))
SETUP_UPDATED = action_verb("planning.setup.update",
                            gettext_lazy("Changed the aggregation method or the 2:1:1 weights"))


@transaction.atomic
def criteria_ensure_defaults(*, event: Event, actor) -> list[Criterion]:
    """The event's criteria; the four defaults (impact, feasibility, urgency, decent work) when none."""
    lock_row(Event, pk=event.pk)
    existing = list(Criterion.objects.filter(event=event).order_by("position", "pk"))
    if existing:
        return existing
    created = Criterion.objects.bulk_create([Criterion(event=event, code=code, position=position)
                                             for position, (code, _label) in enumerate(DEFAULT_CRITERIA)])
    log_action(actor=actor, verb=CRITERION_ADDED, obj=event, scope=event,
               data={"criteria": [code for code, _label in DEFAULT_CRITERIA]})
    return created


@transaction.atomic
def delegations_create(*, event: Event, actor) -> list[Delegation]:
    """One delegation per country among the registered participants (their profile's country), each
    participant in their country's delegation with their profile's constituency. Run again after new
    registrations: it adds the newcomers and leaves moved people where the organisers put them."""
    lock_row(Event, pk=event.pk)
    criteria_ensure_defaults(event=event, actor=actor)
    PlanningSetup.objects.get_or_create(event=event)
    placed = set(Member.objects.filter(event=event, role=MemberRole.MEMBER).values_list("user_id", flat=True))
    delegations = {d.country.code: d for d in Delegation.objects.filter(event=event)}
    new_countries, added = [], 0
    for user in registered_users(event).order_by("pk"):
        profile = getattr(user, "profile", None)
        country = profile.country.code if profile and profile.country else ""
        if not country or user.pk in placed:
            continue
        if country not in delegations:
            delegations[country] = Delegation.objects.create(event=event, country=country)
            new_countries.append(country)
        Member.objects.create(delegation=delegations[country], event=event, user=user,
                              constituency=profile.constituency or Constituency.OTHER)
        added += 1
    for delegation in delegations.values():
        touch(delegation.pk)
    log_action(actor=actor, verb=DELEGATIONS_CREATED, obj=event, scope=event,
               data={"new_countries": new_countries, "people_added": added})
    return sorted(delegations.values(), key=lambda d: d.country.code)


@transaction.atomic
def member_add(*, delegation: Delegation, user, actor, constituency: str = "") -> Member:
    """Add a person (registered or not: organisers decide) to a delegation; one delegation per event."""
    lock_row(Delegation, pk=delegation.pk)
    profile = getattr(user, "profile", None)
    constituency = constituency or (profile.constituency if profile else "") or Constituency.OTHER
    if Member.objects.filter(event=delegation.event_id, user=user, role=MemberRole.MEMBER).exists():
        raise ServiceError(_("This person is already in a delegation of this event; move them instead."),
                           code="duplicate")
    member = Member(delegation=delegation, event_id=delegation.event_id, user=user, constituency=constituency)
    full_clean_or_refuse(member, exclude=["event"])
    member.save()
    touch(delegation.pk)
    log_action(actor=actor, verb=MEMBER_ADDED, obj=delegation, scope=delegation.event,
               data={"person": user.email, "constituency": constituency})
    return member


@transaction.atomic
def member_move(*, member: Member, to: Delegation, actor) -> Member:
    member = lock_row(Member.objects.select_related("delegation__event", "user"), pk=member.pk)
    if to.event_id != member.event_id:
        raise ServiceError(_("A person can only move to a delegation of the same event."), code="invalid")
    if member.role != MemberRole.MEMBER:
        raise ServiceError(_("Facilitators are assigned, not moved."), code="invalid")
    source = member.delegation
    if source.is_final or to.is_final:
        raise ServiceError(_("This plan has been finalised; it can no longer be changed."), code="final")
    member.delegation = to
    member.save(update_fields=["delegation"])
    touch(source.pk)
    touch(to.pk)
    log_action(actor=actor, verb=MEMBER_MOVED, obj=member.delegation, scope=source.event,
               data={"person": member.user.email, "from": source.country.code, "to": to.country.code})
    return member


@transaction.atomic
def member_remove(*, member: Member, actor) -> None:
    member = lock_row(Member.objects.select_related("delegation__event", "user"), pk=member.pk)
    delegation = member.delegation
    member.delete()
    touch(delegation.pk)
    log_action(actor=actor, verb=MEMBER_REMOVED, obj=delegation, scope=delegation.event,
               data={"person": member.user.email, "role": member.role})


@transaction.atomic
def facilitator_assign(*, delegation: Delegation, user, actor) -> Member:
    """Make a person with the facilitator role a facilitator of this delegation."""
    lock_row(Delegation, pk=delegation.pk)
    if Role.FACILITATOR.value not in user_roles(user) and not user.is_superuser:
        raise ServiceError(_("Only a person with the facilitator role can facilitate a delegation."),
                           code="not_facilitator")
    existing = Member.objects.filter(delegation=delegation, user=user).first()
    if existing is not None and existing.role == MemberRole.FACILITATOR:
        return existing
    if existing is not None:
        existing.role = MemberRole.FACILITATOR
        existing.save(update_fields=["role"])
        member = existing
    else:
        profile = getattr(user, "profile", None)
        member = Member.objects.create(delegation=delegation, event_id=delegation.event_id, user=user,
                                       role=MemberRole.FACILITATOR,
                                       constituency=(profile.constituency if profile else "") or Constituency.OTHER)
    touch(delegation.pk)
    log_action(actor=actor, verb=FACILITATOR_ASSIGNED, obj=delegation, scope=delegation.event,
               data={"person": user.email})
    return member


@transaction.atomic
def criterion_add(*, event: Event, actor, code: str, title: str) -> Criterion:
    lock_row(Event, pk=event.pk)
    position = Criterion.objects.filter(event=event).count()
    criterion = Criterion(event=event, code=code, title=title, position=position)
    full_clean_or_refuse(criterion)
    try:
        with transaction.atomic():
            criterion.save()
    except IntegrityError as error:
        raise ServiceError(_("This event already has a criterion with that code."), code="duplicate",
                           field="code") from error
    log_action(actor=actor, verb=CRITERION_ADDED, obj=criterion, scope=event, data={"code": code, "title": title})
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, actor) -> None:
    criterion = lock_row(Criterion.objects.select_related("event"), pk=criterion.pk)
    if criterion.scores.filter(delegation__is_final=True).exists():
        raise ServiceError(_("A finalised plan was scored on this criterion; it stays."), code="final")
    event = criterion.event
    log_action(actor=actor, verb=CRITERION_REMOVED, obj=criterion, scope=event,
               data={"code": criterion.code, "scores_removed": criterion.scores.count()})
    criterion.delete()
    for delegation_id in Delegation.objects.filter(event=event).values_list("pk", flat=True):
        touch(delegation_id)


def _clean_weights(weights) -> dict[str, float]:
    if not isinstance(weights, dict):
        raise ServiceError(_("A weight goes from 0 to 2."), code="invalid", field="other_weights")
    cleaned = {}
    for code, weight in weights.items():
        if code not in OTHER_CONSTITUENCIES:
            raise ServiceError(_("Government, employers and workers weigh 2, 1 and 1 under 2:1:1; set weights only "
                                 "for the other constituencies."), code="invalid", field="other_weights")
        try:
            weight = round(float(weight), 2)
        except (TypeError, ValueError) as error:
            raise ServiceError(_("A weight goes from 0 to 2."), code="invalid", field="other_weights") from error
        if not 0 <= weight <= MAX_WEIGHT:
            raise ServiceError(_("A weight goes from 0 to 2."), code="invalid", field="other_weights")
        cleaned[code] = weight
    return cleaned


@transaction.atomic
def setup_update(*, event: Event, actor, data: dict, expected_version: int | None) -> PlanningSetup:
    """The method and the 2:1:1 weight of each constituency beyond the tripartite three ({code: 0–2});
    refused when someone saved the set-up after the form was opened. Every delegation's workspace
    re-ranks at its next poll."""
    setup, _created = PlanningSetup.objects.get_or_create(event=event)
    setup = lock_for_edit(PlanningSetup, pk=setup.pk, expected_version=expected_version)
    data = dict(data)
    if "other_weights" in data:
        # Only the weights sent change; the others keep what was set before.
        data["other_weights"] = {**setup.other_weights, **_clean_weights(data["other_weights"])}
    setup, changes = model_update(instance=setup, fields=("method", "other_weights"), data=data,
                                  version_field="version")
    if changes:
        for delegation_id in Delegation.objects.filter(event=event).values_list("pk", flat=True):
            touch(delegation_id)
        log_action(actor=actor, verb=SETUP_UPDATED, obj=setup, scope=event, data=changes)
    return setup
