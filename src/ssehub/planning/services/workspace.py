"""Members' and facilitators' writes in the workspace: the steps, the situation analysis, the actions."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.atlas.enums import EntityType
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit
from ssehub.core.updates import model_update
from ssehub.planning.enums import Step, StepState
from ssehub.planning.models import AnalysisItem, Delegation, PolicyAction
from ssehub.planning.services.common import lock_delegation, refuse_if_final, require_open, touch

STEP_CHANGED = action_verb("planning.step.change", gettext_lazy("Opened or closed a planning step"))
LANGUAGE_SET = action_verb("planning.plan.language", gettext_lazy("Chose the language of a plan"))
ITEM_ADDED = action_verb("planning.analysis.add", gettext_lazy("Added to the situation analysis"))
ITEM_UPDATED = action_verb("planning.analysis.update", gettext_lazy("Changed the situation analysis"))
ITEM_REMOVED = action_verb("planning.analysis.remove", gettext_lazy("Removed from the situation analysis"))
ACTION_ADDED = action_verb("planning.action.add", gettext_lazy("Proposed a policy action"))
ACTION_UPDATED = action_verb("planning.action.update", gettext_lazy("Changed a policy action"))

ITEM_FIELDS = ("kind", "text", "dimension", "instruments")
ACTION_FIELDS = ("title", "description", "dimension", "entity_types", "lead_institution", "lead_agency_text",
                 "partners", "time_frame", "resources", "indicators", "risks", "instrument", "instrument_link",
                 "owner")


@transaction.atomic
def step_set(*, delegation: Delegation, step: str, state: str, actor) -> Delegation:
    """Open or close one step (the facilitator's button); reopening a closed step is allowed."""
    if step not in Step.values or state not in (StepState.OPEN, StepState.CLOSED):
        raise ServiceError(_("Unknown step or state."), code="invalid")
    delegation = lock_delegation(delegation)
    refuse_if_final(delegation)
    old = delegation.state_of(step)
    if old == state:
        return delegation
    setattr(delegation, f"{step}_state", state)
    delegation.save(update_fields=[f"{step}_state"])
    touch(delegation.pk)
    log_action(actor=actor, verb=STEP_CHANGED, obj=delegation, scope=delegation.event,
               data={"step": step, "state": [old, state]})
    return delegation


@transaction.atomic
def plan_language_set(*, delegation: Delegation, language: str, actor) -> Delegation:
    """The language the plan's Word and PDF files are written in (names stay in their own scripts)."""
    delegation = lock_delegation(delegation)
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose one of the site's languages."), code="invalid", field="language")
    if delegation.language != language:
        old = delegation.language
        delegation.language = language
        delegation.save(update_fields=["language"])
        touch(delegation.pk)
        log_action(actor=actor, verb=LANGUAGE_SET, obj=delegation, scope=delegation.event,
                   data={"language": [old, language]})
    return delegation


def _check_instruments(delegation: Delegation, instruments) -> None:
    for instrument in instruments or []:
        if instrument is not None and instrument.country.code != delegation.country.code:
            raise ServiceError(_("Link instruments of the delegation's own country."), code="invalid",
                               field="instruments")


@transaction.atomic
def analysis_item_create(*, delegation: Delegation, actor, data: dict) -> AnalysisItem:
    delegation = lock_delegation(delegation)
    require_open(delegation, Step.ANALYSIS)
    _check_instruments(delegation, data.get("instruments"))
    item = AnalysisItem(delegation=delegation, author=actor, kind=data.get("kind", ""),
                        text=(data.get("text") or "").strip(), dimension=data.get("dimension") or "")
    full_clean_or_refuse(item)
    item.save()
    item.instruments.set(data.get("instruments") or [])
    touch(delegation.pk)
    log_action(actor=actor, verb=ITEM_ADDED, obj=item, scope=delegation.event,
               data={"kind": item.kind, "text": item.text[:200]})
    return item


@transaction.atomic
def analysis_item_update(*, item: AnalysisItem, actor, data: dict, expected_version: int | None) -> AnalysisItem:
    delegation = lock_delegation(item.delegation)
    item = lock_for_edit(AnalysisItem, pk=item.pk, expected_version=expected_version)
    require_open(delegation, Step.ANALYSIS)
    _check_instruments(delegation, data.get("instruments"))
    item, changes = model_update(instance=item, fields=ITEM_FIELDS, data=data, version_field="version")
    if changes:
        touch(delegation.pk)
        log_action(actor=actor, verb=ITEM_UPDATED, obj=item, scope=delegation.event, data=changes)
    return item


@transaction.atomic
def analysis_item_delete(*, item: AnalysisItem, actor) -> None:
    delegation = lock_delegation(item.delegation)
    require_open(delegation, Step.ANALYSIS)
    log_action(actor=actor, verb=ITEM_REMOVED, obj=item, scope=delegation.event, data={"text": item.text[:200]})
    item.delete()
    touch(delegation.pk)


def _clean_action_data(delegation: Delegation, data: dict) -> dict:
    data = dict(data)
    if "title" in data:
        data["title"] = (data["title"] or "").strip()
    if "entity_types" in data:
        unknown = set(data["entity_types"] or []) - set(EntityType.values)
        if unknown:
            raise ServiceError(_("Unknown SSE entity type."), code="invalid", field="entity_types")
        data["entity_types"] = [code for code in EntityType.values if code in set(data["entity_types"] or [])]
    if "indicators" in data:
        indicators = []
        for row in data["indicators"] or []:
            name = str(row.get("name", "")).strip()
            if not name:
                raise ServiceError(_("Every indicator needs a name."), code="invalid", field="indicators")
            indicators.append({"name": name[:300], "baseline": str(row.get("baseline", "")).strip()[:200],
                               "target": str(row.get("target", "")).strip()[:200]})
        data["indicators"] = indicators
    _check_instruments(delegation, [data.get("instrument")])
    institution = data.get("lead_institution")
    if institution is not None and institution.country.code != delegation.country.code:
        raise ServiceError(_("Choose a lead agency of the delegation's own country."), code="invalid",
                           field="lead_institution")
    if data.get("instrument") is not None and not data.get("instrument_link"):
        raise ServiceError(_("Say whether the action creates, amends or implements the instrument."),
                           code="invalid", field="instrument_link")
    return data


@transaction.atomic
def action_create(*, delegation: Delegation, actor, data: dict) -> PolicyAction:
    delegation = lock_delegation(delegation)
    require_open(delegation, Step.ACTIONS)
    data = _clean_action_data(delegation, data)
    action = PolicyAction(delegation=delegation, author=actor)
    for name in ACTION_FIELDS:
        if name in data:
            setattr(action, name, data[name])
    full_clean_or_refuse(action)
    action.save()
    touch(delegation.pk)
    log_action(actor=actor, verb=ACTION_ADDED, obj=action, scope=delegation.event, data={"title": action.title})
    return action


@transaction.atomic
def action_update(*, action: PolicyAction, actor, data: dict, expected_version: int | None) -> PolicyAction:
    """Change an action; refused when someone saved it after the form was opened (naming them)."""
    delegation = lock_delegation(action.delegation)
    action = lock_for_edit(PolicyAction, pk=action.pk, expected_version=expected_version)
    refuse_if_final(delegation)
    if not (delegation.is_open(Step.ACTIONS) or delegation.is_open(Step.PRIORITIES)):
        raise ServiceError(_("This step is not open. The facilitator opens and closes the steps."),
                           code="step_closed")
    data = _clean_action_data(delegation, data)
    action, changes = model_update(instance=action, fields=ACTION_FIELDS, data=data, version_field="version")
    if changes:
        touch(delegation.pk)
        log_action(actor=actor, verb=ACTION_UPDATED, obj=action, scope=delegation.event, data=changes)
    return action
