"""Aggregating scores without the ORM: plain rows in, ranking out (docs/decisions/0400).

The input is cells: per action, criterion and constituency, the count, sum and sum of squares of the
scores (the database groups them; `cells_from_scores` does it for single scores). For each action and
criterion the method turns the constituencies' scores into one number; an action's result is the mean
over its criteria.

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
    """One score (plain tuples in the same positions fit too)."""

    person: int
    constituency: str
    action: int
    criterion: int
    value: int


class Cell(NamedTuple):
    """The scores of one constituency on one action and criterion: how many, their sum and sum of squares.

    The database groups 72,000 scores into a few thousand cells; every method works from these."""

    action: int
    criterion: int
    constituency: str
    count: int
    total: float
    squares: float


@dataclass
class ConstituencyView:
    constituency: str
    people: int
    mean: float
    spread: float  # standard deviation of the constituency's scores on the action (0 for one score)


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


def cells_from_scores(rows: Iterable[tuple]) -> list[Cell]:
    """Group single scores into cells (what the database's GROUP BY does for the pages)."""
    grouped: dict[tuple[int, int, str], list[float]] = defaultdict(list)
    for _person, constituency, action, criterion, value in rows:
        grouped[(action, criterion, constituency)].append(value)
    return [Cell(action, criterion, constituency, len(values), float(sum(values)), float(sum(v * v for v in values)))
            for (action, criterion, constituency), values in grouped.items()]


def weight_of(constituency: str, *, other_weight: float) -> float:
    return TRIPARTITE_WEIGHTS.get(constituency, other_weight)


def combine(groups: dict[str, tuple[int, float]], *, method: str, other_weight: float = 1.0) -> float | None:
    """One number from each constituency's (count, total) of scores, by `method`."""
    groups = {key: value for key, value in groups.items() if value[0]}
    if not groups:
        return None
    if method == ONE_PERSON:
        return sum(total for _count, total in groups.values()) / sum(count for count, _total in groups.values())
    if method == EQUAL:
        return sum(total / count for count, total in groups.values()) / len(groups)
    if method == ILO_211:
        weights = {key: weight_of(key, other_weight=other_weight) for key in groups}
        weight_sum = sum(weights.values())
        if weight_sum == 0:
            return None
        return sum(weights[key] * total / count for key, (count, total) in groups.items()) / weight_sum
    raise ValueError(method)


def aggregate(cells: Iterable[tuple], *, actions: Sequence[int], method: str, other_weight: float = 1.0,
              criteria: Sequence[int] | None = None) -> list[ActionResult]:
    """Every action's result, ranked best first (unscored actions last, in the given order)."""
    if method not in METHODS:
        raise ValueError(method)
    wanted = set(criteria) if criteria is not None else None
    by_action: dict[int, dict[int, dict[str, tuple[int, float]]]] = defaultdict(dict)
    pooled: dict[int, dict[str, list[float]]] = defaultdict(dict)
    for action, criterion, constituency, count, total, squares in cells:
        if wanted is not None and criterion not in wanted:
            continue
        by_action[action].setdefault(criterion, {})[constituency] = (count, total)
        slot = pooled[action].setdefault(constituency, [0, 0.0, 0.0, 0])
        slot[0] += count
        slot[1] += total
        slot[2] += squares
        slot[3] = max(slot[3], count)
    results = []
    for action in actions:
        by_criterion = {}
        for criterion, groups in by_action.get(action, {}).items():
            value = combine(groups, method=method, other_weight=other_weight)
            if value is not None:
                by_criterion[criterion] = value
        views = []
        for constituency, (count, total, squares, people) in sorted(pooled.get(action, {}).items()):
            mean = total / count
            views.append(ConstituencyView(constituency, people, mean, math.sqrt(max(0.0, squares / count - mean * mean))))
        results.append(ActionResult(
            action=action, score=sum(by_criterion.values()) / len(by_criterion) if by_criterion else None,
            by_criterion=by_criterion, constituencies=views, scorers=sum(view.people for view in views),
            disagreement=_widest_gap(views),
        ))
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
