"""The issue's worked example: government 4 members score A 5 and B 1; workers 1 member A 1, B 5;
employers 1 member A 3, B 3."""

import pytest

from ssehub.planning.aggregation import EQUAL, ILO_211, ONE_PERSON, ScoreRow, cells_from_scores, combine
from ssehub.planning.aggregation import aggregate as aggregate_cells

A, B, CRITERION = 1, 2, 7


def aggregate(rows, **options):
    return aggregate_cells(cells_from_scores(rows), **options)


def _example_rows() -> list[ScoreRow]:
    rows = []
    for person in range(4):
        rows += [ScoreRow(person, "government", A, CRITERION, 5), ScoreRow(person, "government", B, CRITERION, 1)]
    rows += [ScoreRow(10, "workers", A, CRITERION, 1), ScoreRow(10, "workers", B, CRITERION, 5)]
    rows += [ScoreRow(20, "employers", A, CRITERION, 3), ScoreRow(20, "employers", B, CRITERION, 3)]
    return rows


def _scores(method: str) -> dict[int, float]:
    return {result.action: round(result.score, 2) for result in aggregate(_example_rows(), actions=[A, B], method=method)}


def test_one_person_one_vote_gives_the_worked_example():
    assert _scores(ONE_PERSON) == {A: 4.0, B: 2.0}


def test_constituencies_alike_gives_a_tie_shown_as_one_rank():
    results = aggregate(_example_rows(), actions=[A, B], method=EQUAL)
    assert [(r.action, round(r.score, 2), r.rank, r.tied) for r in results] == [(A, 3.0, 1, True), (B, 3.0, 1, True)]


def test_ilo_211_gives_the_worked_example():
    assert _scores(ILO_211) == {A: 3.5, B: 2.5}


def test_switching_the_method_reranks():
    assert [r.action for r in aggregate(_example_rows(), actions=[B, A], method=ONE_PERSON)] == [A, B]
    assert [r.action for r in aggregate(_example_rows(), actions=[B, A], method=EQUAL)] == [B, A]


def test_constituency_mean_and_spread_per_action():
    result = next(r for r in aggregate(_example_rows(), actions=[A, B], method=EQUAL) if r.action == A)
    assert [(v.constituency, v.people, v.mean, v.spread) for v in result.constituencies] == [
        ("employers", 1, 3.0, 0.0), ("government", 4, 5.0, 0.0), ("workers", 1, 1.0, 0.0)]


def test_consensus_flag_names_the_constituencies_far_apart():
    result = aggregate(_example_rows(), actions=[A], method=EQUAL)[0]
    assert result.disagreement == ("government", "workers", 4.0)


def test_no_flag_when_constituencies_are_close():
    rows = [ScoreRow(1, "government", A, CRITERION, 4), ScoreRow(2, "workers", A, CRITERION, 3)]
    assert aggregate(rows, actions=[A], method=EQUAL)[0].disagreement is None


def test_spread_within_a_constituency():
    rows = [ScoreRow(1, "workers", A, CRITERION, 1), ScoreRow(2, "workers", A, CRITERION, 5)]
    view = aggregate(rows, actions=[A], method=EQUAL)[0].constituencies[0]
    assert (view.mean, view.spread) == (3.0, 2.0)


def test_unscored_actions_come_last_without_a_rank():
    results = aggregate(_example_rows(), actions=[99, A, B], method=ONE_PERSON)
    assert [(r.action, r.rank) for r in results] == [(A, 1), (B, 2), (99, 0)]


def test_results_average_over_criteria():
    rows = [ScoreRow(1, "government", A, 1, 5), ScoreRow(1, "government", A, 2, 3)]
    assert aggregate(rows, actions=[A], method=EQUAL)[0].score == 4.0


def test_211_other_constituencies_weigh_as_set():
    groups = {"government": (1, 5.0), "sse_practitioner": (1, 1.0)}
    assert combine(groups, method=ILO_211, weights={"sse_practitioner": 0}) == 5.0
    assert combine(groups, method=ILO_211, weights={"sse_practitioner": 2}) == 3.0


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="majority"):
        combine({"government": (1, 1.0)}, method="majority")
