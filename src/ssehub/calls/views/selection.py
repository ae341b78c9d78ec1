"""Selection: rules, runs and their explanation, the group with overrides, invitations, replacements."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_countries import countries as all_countries

from ssehub.accounts.enums import Constituency, Gender
from ssehub.calls import describe, selectors
from ssehub.calls.enums import ApplicationStatus, Outcome, RunKind, RunStatus
from ssehub.calls.forms import OverrideForm, RulesForm
from ssehub.calls.models import Application, Call, SelectionRun
from ssehub.calls.scoring import counted_score
from ssehub.calls.services.mailing import invitations_send
from ssehub.calls.services.selection import (
    current_violations,
    group_state,
    replacement_run,
    selection_adopt,
    selection_override,
    selection_run,
)
from ssehub.calls.services.setup import call_rules_save
from ssehub.calls.views.common import managed_call
from ssehub.core.errors import ServiceError


def _countries(call: Call) -> list[tuple[str, str]]:
    codes = [country.code for country in call.event.eligible_countries]
    if not codes:
        codes = sorted({code for code in call.applications.values_list("country", flat=True) if code})
    return [(code, str(all_countries.name(code))) for code in codes]


def _balance(call: Call, applications: list[Application]) -> dict:
    """Country-by-constituency counts and the gender balance of a group."""
    constituencies = [(value, label) for value, label in Constituency.choices]
    table = Counter((a.country.code if a.country else "", a.constituency) for a in applications)
    rows = []
    for code, name in _countries(call):
        cells = [table[(code, value)] for value, _label in constituencies]
        women = sum(1 for a in applications if a.country == code and a.gender == Gender.WOMAN)
        rows.append({"name": name, "cells": cells, "total": sum(cells), "women": women})
    genders = Counter(a.gender for a in applications)
    return {
        "constituencies": constituencies, "rows": rows,
        "totals": [sum(row["cells"][i] for row in rows) for i in range(len(constituencies))],
        "total": len(applications),
        "genders": [(label, genders[value]) for value, label in Gender.choices] + [(_("Not given"), genders[""])],
    }


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, call_id: int):
    call = managed_call(request, call_id)
    countries = _countries(call)
    form = RulesForm(request.POST or None, initial=RulesForm.initial_for(call), countries=countries)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            call = call_rules_save(call=call, actor=request.user, data=form.rules_data(),
                                   version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            status = 409 if error.is_stale else 400
        else:
            if "run" not in request.POST:
                messages.success(request, _("The rules have been saved."))
                return redirect("calls:selection", call_id=call.pk)
            try:
                run = selection_run(call=call, actor=request.user)
            except ServiceError as error:
                messages.error(request, error.message)
                return redirect("calls:selection", call_id=call.pk)
            return redirect("calls:run", call_id=call.pk, run_id=run.pk)
    submitted = call.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("country", "pk")
    return render(request, "calls/manage/selection.html", {
        "call": call, "form": form, "runs": call.runs.filter(kind=RunKind.SELECTION).select_related("created_by")[:10],
        "applications": submitted,
    }, status=status)


def _names_and_scores(call: Call, applications) -> tuple[dict, dict]:
    names = {a.pk: f"{a.full_name or a.email} (#{a.pk})" for a in applications}
    scores = {a.pk: counted_score(a, call.score_basis) or 0.0 for a in applications}
    return names, scores


@login_required
@require_safe
def run_detail(request, call_id: int, run_id: int):
    call = managed_call(request, call_id)
    run = get_object_or_404(SelectionRun, pk=run_id, call=call, kind=RunKind.SELECTION)
    applications = list(call.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("pk"))
    names, scores = _names_and_scores(call, applications)
    result = run.result
    context = {"call": call, "run": run, "result": result}
    if run.status == RunStatus.OPTIMAL:
        selected = set(result["selected"])
        chosen = [a for a in applications if a.pk in selected]
        reasons = result.get("reasons", {})
        left_out = sorted((a for a in applications if a.pk not in selected), key=lambda a: -scores[a.pk])
        context.update(
            balance=_balance(call, chosen),
            chosen=sorted(chosen, key=lambda a: -scores[a.pk]),
            left_out=[(a, describe.reason_text(reasons[str(a.pk)], names, scores))
                      for a in left_out if str(a.pk) in reasons],
            scores=scores,
        )
    else:
        context.update(
            conflicts=[describe.conflict_text(conflict) for conflict in result.get("conflicts", [])],
            relaxations=[describe.relaxation_text(item, names) for item in result.get("relaxations", [])],
        )
    return render(request, "calls/manage/run.html", context)


@login_required
@require_POST
def adopt(request, call_id: int, run_id: int):
    call = managed_call(request, call_id)
    run = get_object_or_404(SelectionRun, pk=run_id, call=call)
    try:
        selection_adopt(run=run, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("calls:run", call_id=call.pk, run_id=run.pk)
    messages.success(request, _("The selection has been adopted."))
    return redirect("calls:group", call_id=call.pk)


@login_required
@require_safe
def group(request, call_id: int):
    call = managed_call(request, call_id)
    applications = list(call.applications.filter(status=ApplicationStatus.SUBMITTED)
                        .select_related("invitation").order_by("waiting_rank", "pk"))
    names, scores = _names_and_scores(call, applications)
    chosen = [a for a in applications if a.outcome == Outcome.SELECTED]
    proposal = None
    # The page shows the stored proposal; the solver runs only when the organiser asks (POST).
    replacements_possible = bool(call.seats and chosen and any(hasattr(a, "invitation") for a in applications))
    stored = selectors.latest_replacement(call) if replacements_possible else None
    if stored is not None:
        proposal = dict(stored.result)
        proposal["run"] = stored
        proposal["current"] = proposal.get("state") == group_state(call, applications)
        proposal["people"] = [a for a in applications if a.pk in set(proposal["proposals"])
                              and not hasattr(a, "invitation")]
        proposal["violation_texts"] = [describe.violation_text(v, names) for v in proposal.get("violations", [])]
    return render(request, "calls/manage/group.html", {
        "call": call, "chosen": chosen, "scores": scores,
        "waiting": [a for a in applications if a.outcome == Outcome.WAITING],
        "others": [a for a in applications if a.outcome not in (Outcome.SELECTED, Outcome.WAITING)],
        "balance": _balance(call, chosen),
        "violations": [describe.violation_text(v, names) for v in current_violations(call=call)],
        "proposal": proposal,
        "uninvited": sum(1 for a in chosen if not hasattr(a, "invitation")),
        "replacements_possible": replacements_possible,
    })


@login_required
@require_POST
def replacement(request, call_id: int):
    """Run the solver for replacements of people who declined; the group page shows the result."""
    call = managed_call(request, call_id)
    try:
        replacement_run(call=call, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("calls:group", call_id=call.pk)


@login_required
@require_POST
def override(request, call_id: int, application_id: int):
    call = managed_call(request, call_id)
    application = get_object_or_404(Application, pk=application_id, call=call)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown outcome."))
        return redirect("calls:group", call_id=call.pk)
    try:
        violations = selection_override(call=call, actor=request.user, application=application,
                                        outcome=form.cleaned_data["outcome"], reason=form.cleaned_data["reason"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if violations:
            messages.warning(request, ngettext(
                "Saved. The group now breaks %(count)s rule; see the list below.",
                "Saved. The group now breaks %(count)s rules; see the list below.", len(violations),
            ) % {"count": len(violations)})
        else:
            messages.success(request, _("Saved. The group keeps every rule."))
    return redirect("calls:group", call_id=call.pk)


@login_required
@require_POST
def invite(request, call_id: int):
    """Invite one person (e.g. the proposed replacement) or everyone selected without an invitation."""
    call = managed_call(request, call_id)
    try:
        application_id = int(request.POST["application"]) if request.POST.get("application") else None
    except ValueError:
        application_id = -1  # nobody: a forged value invites no one
    created = invitations_send(call=call, actor=request.user, application_id=application_id)
    messages.success(request, ngettext("%(count)s invitation queued for sending.",
                                       "%(count)s invitations queued for sending.", len(created))
                     % {"count": len(created)})
    return redirect("calls:group", call_id=call.pk)
