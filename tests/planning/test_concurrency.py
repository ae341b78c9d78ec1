"""Two requests at the same instant: two members' scores both count; a score racing the finalising is
either saved before it or refused after it, never half-way."""


import pytest
from django.test import Client
from django.urls import reverse

from ssehub.planning import selectors
from ssehub.planning.models import Delegation, Score
from ssehub.planning.services import scoring
from tests.concurrency import at_the_same_instant
from tests.planning.factories import add_actions, make_delegation

_run_together = at_the_same_instant


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_two_members_scoring_at_once_both_count():
    delegation, _o, _f, members = make_delegation()
    action = add_actions(delegation, 1)[0]
    criterion = selectors.criteria_of(delegation.event)[0]
    url = reverse("planning:score", args=[delegation.pk])
    clients = [_client_for(members[0]), _client_for(members[1])]
    statuses = _run_together(*[lambda c=c, v=v: c.post(url, {f"s-{action.pk}-{criterion.pk}": str(v)}).status_code
                               for c, v in zip(clients, (2, 5), strict=True)])
    assert statuses == [302, 302]
    assert sorted(Score.objects.values_list("value", flat=True)) == [2, 5]


@pytest.mark.django_db(transaction=True)
def test_score_racing_the_finalising_is_saved_before_or_refused_after():
    delegation, _o, facilitator, members = make_delegation()
    actions = add_actions(delegation, 2)
    criterion = selectors.criteria_of(delegation.event)[0]
    scoring.priorities_agree(delegation=delegation, actor=facilitator, action_ids=[a.pk for a in actions], reason="")
    score_client, facilitator_client = _client_for(members[0]), _client_for(facilitator)
    score_status, final_status = _run_together(
        lambda: score_client.post(reverse("planning:score", args=[delegation.pk]),
                                  {f"s-{actions[0].pk}-{criterion.pk}": "4"}).status_code,
        lambda: facilitator_client.post(reverse("planning:finalise", args=[delegation.pk])).status_code,
    )
    assert final_status == 302
    assert Delegation.objects.get(pk=delegation.pk).is_final
    assert (score_status, Score.objects.count()) in [(302, 1), (400, 0)]
