"""Access rows for the planning app. The matrix's organiser organises no event and its facilitator and
participant are in no delegation, so only admins reach a private workspace here; members, assigned
facilitators, the event's own organisers, another country's member, another event's participant and
anonymous visitors are tested in tests/planning/test_access.py."""

from tests.access import only, public


def _delegation():
    from tests.planning.factories import make_delegation

    return {"pk": make_delegation()[0].pk}


def _event():
    from tests.planning.factories import make_delegation

    return {"event_slug": make_delegation()[0].event.slug}


def _action():
    from tests.planning.factories import add_actions, make_delegation

    delegation = make_delegation()[0]
    return {"pk": delegation.pk, "action_pk": add_actions(delegation, 1)[0].pk}


def _item():
    from ssehub.planning.models import AnalysisItem
    from tests.planning.factories import make_delegation

    delegation = make_delegation()[0]
    item = AnalysisItem.objects.create(delegation=delegation, kind="challenge", text="No legal definition of SSE")
    return {"pk": delegation.pk, "item_pk": item.pk}


def _public_plan():
    from tests.planning.test_views import finalised_public_plan

    return {"pk": finalised_public_plan().pk}


ACCESS = {
    "planning:index": public(),
    "planning:overview": only("admin", kwargs=_event),
    "planning:delegations_create": only("admin", kwargs=_event, method="post"),
    "planning:settings": only("admin", kwargs=_event),
    "planning:workspace": only("admin", kwargs=_delegation),
    "planning:changes": only("admin", kwargs=_delegation),
    "planning:members": only("admin", kwargs=_delegation),
    "planning:language": only("admin", kwargs=_delegation, method="post", data=lambda: {"language": "ko"}),
    "planning:step": only("admin", kwargs=lambda: {**_delegation(), "step": "analysis"}, method="post",
                          data=lambda: {"state": "closed"}),
    "planning:analysis_add": only("admin", kwargs=_delegation),
    "planning:analysis_edit": only("admin", kwargs=_item),
    "planning:action_add": only("admin", kwargs=_delegation),
    "planning:action_detail": only("admin", kwargs=_action),
    "planning:action_edit": only("admin", kwargs=_action),
    "planning:score": only("admin", kwargs=_delegation),
    "planning:ranking": only("admin", kwargs=_delegation),
    "planning:matrix": only("admin", kwargs=_delegation),
    "planning:pairwise": only("admin", kwargs=_delegation),
    "planning:priorities": only("admin", kwargs=_delegation),
    "planning:finalise": only("admin", kwargs=_delegation, method="post"),
    "planning:publish": only("admin", kwargs=_delegation, method="post"),
    "planning:public_plan": public(kwargs=_public_plan),
    "planning:plan_export": public(kwargs=lambda: {**_public_plan(), "fmt": "docx"}),
    "api:planning_plan_list": public(),
    "api:planning_plan_detail": public(kwargs=_public_plan),
}
