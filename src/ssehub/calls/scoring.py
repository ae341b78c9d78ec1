"""Rubric scores: weighted means, and per-reviewer calibration (docs/decisions/0203)."""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ssehub.calls.enums import ScoreBasis

SCALE = (1, 2, 3, 4, 5)


def weighted_mean(scores: dict[str, int], weights: dict[str, Decimal | float]) -> float:
    """Mean of 1-5 scores weighted by each criterion's weight (keys are criterion ids as strings)."""
    total_weight = sum(float(weights[key]) for key in weights)
    if not total_weight:
        return 0.0
    return sum(float(weights[key]) * scores[key] for key in weights) / total_weight


def calibrate(reviews: Iterable[tuple[int, int, float]]) -> dict[int, dict]:
    """From (application id, reviewer id, weighted mean) triples, both scores per application.

    `raw` is the mean of the reviewers' weighted means. `z` is the mean of each reviewer's score
    standardised against that reviewer's own scores, so a harsh and a lenient reviewer count alike;
    `calibrated` puts z back on the 1-5 scale (overall mean + z x overall spread) so the two read alike.
    A reviewer with fewer than two reviews, or who gave everyone the same score, contributes z = 0.
    """
    reviews = list(reviews)
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for _application, reviewer, value in reviews:
        by_reviewer[reviewer].append(value)
    spread = {}
    for reviewer, values in by_reviewer.items():
        mean = statistics.fmean(values)
        deviation = statistics.pstdev(values) if len(values) > 1 else 0.0
        spread[reviewer] = (mean, deviation)
    all_values = [value for _a, _r, value in reviews]
    overall_mean = statistics.fmean(all_values) if all_values else 0.0
    overall_sd = statistics.pstdev(all_values) if len(all_values) > 1 else 0.0
    raw: dict[int, list[float]] = defaultdict(list)
    zs: dict[int, list[float]] = defaultdict(list)
    for application, reviewer, value in reviews:
        mean, deviation = spread[reviewer]
        raw[application].append(value)
        zs[application].append((value - mean) / deviation if deviation > 1e-9 else 0.0)
    result = {}
    for application, values in raw.items():
        z = statistics.fmean(zs[application])
        result[application] = {
            "raw": round(statistics.fmean(values), 4),
            "z": round(z, 4),
            "calibrated": round(overall_mean + z * overall_sd, 4),
            "reviews": len(values),
        }
    return result


def counted_score(application, basis: str) -> float | None:
    """The score that counts under a call's basis (raw or calibrated): exports, the solver and every
    page ask this one function, so the two can never disagree."""
    return application.calibrated_score if basis == ScoreBasis.CALIBRATED else application.raw_score
