"""Cases link to policy actions of public plans (planning registers them through community.case_links);
links to a public plan or its actions in posts render as cards. A private plan's action never shows."""

import pytest
from django.urls import reverse

from ssehub.atlas.enums import Dimension, EntityType
from ssehub.community.forms import CaseForm
from ssehub.community.models import CaseLink
from ssehub.community.services import cases as services
from ssehub.community.services import discussions
from ssehub.core.errors import ServiceError
from ssehub.planning.models import Delegation, PolicyAction, Priority
from tests.community.helpers import category, ended_event, member
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def plan(country: str, *, public: bool, actions: tuple[str, ...], extra: str = "") -> tuple[Delegation, list]:
    """A final plan whose agreed priorities are `actions`; `extra` is an action that is not a priority."""
    event = ended_event(f"workshop-{country.lower()}-{public}")
    delegation = Delegation.objects.create(event=event, country=country, is_final=True, is_public=public,
                                           finalised_method="equal")
    made = [PolicyAction.objects.create(delegation=delegation, title=title, dimension=Dimension.LEGAL_FRAMEWORK)
            for title in actions]
    Priority.objects.bulk_create([Priority(delegation=delegation, action=action, position=n)
                                  for n, action in enumerate(made, start=1)])
    if extra:
        made.append(PolicyAction.objects.create(delegation=delegation, title=extra,
                                                dimension=Dimension.FINANCE))
    return delegation, made


@pytest.fixture
def plans():
    public, public_actions = plan("KR", public=True, actions=("Open a cooperative registration desk",),
                                  extra="Draft idea still in the workspace")
    private, private_actions = plan("JP", public=False, actions=("Secret pilot with the ministry",))
    return {"public": public, "public_actions": public_actions, "private": private,
            "private_actions": private_actions}


def _case_data(**overrides):
    return {"title": "Registration desks in Seoul", "country": "KR", "entity_type": EntityType.COOPERATIVE,
            "dimension": Dimension.LEGAL_FRAMEWORK, "problem": "Registration took months.",
            "approach": "One desk per district.", "results": "Two weeks on average.", "lessons": "", "contact": "",
            **overrides}


def _offered(form) -> set[int]:
    return {pk for _group, items in form.fields["links_planning_action"].choices for pk, _label in items}


def test_the_case_form_offers_priority_actions_of_public_plans_only(plans):
    form = CaseForm()
    desk, _draft_idea = plans["public_actions"]
    assert _offered(form) == {desk.pk}
    groups = [group for group, _items in form.fields["links_planning_action"].choices]
    assert groups == [f"SSE policy action plan: South Korea · {plans['public'].event.title}"]
    html = form.as_div()
    assert "Open a cooperative registration desk" in html
    assert "Secret pilot with the ministry" not in html
    assert "Draft idea still in the workspace" not in html


def test_a_submitter_links_a_public_action_and_the_case_page_links_to_the_public_plan(client, plans):
    author = member()
    client.force_login(author.user)
    desk = plans["public_actions"][0]
    response = client.post(reverse("community:case_create"), {
        **_case_data(), "links_planning_action": [str(desk.pk)]})
    assert response.status_code == 302
    link = CaseLink.objects.get()
    assert (link.kind, link.target_id) == ("planning.action", desk.pk)
    services.case_publish(case=link.case, actor=make_user("editor"))
    client.logout()
    page = client.get(reverse("community:case", kwargs={"pk": link.case_id})).content.decode()
    assert "Priority actions" in page
    assert f'<a href="{reverse("planning:public_plan", args=[plans["public"].pk])}">Open a cooperative registration desk</a>' in page


def test_a_private_plans_action_is_refused_by_the_form_and_by_the_service(client, plans):
    author = member()
    secret = plans["private_actions"][0]
    not_priority = plans["public_actions"][1]
    client.force_login(author.user)
    response = client.post(reverse("community:case_create"), {**_case_data(), "links_planning_action": [str(secret.pk)]})
    assert response.status_code == 400
    assert "Secret pilot" not in response.content.decode()
    for action in (secret, not_priority):
        with pytest.raises(ServiceError) as error:
            services.case_create(actor=author.user, data={**_case_data(), "links": {"planning.action": [action.pk]}})
        assert error.value.code == "links"
    assert CaseLink.objects.count() == 0


def test_a_plan_made_private_again_disappears_from_the_case_but_an_edit_keeps_the_link(client, plans):
    desk = plans["public_actions"][0]
    editor = make_user("editor")
    case = services.case_create(actor=None, data={**_case_data(), "links": {"planning.action": [desk.pk]}})
    services.case_publish(case=case, actor=editor)
    url = reverse("community:case", kwargs={"pk": case.pk})
    assert "Open a cooperative registration desk" in client.get(url).content.decode()
    Delegation.objects.filter(pk=plans["public"].pk).update(is_public=False)
    assert "Open a cooperative registration desk" not in client.get(url).content.decode()
    assert "links_planning_action" not in CaseForm(instance=case).fields  # no public plan left to offer
    # The editor cannot see the link, so saving the case does not drop it: public again, it shows again.
    case.refresh_from_db()
    services.case_update(case=case, actor=editor, data={"lessons": "Start small.", "links": {"planning.action": []}},
                         expected_version=case.version)
    assert CaseLink.objects.filter(case=case, target_id=desk.pk).exists()
    Delegation.objects.filter(pk=plans["public"].pk).update(is_public=True)
    assert "Open a cooperative registration desk" in client.get(url).content.decode()


def test_unlinking_an_action_is_a_new_revision_and_a_stale_form_is_refused(plans):
    desk = plans["public_actions"][0]
    author = member()
    case = services.case_create(actor=author.user, data={**_case_data(), "links": {"planning.action": [desk.pk]}})
    services.case_update(case=case, actor=author.user, data={"links": {"planning.action": []}},
                         expected_version=case.version)
    case.refresh_from_db()
    assert (case.version, CaseLink.objects.count(), case.revisions.count()) == (2, 0, 2)
    assert case.revisions.get(number=2).snapshot["links"] == {}
    with pytest.raises(ServiceError) as error:
        services.case_update(case=case, actor=author.user, data={"links": {"planning.action": [desk.pk]}},
                             expected_version=1)
    assert error.value.is_stale


def test_links_to_a_public_plan_and_its_action_render_as_cards_but_a_private_ones_do_not(client, plans):
    desk = plans["public_actions"][0]
    secret = plans["private_actions"][0]
    public_plan = reverse("planning:public_plan", args=[plans["public"].pk])
    private_plan = reverse("planning:public_plan", args=[plans["private"].pk])

    def workspace(action):
        return reverse("planning:action_detail", kwargs={"pk": action.delegation_id, "action_pk": action.pk})

    body = (f"See <https://hub.example{public_plan}>, <https://hub.example{workspace(desk)}>, "
            f"<https://hub.example{private_plan}> and <https://hub.example{workspace(secret)}>.")
    topic = discussions.topic_create(category=category(), author=member().user, title="Plans", body=body)
    refs = topic.posts.get().card_refs
    assert refs == [["planning.plan", plans["public"].pk], ["planning.action", desk.pk],
                    ["planning.plan", plans["private"].pk], ["planning.action", secret.pk]]
    page = client.get(reverse("community:topic", kwargs={"pk": topic.pk})).content.decode()
    assert page.count('class="record-card"') == 2
    assert "SSE policy action plan: South Korea" in page
    assert f'<a href="{public_plan}">Open a cooperative registration desk</a>' in page
    assert "Secret pilot" not in page
    assert "SSE policy action plan: Japan" not in page


def test_the_case_revision_names_public_actions_only(client, plans):
    desk = plans["public_actions"][0]
    editor = make_user("editor")
    case = services.case_create(actor=None, data={**_case_data(), "links": {"planning.action": [desk.pk]}})
    services.case_publish(case=case, actor=editor)
    client.force_login(editor)
    url = reverse("community:case_revision", kwargs={"pk": case.pk, "number": 1})
    assert "+Open a cooperative registration desk" in client.get(url).content.decode()
    Delegation.objects.filter(pk=plans["public"].pk).update(is_public=False)
    page = client.get(url).content.decode()
    assert "Open a cooperative registration desk" not in page
    assert "Priority actions" not in page
