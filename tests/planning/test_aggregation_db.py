"""The ranking the pages use is computed by the database (aggregation_db); it must give what the
reference module gives, on SQLite and PostgreSQL, under every method and any 2:1:1 weights."""

import random

import pytest

from ssehub.planning import aggregation, selectors
from ssehub.planning.models import Criterion, Member, PlanningSetup, Score
from ssehub.planning.services import scoring
from ssehub.planning.services.scoring import cells_rebuild
from tests.factories import make_user
from tests.planning.factories import add_actions, make_delegation

pytestmark = pytest.mark.django_db

CONSTITUENCIES = ("government", "employers", "workers", "sse_practitioner", "researcher", "international")


def _summary(results):
    return [(r.action, round(r.score, 9) if r.score is not None else None, r.rank, r.tied, r.scorers,
             {c: round(v, 9) for c, v in r.by_criterion.items()}, r.disagreement,
             [(v.constituency, v.people, round(v.mean, 9), round(v.spread, 9)) for v in r.constituencies])
            for r in results]


def _random_delegation(seed):
    """Twelve actions (two never scored), three criteria, eighteen people scoring most of them."""
    rng = random.Random(seed)
    delegation, _o, _f, _m = make_delegation()
    Criterion.objects.create(event=delegation.event, code="gender", title="Gender equality", position=9)
    criteria = selectors.criteria_of(delegation.event)[:3]
    actions = add_actions(delegation, 12)
    users = [make_user("participant") for _n in range(18)]
    Member.objects.bulk_create([Member(delegation=delegation, event_id=delegation.event_id, user=user,
                                       constituency=CONSTITUENCIES[n % len(CONSTITUENCIES)])
                                for n, user in enumerate(users)])
    Score.objects.bulk_create([
        Score(delegation=delegation, action=action, criterion=criterion, user=user, value=rng.randint(1, 5),
              constituency=CONSTITUENCIES[n % len(CONSTITUENCIES)])
        for action in actions[:10] for criterion in criteria for n, user in enumerate(users) if rng.random() < 0.8])
    cells_rebuild(delegation=delegation)
    return delegation, actions, criteria


@pytest.mark.parametrize("method", aggregation.METHODS)
@pytest.mark.parametrize("weights", [{}, {"researcher": 0.5, "sse_practitioner": 0, "international": 2}])
def test_database_ranking_equals_the_reference(method, weights):
    delegation, actions, criteria = _random_delegation(seed=len(weights) * 10 + aggregation.METHODS.index(method))
    PlanningSetup.objects.update_or_create(event=delegation.event, defaults={"other_weights": weights})
    got = selectors.ranking(delegation, method=method).results
    expected = aggregation.aggregate(selectors.score_cells(delegation), actions=[a.pk for a in actions],
                                     method=method, weights=weights, criteria=[c.pk for c in criteria])
    assert _summary(got) == _summary(expected)
    assert [r.score for r in got[-2:]] == [None, None]  # the two unscored actions come last


def _worked_example():
    """The issue's example through the services: four government members score A 5 and B 1, one workers'
    member A 1 and B 5, one employers' member A 3 and B 3."""
    people = [("government", f"Minister {n}") for n in range(4)] + [("workers", "Union"), ("employers", "Federation")]
    delegation, _o, _f, members = make_delegation(people=people)
    criterion = selectors.criteria_of(delegation.event)[0]
    a, b = add_actions(delegation, 2)
    for user, (constituency, _name) in zip(members, people, strict=True):
        values = {"government": (5, 1), "workers": (1, 5), "employers": (3, 3)}[constituency]
        scoring.scores_save(delegation=delegation, actor=user,
                            entries=[(a.pk, criterion.pk, values[0], ""), (b.pk, criterion.pk, values[1], "")])
    return delegation, a, b


@pytest.mark.parametrize(("method", "score_a", "score_b"), [("one_person", 4.0, 2.0), ("equal", 3.0, 3.0),
                                                             ("211", 3.5, 2.5)])
def test_worked_example_in_the_database(method, score_a, score_b):
    delegation, a, b = _worked_example()
    results = {r.action: r for r in selectors.ranking(delegation, method=method).results}
    assert (round(results[a.pk].score, 2), round(results[b.pk].score, 2)) == (score_a, score_b)
    if method == "equal":
        assert results[a.pk].rank == results[b.pk].rank == 1
        assert results[a.pk].tied


def test_a_constituency_weighed_zero_alone_leaves_the_action_unscored_under_211():
    delegation, _o, _f, members = make_delegation(people=[("researcher", "Dr Lee")])
    criterion = selectors.criteria_of(delegation.event)[0]
    action = add_actions(delegation, 1)[0]
    scoring.scores_save(delegation=delegation, actor=members[0], entries=[(action.pk, criterion.pk, 4, "")])
    PlanningSetup.objects.update_or_create(event=delegation.event, defaults={"other_weights": {"researcher": 0}})
    assert selectors.ranking(delegation, method="211").results[0].score is None
    assert selectors.ranking(delegation, method="equal").results[0].score == 4.0


def test_without_criteria_every_action_is_unscored():
    delegation, _o, _f, _m = make_delegation()
    Criterion.objects.filter(event=delegation.event).delete()
    add_actions(delegation, 2)
    assert [r.score for r in selectors.ranking(delegation).results] == [None, None]
