"""The 2021 workshop's six action plans: delegations from the registered participants (the selected
applicants of the calls demo), situation analyses from each country's atlas gaps, actions linked to real
atlas instruments, scores from every member, agreed and finalised plans with follow-up; Korea's and the
Philippines' plans public. Everything through the services, so the event's action log tells the story."""

import datetime as dt
import random

from django.db import transaction

from ssehub.accounts.models import User
from ssehub.atlas.models import Institution, Instrument
from ssehub.calls.enums import Outcome
from ssehub.calls.models import Application
from ssehub.events.enums import RegistrationSource
from ssehub.events.models import Event
from ssehub.events.services import registration_register
from ssehub.planning import selectors
from ssehub.planning.demo_data import ACTIONS, ANALYSIS, PUBLIC, UPDATES
from ssehub.planning.enums import Step, StepState
from ssehub.planning.models import Delegation
from ssehub.planning.services import followup, scoring, setup, workspace

DEMO_PRIORITY = 60
EVENT_SLUG = "sse-capacity-building-workshop-2021"
COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID"]
NEEDED = ("government", "employers", "workers", "sse_practitioner")
LANGUAGE = {"CN": "zh-hans", "JP": "ja", "KR": "ko", "PH": "fil", "MY": "ms", "ID": "id"}
# How each constituency leans on each action (added to a base score), so that some actions show a
# consensus flag: workers rate decent-work actions higher, employers the market ones.
LEAN = {"workers": {"decent_work_inclusion": 2, "market_access": -1},
        "employers": {"market_access": 2, "decent_work_inclusion": -1}}


def _register_selected(event: Event, organiser) -> None:
    """The selected applicants took their seats; where a delegation lacked one of the three constituents
    or an SSE practitioner, the organisers registered the first such applicant directly."""
    applications = list(Application.objects.filter(call__event=event).select_related("applicant")
                        .order_by("country", "pk"))
    present = set()
    for application in applications:
        if application.outcome == Outcome.SELECTED:
            registration_register(event=event, user=application.applicant, source=RegistrationSource.INVITATION,
                                  actor=organiser)
            present.add((application.country, application.constituency))
    for application in applications:
        key = (application.country, application.constituency)
        if application.constituency in NEEDED and key not in present:
            registration_register(event=event, user=application.applicant, source=RegistrationSource.DIRECT,
                                  actor=organiser)
            present.add(key)


def _instrument(country: str, title: str):
    return Instrument.objects.filter(country=country, title=title, is_published=True).first() if title else None


def _open_all(delegation, actor):
    for step in Step.values:
        if delegation.state_of(step) != StepState.OPEN:
            delegation = workspace.step_set(delegation=delegation, step=step, state=StepState.OPEN, actor=actor)
    return delegation


def _plan(delegation: Delegation, facilitator, organiser, rng: random.Random) -> None:
    country = delegation.country.code
    delegation = _open_all(delegation, facilitator)
    members = list(selectors.members_of(delegation).filter(role="member"))
    authors = [m.user for m in members] or [facilitator]
    gaps = selectors.atlas_options(country)["gaps"][:2]
    for number, (code, label) in enumerate(gaps):
        workspace.analysis_item_create(delegation=delegation, actor=authors[number % len(authors)], data={
            "kind": "challenge", "dimension": code,
            "text": f"No instrument in the atlas covers “{label}”: policy has nothing to build on here yet."})
    for number, (kind, text, title) in enumerate(ANALYSIS[country]):
        instrument = _instrument(country, title)
        workspace.analysis_item_create(delegation=delegation, actor=authors[(number + 2) % len(authors)], data={
            "kind": kind, "text": text, "instruments": [instrument] if instrument else []})
    actions = []
    for number, row in enumerate(ACTIONS[country]):
        (title, description, dimension, entity_types, lead, partners, time_frame, resources, indicators, risks,
         instrument_title, link) = row
        institution = Institution.objects.filter(country=country, name=lead).first()
        instrument = _instrument(country, instrument_title)
        actions.append(workspace.action_create(delegation=delegation, actor=authors[number % len(authors)], data={
            "title": title, "description": description, "dimension": dimension, "entity_types": entity_types,
            "lead_institution": institution, "lead_agency_text": "" if institution else lead, "partners": partners,
            "time_frame": time_frame, "resources": resources, "risks": risks,
            "indicators": [{"name": n, "baseline": b, "target": t} for n, b, t in indicators],
            "instrument": instrument, "instrument_link": link if instrument or link == "create" else "",
            "owner": authors[number % len(authors)]}))
    criteria = selectors.criteria_of(delegation.event_id)
    for member in members:
        lean = LEAN.get(member.constituency, {})
        entries = []
        for position, action in enumerate(actions):
            base = 4 if position < 2 else 3
            for criterion in criteria:
                value = base + lean.get(action.dimension, 0) + rng.choice((-1, 0, 0, 1))
                entries.append((action.pk, criterion.pk, max(1, min(5, value)), ""))
        scoring.scores_save(delegation=delegation, actor=member.user, entries=entries)
    ranking = selectors.ranking(delegation)
    order = [result.action for result in ranking.results][:3]
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=order, reason="")
    scoring.plan_finalise(delegation=delegation, actor=facilitator)
    for action_id in order[:2]:
        action = selectors.action_of(delegation, action_id)
        for on, status, progress, note, link in UPDATES:
            followup.update_add(action=action, actor=action.owner or facilitator, data={
                "on": dt.date.fromisoformat(on), "status": status, "progress": progress, "note": note,
                "evidence": [link] if link else []})
    if country in PUBLIC:
        scoring.plan_publish(delegation=delegation, actor=facilitator, public=True)


@transaction.atomic
def load(*, stdout=None) -> list[Delegation]:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = User.objects.filter(email="organiser@demo.ssehub.org").first()
    facilitator = User.objects.filter(email="facilitator@demo.ssehub.org").first()
    if event is None or organiser is None or facilitator is None:
        return []
    if Delegation.objects.filter(event=event, is_final=True).exists():
        if stdout:
            stdout.write("Planning: the workshop's plans are already there")
        return list(Delegation.objects.filter(event=event))
    _register_selected(event, organiser)
    delegations = [d for d in setup.delegations_create(event=event, actor=organiser) if d.country.code in COUNTRIES]
    rng = random.Random(2021)
    for delegation in delegations:
        Delegation.objects.filter(pk=delegation.pk).update(language=LANGUAGE[delegation.country.code])
        setup.facilitator_assign(delegation=delegation, user=facilitator, actor=organiser)
        _plan(Delegation.objects.select_related("event").get(pk=delegation.pk), facilitator, organiser, rng)
    if stdout:
        stdout.write(f"Planning: {len(delegations)} delegations with finalised plans "
                     f"({', '.join(PUBLIC)} public)")
    return delegations
