"""Pairwise comparison for long lists: "which of these two matters more for your country?"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssehub.core.errors import ServiceError
from ssehub.planning import pairwise, selectors
from ssehub.planning.enums import Step
from ssehub.planning.models import Comparison
from ssehub.planning.services import scoring
from ssehub.planning.views.common import can, delegation_for


@login_required
@require_http_methods(["GET", "POST"])
def pairwise_view(request, pk: int):
    delegation = delegation_for(request, pk)
    allowed = can(request, delegation)
    error = ""
    if request.method == "POST":
        if not allowed["score"]:
            raise PermissionDenied
        try:
            scoring.comparison_record(delegation=delegation, actor=request.user,
                                      winner_id=int(request.POST.get("winner", 0)),
                                      loser_id=int(request.POST.get("loser", 0)))
        except (ServiceError, ValueError) as refused:
            error = getattr(refused, "message", _("Compare two different actions of this delegation."))
        else:
            messages.success(request, _("Thank you; here is the next pair."))
            return redirect("planning:pairwise", pk=delegation.pk)
    actions = list(selectors.actions_of(delegation))
    index = {action.pk: number for number, action in enumerate(actions)}
    data = [(index[w], index[loser]) for w, loser in selectors.comparisons_of(delegation)
            if w in index and loser in index]
    strengths = pairwise.fit(len(actions), data)
    asked = {frozenset((index[w], index[loser])) for w, loser in Comparison.objects.filter(
        delegation=delegation, user=request.user).values_list("winner_id", "loser_id") if w in index and loser in index}
    pair = pairwise.next_pair(strengths, asked=asked) if allowed["score"] and delegation.is_open(Step.SCORING) else None
    rows = [{"action": actions[s.item], "strength": s.strength, "low": s.strength - 1.96 * s.error,
             "high": s.strength + 1.96 * s.error, "comparisons": s.comparisons} for s in strengths]
    return render(request, "planning/pairwise.html", {
        "delegation": delegation, "rows": rows, "error": error, "total": len(data),
        "pair": [actions[i] for i in pair] if pair else None,
    }, status=400 if error else 200)
