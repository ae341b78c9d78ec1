"""The public page of a plan a facilitator made public, and its Word and PDF files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ssehub.planning import exports, selectors
from ssehub.planning.models import Delegation
from ssehub.planning.views.common import delegation_for


def plan_context(delegation) -> dict:
    priorities = selectors.priorities_of(delegation)
    updates = selectors.latest_updates([p.action_id for p in priorities])
    return {
        "delegation": delegation, "priorities": [(p, updates.get(p.action_id)) for p in priorities],
        "progress": selectors.plan_progress(delegation, priorities), "method": selectors.plan_method(delegation),
        "participation": selectors.participation_counts(delegation),
        "timeline": list(selectors.timeline_of(delegation)[:50]),
    }


@require_safe
def public_plan(request, pk: int):
    try:
        delegation = selectors.public_plan(pk)
    except Delegation.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "planning/public_plan.html", plan_context(delegation))


@require_safe
def plan_export(request, pk: int, fmt: str):
    """The finalised plan as Word or PDF, in the delegation's language: public plans for everyone,
    others for those who may see the workspace."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    public = selectors.public_plans().filter(pk=pk).first()
    if public is None and not request.user.is_authenticated:
        raise Http404
    delegation = public or delegation_for(request, pk)
    if not delegation.is_final:
        raise Http404
    content, content_type = (exports.plan_docx(delegation), exports.DOCX) if fmt == "docx" else (
        exports.plan_pdf(delegation), "application/pdf")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="plan-{delegation.country.code.lower()}-{delegation.pk}.{fmt}"'
    return response



@require_safe
def index(request):
    """Where everyone starts: a member's or facilitator's own delegations, an organiser's events, and
    the plans delegations made public."""
    return render(request, "planning/index.html", {
        "mine": list(selectors.delegations_of_person(request.user)),
        "organised": list(selectors.events_planned_by(request.user)),
        "plans": list(selectors.public_plans()[:100]),
    })
