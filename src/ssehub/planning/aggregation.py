"""Aggregating scores without the ORM: plain rows in, ranking out (docs/decisions/0400).

The input is cells: per action, criterion and constituency, the count, sum and sum of squares of the
scores (the database groups them; `cells_from_scores` does it for single scores). For each action and
criterion the method turns the constituencies' scores into one number; an action's result is the mean
over its criteria.

- constituencies alike: the mean of each constituency's mean (members count alike within it);
- one person, one vote: the mean over people;
- 2:1:1: constituency means weighted government 2, employers 1, workers 1, and each other
  constituency as the organisers set it (`weights`, 1 where they set nothing).

The pages rank in the database instead (`aggregation_db`, one row per action); this module is the
reference the database's results are tested against.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

EQUAL = "equal"
ONE_PERSON = "one_person"
ILO_211 = "211"
METHODS = (EQUAL, ONE_PERSON, ILO_211)
TRIPARTITE_WEIGHTS = {"government": 2.0, "employers": 1.0, "workers": 1.0}
# A constituency beyond the three whose weight the organisers have not set counts like workers.
DEFAULT_OTHER_WEIGHT = 1.0
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


@dataclass(slots=True)
class ConstituencyView:
    constituency: str
    people: int
    mean: float
    spread: float  # standard deviation of the constituency's scores on the action (0 for one score)


# Per constituency in a result: code, number of scores, their sum, sum of squares and head count, flat
# in one list (five entries each) in code order, so a ranking of 300 actions allocates 300 lists rather
# than 1,500 objects; `ActionResult.constituencies` builds the views when a page shows them.
STAT_WIDTH = 5


@dataclass(slots=True)
class ActionResult:
    action: int
    score: float | None
    by_criterion: dict[int, float] = field(default_factory=dict)
    stats: list = field(default_factory=list)
    scorers: int = 0
    rank: int = 0
    tied: bool = False
    # (constituency_a, constituency_b, gap) where the means differ by more than DISAGREEMENT
    disagreement: tuple[str, str, float] | None = None

    @property
    def constituencies(self) -> list[ConstituencyView]:
        stats = self.stats
        return [constituency_view(*stats[start:start + STAT_WIDTH]) for start in range(0, len(stats), STAT_WIDTH)]


def cells_from_scores(rows: Iterable[tuple]) -> list[Cell]:
    """Group single scores into cells (what the database's GROUP BY does for the pages)."""
    grouped: dict[tuple[int, int, str], list[float]] = defaultdict(list)
    for _person, constituency, action, criterion, value in rows:
        grouped[(action, criterion, constituency)].append(value)
    return [Cell(action, criterion, constituency, len(values), float(sum(values)), float(sum(v * v for v in values)))
            for (action, criterion, constituency), values in grouped.items()]


def weight_of(constituency: str, *, weights: Mapping[str, float] | None = None) -> float:
    """The constituency's weight under 2:1:1: fixed for the tripartite three, as set for the others."""
    if constituency in TRIPARTITE_WEIGHTS:
        return TRIPARTITE_WEIGHTS[constituency]
    return float((weights or {}).get(constituency, DEFAULT_OTHER_WEIGHT))


def combine(groups: dict[str, tuple[int, float]], *, method: str,
            weights: Mapping[str, float] | None = None) -> float | None:
    """One number from each constituency's (count, total) of scores, by `method`."""
    groups = {key: value for key, value in groups.items() if value[0]}
    if not groups:
        return None
    if method == ONE_PERSON:
        return sum(total for _count, total in groups.values()) / sum(count for count, _total in groups.values())
    if method == EQUAL:
        return sum(total / count for count, total in groups.values()) / len(groups)
    if method == ILO_211:
        weighted = {key: weight_of(key, weights=weights) for key in groups}
        weight_sum = sum(weighted.values())
        if weight_sum == 0:
            return None
        return sum(weighted[key] * total / count for key, (count, total) in groups.items()) / weight_sum
    raise ValueError(method)


def aggregate(cells: Iterable[tuple], *, actions: Sequence[int], method: str,
              weights: Mapping[str, float] | None = None, criteria: Sequence[int] | None = None) -> list[ActionResult]:
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
            value = combine(groups, method=method, weights=weights)
            if value is not None:
                by_criterion[criterion] = value
        stats = []
        for constituency, (count, total, squares, people) in sorted(pooled.get(action, {}).items()):
            stats += (constituency, count, total, squares, people)
        results.append(action_result(action, by_criterion, stats))
    return rank(results)


def constituency_view(constituency: str, count: int, total: float, squares: float, people: int) -> ConstituencyView:
    """Mean and spread (standard deviation) of one constituency's scores from their count, sum and squares."""
    mean = total / count
    return ConstituencyView(constituency, people, mean, math.sqrt(max(0.0, squares / count - mean * mean)))


def action_result(action: int, by_criterion: dict[int, float], stats: list) -> ActionResult:
    """An action's result: the mean over its criteria, who scored it and the widest disagreement.
    `stats` as in `ActionResult.stats`, in constituency code order."""
    return ActionResult(
        action=action, score=sum(by_criterion.values()) / len(by_criterion) if by_criterion else None,
        by_criterion=by_criterion, stats=stats, scorers=sum(stats[4::STAT_WIDTH]), disagreement=widest_gap(stats),
    )


def widest_gap(stats: list) -> tuple[str, str, float] | None:
    """The highest and lowest constituency means when they differ by more than DISAGREEMENT (at equal
    means the first in code order)."""
    if len(stats) < 2 * STAT_WIDTH:
        return None
    high = low = None
    for start in range(0, len(stats), STAT_WIDTH):
        mean = stats[start + 2] / stats[start + 1]
        if high is None or mean > high[1]:
            high = (stats[start], mean)
        if low is None or mean < low[1]:
            low = (stats[start], mean)
    gap = high[1] - low[1]
    if gap <= DISAGREEMENT:
        return None
    return (high[0], low[0], round(gap, 2))


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
