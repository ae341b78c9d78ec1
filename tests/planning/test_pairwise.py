import math

from ssehub.planning.pairwise import fit, next_pair


def test_bradley_terry_orders_by_wins():
    # 0 beats 1 three times out of four, 1 beats 2 three times out of four.
    comparisons = [(0, 1)] * 3 + [(1, 0)] + [(1, 2)] * 3 + [(2, 1)]
    assert [s.item for s in fit(3, comparisons)] == [0, 1, 2]


def test_bradley_terry_matches_the_known_two_item_result():
    # With two items, the maximum-likelihood log-odds is log(wins / losses): here log(3) (tiny ridge).
    strengths = {s.item: s.strength for s in fit(2, [(0, 1)] * 3 + [(1, 0)])}
    assert math.isclose(strengths[0] - strengths[1], math.log(3), abs_tol=0.05)


def test_more_comparisons_mean_less_uncertainty():
    few = fit(2, [(0, 1), (1, 0)])
    many = fit(2, [(0, 1), (1, 0)] * 20)
    assert many[0].error < few[0].error


def test_next_pair_is_the_least_certain_neighbours_not_yet_asked():
    strengths = fit(3, [(0, 1)] * 10 + [(1, 2), (2, 1)])
    assert set(next_pair(strengths)) == {1, 2}
    assert set(next_pair(strengths, asked={frozenset((1, 2))})) == {0, 2}


def test_no_comparisons_yet_still_offers_a_pair():
    assert next_pair(fit(3, [])) is not None
    assert fit(0, []) == []
