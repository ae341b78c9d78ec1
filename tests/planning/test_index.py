"""/planning/: where a participant finds their delegation's workspace, an organiser their events'
overviews, and anybody the public plans."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.planning.factories import make_delegation
from tests.planning.test_views import finalised_public_plan

pytestmark = pytest.mark.django_db


def test_a_member_and_a_facilitator_find_their_workspace_and_an_organiser_the_overview(client):
    delegation, organiser, facilitator, members = make_delegation()
    workspace = reverse("planning:workspace", args=[delegation.pk])
    for person in (members[0], facilitator):
        client.force_login(person)
        page = client.get(reverse("planning:index")).content.decode()
        assert f'href="{workspace}"' in page
    client.force_login(organiser)
    page = client.get(reverse("planning:index")).content.decode()
    assert reverse("planning:overview", args=[delegation.event.slug]) in page
    assert f'href="{workspace}"' not in page


def test_others_see_no_private_delegation_only_public_plans(client):
    delegation, _organiser, _facilitator, _members = make_delegation("JP")
    plan = finalised_public_plan()
    workspace = reverse("planning:workspace", args=[delegation.pk])
    client.force_login(make_user("participant", country="JP"))
    page = client.get(reverse("planning:index")).content.decode()
    assert workspace not in page
    assert "You are in no delegation yet." in page
    assert reverse("planning:public_plan", args=[plan.pk]) in page
    client.logout()
    anonymous = client.get(reverse("planning:index")).content.decode()
    assert workspace not in anonymous
    assert "Log in to open your delegation" in anonymous
    assert reverse("planning:public_plan", args=[plan.pk]) in anonymous


def test_the_menu_names_action_planning(client):
    page = client.get(reverse("shell:home")).content.decode()
    assert f'href="{reverse("planning:index")}"' in page


@pytest.mark.parametrize("count", [1, 5])
def test_index_query_count_is_flat(client, django_assert_num_queries, count):
    people = []
    for country in ("KR", "JP", "PH", "MY", "ID")[:count]:
        _d, _o, facilitator, _m = make_delegation(country)
        people.append(facilitator)
    # One facilitator leading every delegation: the list grows, the queries do not.
    from ssehub.planning.models import Delegation, Member

    lead = people[0]
    for delegation in Delegation.objects.exclude(members__user=lead):
        Member.objects.create(delegation=delegation, event=delegation.event, user=lead, role="facilitator",
                              constituency="sse_practitioner")
    client.force_login(lead)
    with django_assert_num_queries(7):
        page = client.get(reverse("planning:index")).content.decode()
    assert page.count('href="/planning/delegations/') == count
