"""Workspace, ranking, organisers' overview and public plan make the same number of queries with 1 and
200 actions and members."""

import pytest
from django.urls import reverse

from ssehub.accounts.models import Profile, User
from ssehub.planning import selectors
from ssehub.planning.models import Delegation, Member, Priority, Score
from ssehub.planning.services.scoring import cells_rebuild
from tests.planning.factories import add_actions, make_delegation

pytestmark = pytest.mark.django_db


def _grow(delegation, size):
    """`size` actions and `size` members in all, every member scoring every action on one criterion."""
    actions = add_actions(delegation, size)
    existing = Member.objects.filter(delegation=delegation, role="member").count()
    users = User.objects.bulk_create([User(email=f"m{n}-{delegation.pk}@example.org") for n in range(size - existing)])
    Profile.objects.bulk_create([Profile(user=user, full_name=f"Member {n}", country="KR") for n, user in enumerate(users)])
    Member.objects.bulk_create([Member(delegation=delegation, event_id=delegation.event_id, user=user,
                                       constituency=("government", "workers", "employers")[n % 3])
                                for n, user in enumerate(users)])
    criterion = selectors.criteria_of(delegation.event)[0]
    members = list(Member.objects.filter(delegation=delegation, role="member").values_list("user_id", flat=True))
    Score.objects.bulk_create([Score(delegation=delegation, action=action, criterion=criterion, user_id=user,
                                     value=1 + (action.pk + user) % 5)
                               for action in actions[:20] for user in members])
    cells_rebuild(delegation=delegation)
    Priority.objects.bulk_create([Priority(delegation=delegation, action=action, position=n)
                                  for n, action in enumerate(actions, start=1)])
    return actions


@pytest.mark.parametrize(("name", "size", "expected"), [
    ("workspace", 1, 15), ("workspace", 200, 15),
    ("ranking", 1, 12), ("ranking", 200, 12),
])
def test_delegation_pages_query_count_is_flat(client, django_assert_num_queries, name, size, expected):
    delegation, organiser, _f, _m = make_delegation(people=[("government", "Kim Ji-yeon (김지연)")])
    actions = _grow(delegation, size)
    client.force_login(organiser)
    url = reverse(f"planning:{name}", args=[delegation.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert actions[-1].title in response.content.decode()


@pytest.mark.parametrize(("size", "expected"), [(1, 12), (200, 12)])
def test_overview_query_count_is_flat(client, django_assert_num_queries, size, expected):
    delegation, organiser, _f, _m = make_delegation(people=[("government", "Kim Ji-yeon (김지연)")])
    _grow(delegation, size)
    client.force_login(organiser)
    url = reverse("planning:overview", args=[delegation.event.slug])
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert "Korea" in response.content.decode()


@pytest.mark.parametrize(("size", "expected"), [(1, 6), (200, 6)])
def test_public_plan_query_count_is_flat(client, settings, django_assert_num_queries, size, expected):
    settings.SSEHUB_PAGE_CACHE_SECONDS = 0  # the cost of rendering it, not of the whole-page cache (ADR 0010)
    delegation, _o, _f, _m = make_delegation(people=[("government", "Kim Ji-yeon (김지연)")])
    actions = _grow(delegation, size)
    Delegation.objects.filter(pk=delegation.pk).update(is_final=True, is_public=True, finalised_method="equal")
    url = reverse("planning:public_plan", args=[delegation.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert actions[-1].title in response.content.decode()
