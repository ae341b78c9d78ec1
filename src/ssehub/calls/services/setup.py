"""A call's set-up by its organisers: settings, selection rules, questions, rubric, reviewer pool."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.calls.enums import QuestionKind
from ssehub.calls.models import Call, Criterion, Question
from ssehub.calls.services import (
    CALL_CREATED,
    CALL_UPDATED,
    CRITERION_ADDED,
    CRITERION_DELETED,
    QUESTION_ADDED,
    QUESTION_DELETED,
    REVIEWERS_CHANGED,
    RULES_SAVED,
)
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit
from ssehub.core.updates import model_update
from ssehub.events.models import Event

SETTINGS_FIELDS = ("title", "description", "opens_at", "closes_at", "data_protection_notice",
                   "anonymised_review", "reviewers_per_application", "invitation_valid_days",
                   "reminder_days_before")
RULES_FIELDS = ("seats", "score_basis", "women_min_share", "women_min_share_per_country",
                "max_per_organisation", "waiting_list_size", "country_rules")


@transaction.atomic
def call_create(*, event: Event, actor: User, data: dict[str, Any]) -> Call:
    call = Call(event=event, **{name: data[name] for name in SETTINGS_FIELDS if name in data})
    full_clean_or_refuse(call)
    call.save()
    log_action(actor=actor, verb=CALL_CREATED, obj=call, scope=event,
               data={name: data[name] for name in SETTINGS_FIELDS if name in data})
    return call


def _update(*, call: Call, actor: User, data: dict[str, Any], version: int | None, fields, verb: str) -> Call:
    with transaction.atomic():
        locked = lock_for_edit(Call.objects.select_related("event"), pk=call.pk, expected_version=version)
        locked, changes = model_update(instance=locked, fields=fields, data=data, version_field="version")
        if changes:
            log_action(actor=actor, verb=verb, obj=locked, scope=locked.event, data=changes)
    return locked


def call_update(*, call: Call, actor: User, data: dict[str, Any], version: int | None) -> Call:
    """Save the settings form; refused (code "stale") when someone saved since `version` was read."""
    return _update(call=call, actor=actor, data=data, version=version, fields=SETTINGS_FIELDS, verb=CALL_UPDATED)


def call_rules_save(*, call: Call, actor: User, data: dict[str, Any], version: int | None) -> Call:
    """Save the selection rules (seats, shares, limits per country); the same stale check."""
    return _update(call=call, actor=actor, data=data, version=version, fields=RULES_FIELDS, verb=RULES_SAVED)


@transaction.atomic
def question_add(*, call: Call, actor: User, kind: str, text: str, help_text: str = "",
                 choices: list[str] | None = None, required: bool = False) -> Question:
    choices = [choice.strip() for choice in (choices or []) if choice.strip()]
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE) and len(choices) < 2:
        raise ServiceError(_("A choice question needs at least two choices, one per line."), code="choices",
                           field="choices")
    question = Question.objects.create(call=call, kind=kind, text=text, help_text=help_text,
                                       choices=choices, required=required, position=call.questions.count())
    log_action(actor=actor, verb=QUESTION_ADDED, obj=question, scope=call.event,
               data={"call": call.pk, "kind": kind, "text": text, "required": required})
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    if question.answers.exists():
        # Deleting it would silently delete applicants' answers.
        raise ServiceError(_("This question already has answers and cannot be removed."), code="answered")
    call = question.call
    log_action(actor=actor, verb=QUESTION_DELETED, obj=question, scope=call.event,
               data={"call": call.pk, "text": question.text})
    question.delete()


@transaction.atomic
def criterion_add(*, call: Call, actor: User, title: str, description: str = "",
                  weight: Decimal = Decimal(1)) -> Criterion:
    if weight <= 0:
        raise ServiceError(_("A weight must be greater than zero."), code="weight", field="weight")
    criterion = Criterion.objects.create(call=call, title=title, description=description, weight=weight,
                                         position=call.criteria.count())
    log_action(actor=actor, verb=CRITERION_ADDED, obj=criterion, scope=call.event,
               data={"call": call.pk, "title": title, "weight": str(weight)})
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor: User) -> None:
    call = criterion.call
    log_action(actor=actor, verb=CRITERION_DELETED, obj=criterion, scope=call.event,
               data={"call": call.pk, "title": criterion.title})
    criterion.delete()


@transaction.atomic
def reviewer_pool_set(*, call: Call, actor: User, reviewers: list[User]) -> dict[str, list[int]]:
    """Set who may be assigned to review; returns (and logs) who was added and who removed."""
    before = set(call.reviewers.values_list("pk", flat=True))
    after = {reviewer.pk for reviewer in reviewers}
    change = {"added": sorted(after - before), "removed": sorted(before - after)}
    if change["added"] or change["removed"]:
        call.reviewers.set(reviewers)
        log_action(actor=actor, verb=REVIEWERS_CHANGED, scope=call.event, data={"call": call.pk, **change})
    return change
