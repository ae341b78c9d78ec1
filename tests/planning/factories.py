"""A delegation ready to work in: an event, registered people from three constituencies, a facilitator."""

from ssehub.atlas.enums import Dimension
from ssehub.planning.enums import Step, StepState
from ssehub.planning.models import Delegation, PolicyAction
from ssehub.planning.services import setup
from tests.agenda.factories import EventFactory, register
from tests.factories import make_user


def make_event_with_people(country="KR", people=(("government", "Kim Ji-yeon (김지연)"), ("workers", "Kang Min-soo"),
                                                 ("employers", "Park Hye-jin"))):
    organiser = make_user("organiser")
    event = EventFactory()
    event.organisers.add(organiser)
    members = []
    for constituency, name in people:
        user = make_user("participant", country=country, constituency=constituency, full_name=name)
        register(event, user)
        members.append(user)
    return event, organiser, members


def make_delegation(country="KR", open_steps=tuple(Step.values), **kwargs):
    event, organiser, members = make_event_with_people(country, **kwargs)
    setup.delegations_create(event=event, actor=organiser)
    delegation = Delegation.objects.select_related("event").get(event=event, country=country)
    facilitator = make_user("facilitator", country=country, constituency="sse_practitioner")
    setup.facilitator_assign(delegation=delegation, user=facilitator, actor=organiser)
    Delegation.objects.filter(pk=delegation.pk).update(**{f"{step}_state": StepState.OPEN for step in open_steps})
    delegation.refresh_from_db()
    return delegation, organiser, facilitator, members


def add_actions(delegation, count, author=None):
    return PolicyAction.objects.bulk_create([
        PolicyAction(delegation=delegation, title=f"Action {n}: review the cooperative law", author=author,
                     dimension=Dimension.LEGAL_FRAMEWORK) for n in range(1, count + 1)
    ])
