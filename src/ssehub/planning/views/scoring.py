"""Scoring, the ranking with its method, the impact × feasibility matrix, priorities and finalising."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.accounts.enums import Constituency
from ssehub.core.errors import ServiceError
from ssehub.planning import selectors
from ssehub.planning.enums import Method, Step
from ssehub.planning.services import scoring
from ssehub.planning.views.common import can, delegation_for

CONSTITUENCY_LABELS = dict(Constituency.choices)


def _score_context(request, delegation, errors=None):
    actions = list(selectors.actions_of(delegation))
    criteria = selectors.criteria_of(delegation.event_id)
    mine = selectors.my_scores(delegation, request.user)
    rows = [{"action": action, "cells": [{"criterion": criterion, "score": mine.get((action.pk, criterion.pk))}
                                         for criterion in criteria]} for action in actions]
    return {"delegation": delegation, "criteria": criteria, "rows": rows, "values": range(1, 6),
            "is_open": delegation.is_open(Step.SCORING), "errors": errors or [], "can": can(request, delegation)}


def _parse_scores(post, delegation) -> list[tuple[int, int, int, str]]:
    """`s-<action>-<criterion>` = 1..5 and `c-<action>-<criterion>` = comment; ids as sent (the service
    refuses ids that are not this delegation's)."""
    entries = []
    for key, value in post.items():
        if not key.startswith("s-") or value == "":
            continue
        try:
            _prefix, action_id, criterion_id = key.split("-")
            action_id, criterion_id = int(action_id), int(criterion_id)
            number = int(value)
        except ValueError as error:
            raise ServiceError(_("Scores go from 1 to 5."), code="invalid") from error
        entries.append((action_id, criterion_id, number, post.get(f"c-{action_id}-{criterion_id}", "").strip()))
    return entries


@login_required
@require_http_methods(["GET", "POST"])
def score_view(request, pk: int):
    delegation = delegation_for(request, pk, "planning.score")
    if request.method == "POST":
        try:
            saved = scoring.scores_save(delegation=delegation, actor=request.user,
                                        entries=_parse_scores(request.POST, delegation))
        except ServiceError as error:
            delegation.refresh_from_db()
            return render(request, "planning/score.html", _score_context(request, delegation, [error.message]),
                          status=400)
        messages.success(request, _("Your scores are saved (%(count)s changed).") % {"count": saved})
        return redirect("planning:score", pk=delegation.pk)
    return render(request, "planning/score.html", _score_context(request, delegation))


def ranking_context(delegation, method: str | None) -> dict:
    ranking = selectors.ranking(delegation, method=method)
    rows = []
    for result in ranking.results:
        gap = result.disagreement
        rows.append({
            "result": result, "action": ranking.actions[result.action],
            "constituencies": [(CONSTITUENCY_LABELS.get(v.constituency, v.constituency), v) for v in result.constituencies],
            "flag": (_("%(high)s and %(low)s differ by %(gap)s points") % {
                "high": CONSTITUENCY_LABELS.get(gap[0], gap[0]), "low": CONSTITUENCY_LABELS.get(gap[1], gap[1]),
                "gap": f"{gap[2]:.1f}"}) if gap else "",
            "by_criterion": [result.by_criterion.get(c.pk) for c in ranking.criteria],
        })
    return {"delegation": delegation, "ranking": ranking, "rows": rows, "methods": Method.choices}


@login_required
@require_safe
def ranking_view(request, pk: int):
    delegation = delegation_for(request, pk)
    context = ranking_context(delegation, request.GET.get("method"))
    context["can"] = can(request, delegation)
    return render(request, "planning/ranking.html", context)


MATRIX_SIZE, MATRIX_PAD = 400, 40


@login_required
@require_safe
def matrix_view(request, pk: int):
    """Impact × feasibility: an SVG for sighted readers and the same numbers as a table."""
    delegation = delegation_for(request, pk)
    ranking = selectors.ranking(delegation, method=request.GET.get("method"))
    by_code = {criterion.code: criterion.pk for criterion in ranking.criteria}
    points = []
    for number, result in enumerate(ranking.results, start=1):
        impact = result.by_criterion.get(by_code.get("impact"))
        feasibility = result.by_criterion.get(by_code.get("feasibility"))
        if impact is None or feasibility is None:
            continue
        scale = (MATRIX_SIZE - 2 * MATRIX_PAD) / 4
        points.append({"number": number, "action": ranking.actions[result.action], "impact": impact,
                       "feasibility": feasibility, "x": MATRIX_PAD + (feasibility - 1) * scale,
                       "y": MATRIX_SIZE - MATRIX_PAD - (impact - 1) * scale})
    return render(request, "planning/matrix.html", {
        "delegation": delegation, "ranking": ranking, "points": points, "size": MATRIX_SIZE, "pad": MATRIX_PAD,
        "mid": MATRIX_SIZE // 2, "far": MATRIX_SIZE - MATRIX_PAD, "half": MATRIX_SIZE // 2 - MATRIX_PAD,
        "ticks": [{"value": value, "position": MATRIX_PAD + (value - 1) * (MATRIX_SIZE - 2 * MATRIX_PAD) // 4,
                   "flipped": MATRIX_SIZE - MATRIX_PAD - (value - 1) * (MATRIX_SIZE - 2 * MATRIX_PAD) // 4}
                  for value in range(1, 6)],
        "methods": Method.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
def priorities_view(request, pk: int):
    delegation = delegation_for(request, pk)
    context = ranking_context(delegation, None)
    context.update({"can": can(request, delegation), "priorities": selectors.priorities_of(delegation),
                    "errors": []})
    if request.method == "POST":
        if not context["can"]["facilitate"]:
            raise PermissionDenied
        try:
            ids = [int(value) for value in request.POST.getlist("action")]
            order = {int(key[6:]): int(value or 999) for key, value in request.POST.items()
                     if key.startswith("order-") and value.strip()}
        except ValueError:
            ids, order = [], {}
        sent = {action_id: number for number, action_id in enumerate(ids)}
        ids = sorted(ids, key=lambda action_id: (order.get(action_id, 999), sent[action_id]))
        try:
            scoring.priorities_agree(delegation=delegation, actor=request.user, action_ids=ids,
                                     reason=request.POST.get("reason", ""))
        except ServiceError as error:
            context["errors"] = [error.message]
            context["reason"] = request.POST.get("reason", "")
            return render(request, "planning/priorities.html", context, status=400)
        messages.success(request, _("The agreed list is saved."))
        return redirect("planning:priorities", pk=delegation.pk)
    return render(request, "planning/priorities.html", context)


@login_required
@require_POST
def finalise_view(request, pk: int):
    delegation = delegation_for(request, pk, "planning.facilitate")
    try:
        scoring.plan_finalise(delegation=delegation, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("planning:priorities", pk=delegation.pk)
    messages.success(request, _("The plan is final."))
    return redirect(delegation.get_absolute_url())


@login_required
@require_POST
def publish_view(request, pk: int):
    delegation = delegation_for(request, pk, "planning.facilitate")
    try:
        scoring.plan_publish(delegation=delegation, actor=request.user, public=request.POST.get("public") == "1")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(delegation.get_absolute_url())
