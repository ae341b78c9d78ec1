"""Aggregating scores without the ORM: plain rows in, ranking out (docs/decisions/0401).

A score row is (person, constituency, action, criterion, value). For each action and criterion the
method turns the people's values into one number; an action's result is the mean over its criteria.

- constituencies alike: the mean of each constituency's mean (members count alike within it);
- one person, one vote: the mean over people;
- 2:1:1: constituency means weighted government 2, employers 1, workers 1, others `other_weight`.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

EQUAL = "equal"
ONE_PERSON = "one_person"
ILO_211 = "211"
METHODS = (EQUAL, ONE_PERSON, ILO_211)
TRIPARTITE_WEIGHTS = {"government": 2.0, "employers": 1.0, "workers": 1.0}
# Constituency means further apart than this raise the consensus flag.
DISAGREEMENT = 1.5
# Results closer than this are a tie (shown as one rank).
TIE = 0.005


class ScoreRow(NamedTuple):
    """Plain tuples from `values_list` fit too (same positions)."""

    person: int
    constituency: str
    action: int
    criterion: int
    value: int


@dataclass
class ConstituencyView:
    constituency: str
    people: int
    mean: float
    spread: float  # standard deviation of the members' means (0 for one member)


@dataclass
class ActionResult:
    action: int
    score: float | None
    by_criterion: dict[int, float] = field(default_factory=dict)
    constituencies: list[ConstituencyView] = field(default_factory=list)
    scorers: int = 0
    rank: int = 0
    tied: bool = False
    # (constituency_a, constituency_b, gap) where the means differ by more than DISAGREEMENT
    disagreement: tuple[str, str, float] | None = None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _spread(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = _mean(values)
    return math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))


def weight_of(constituency: str, *, other_weight: float) -> float:
    return TRIPARTITE_WEIGHTS.get(constituency, other_weight)


def combine(values_by_constituency: dict[str, list[float]], *, method: str, other_weight: float = 1.0) -> float | None:
    """One number from the values of each constituency's people, by `method`."""
    groups = {key: values for key, values in values_by_constituency.items() if values}
    if not groups:
        return None
    if method == ONE_PERSON:
        return _mean([value for values in groups.values() for value in values])
    if method == EQUAL:
        return _mean([_mean(values) for values in groups.values()])
    if method == ILO_211:
        weights = {key: weight_of(key, other_weight=other_weight) for key in groups}
        total = sum(weights.values())
        if total == 0:
            return None
        return sum(weights[key] * _mean(values) for key, values in groups.items()) / total
    raise ValueError(method)


def aggregate(rows: Iterable[ScoreRow], *, actions: Sequence[int], method: str, other_weight: float = 1.0,
              criteria: Sequence[int] | None = None) -> list[ActionResult]:
    """Every action's result, ranked best first (unscored actions last, in the given order)."""
    cells: dict[int, dict[int, dict[str, list[float]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    person_values: dict[int, dict[tuple[int, str], list[float]]] = defaultdict(lambda: defaultdict(list))
    wanted = set(criteria) if criteria is not None else None
    for person, constituency, action, criterion, value in rows:
        if wanted is not None and criterion not in wanted:
            continue
        cells[action][criterion][constituency].append(value)
        person_values[action][(person, constituency)].append(value)
    results = []
    for action in actions:
        by_criterion = {}
        for criterion, groups in cells.get(action, {}).items():
            value = combine(groups, method=method, other_weight=other_weight)
            if value is not None:
                by_criterion[criterion] = value
        people = person_values.get(action, {})
        per_constituency: dict[str, list[float]] = defaultdict(list)
        for (_person, constituency), values in people.items():
            per_constituency[constituency].append(_mean(values))
        views = [ConstituencyView(key, len(values), _mean(values), _spread(values))
                 for key, values in sorted(per_constituency.items())]
        result = ActionResult(
            action=action, score=_mean(list(by_criterion.values())) if by_criterion else None,
            by_criterion=by_criterion, constituencies=views, scorers=len(people),
            disagreement=_widest_gap(views),
        )
        results.append(result)
    return rank(results)


def _widest_gap(views: list[ConstituencyView]) -> tuple[str, str, float] | None:
    if len(views) < 2:
        return None
    high = max(views, key=lambda view: view.mean)
    low = min(views, key=lambda view: view.mean)
    gap = high.mean - low.mean
    if gap <= DISAGREEMENT:
        return None
    return (high.constituency, low.constituency, round(gap, 2))


def rank(results: list[ActionResult]) -> list[ActionResult]:
    """Best first; equal results share a rank and are marked tied (shown as one)."""
    order = {result.action: index for index, result in enumerate(results)}
    scored = sorted((r for r in results if r.score is not None), key=lambda r: (-r.score, order[r.action]))
    unscored = [r for r in results if r.score is None]
    previous = None
    for index, result in enumerate(scored, start=1):
        if previous is not None and abs(previous.score - result.score) < TIE:
            result.rank = previous.rank
            result.tied = previous.tied = True
        else:
            result.rank = index
        previous = result
    return scored + unscored
