"""Pairwise comparison: a Bradley–Terry fit by `choix` (docs/decisions/0402), the uncertainty of each
action's strength, and the next pair to ask where the ranking is least certain. No ORM here."""

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

# A little regularisation keeps strengths finite for an action that always wins (or never plays).
ALPHA = 0.01
# Converged enough for a ranking shown to two decimals, in half the time of choix's default 1e-8.
TOLERANCE = 1e-4


@dataclass
class Strength:
    item: int
    strength: float
    error: float  # standard error of the strength (log scale)
    comparisons: int


def fit(n_items: int, comparisons: Sequence[tuple[int, int]]) -> list[Strength]:
    """Strengths of items 0..n-1 from (winner, loser) index pairs, strongest first."""
    import choix  # Imported here: scipy loads with it, which only pairwise pages and the bench need.

    if n_items == 0:
        return []
    data = [(int(w), int(loser)) for w, loser in comparisons]
    # One BLAS thread: these 300×300 problems are too small to share out, and on a busy machine
    # OpenBLAS's threads fighting for the cores made a 0.07 s fit take 3 s (docs/decisions/0402).
    with threadpool_limits(limits=1, user_api="blas"):
        params = choix.ilsr_pairwise(n_items, data, alpha=ALPHA, tol=TOLERANCE) if data else np.zeros(n_items)
        errors = _standard_errors(params, data)
    counts = np.zeros(n_items, dtype=int)
    for winner, loser in data:
        counts[winner] += 1
        counts[loser] += 1
    order = sorted(range(n_items), key=lambda i: -params[i])
    return [Strength(i, float(params[i]), float(errors[i]), int(counts[i])) for i in order]


def _standard_errors(params: np.ndarray, data: list[tuple[int, int]]) -> np.ndarray:
    """From the inverse of the (regularised) Fisher information of the Bradley–Terry likelihood."""
    n = len(params)
    information = np.eye(n) * ALPHA
    if data:
        pairs = np.array(data)
        a, b = pairs[:, 0], pairs[:, 1]
        p = 1.0 / (1.0 + np.exp(params[b] - params[a]))
        weight = p * (1 - p)
        np.add.at(information, (a, a), weight)
        np.add.at(information, (b, b), weight)
        np.add.at(information, (a, b), -weight)
        np.add.at(information, (b, a), -weight)
    covariance = np.linalg.inv(information)  # positive definite thanks to ALPHA
    # Strengths are known only up to a common shift: measure each against the mean of all, i.e. the
    # diagonal of C·Σ·C with C = I − 1/n, without the two matrix products.
    variances = np.diag(covariance) - 2 * covariance.mean(axis=1) + covariance.mean()
    return np.sqrt(np.clip(variances, 0, None))


def next_pair(strengths: list[Strength], *, asked: set[frozenset[int]] = frozenset()) -> tuple[int, int] | None:
    """Two neighbours in the ranking whose order is least certain (smallest gap in standard errors),
    skipping pairs this person already answered."""
    best, best_z = None, math.inf
    for upper, lower in itertools.pairwise(strengths):
        if frozenset((upper.item, lower.item)) in asked:
            continue
        spread = math.hypot(upper.error, lower.error) or 1.0
        z = (upper.strength - lower.strength) / spread
        if z < best_z:
            best, best_z = (upper.item, lower.item), z
    if best is None:
        for i, first in enumerate(strengths):
            for second in strengths[i + 1:]:
                if frozenset((first.item, second.item)) not in asked:
                    return (first.item, second.item)
    return best
