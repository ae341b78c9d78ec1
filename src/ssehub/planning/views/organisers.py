"""Organisers' pages: all delegations side by side, forming them, their members, criteria and method."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.accounts.models import User
from ssehub.atlas.enums import Dimension
from ssehub.core.errors import ServiceError
from ssehub.events.models import Event
from ssehub.planning import selectors
from ssehub.planning.forms import CriterionForm, MemberAddForm, SetupForm
from ssehub.planning.models import Criterion, Member
from ssehub.planning.services import setup
from ssehub.planning.views.common import delegation_for


def _event_for(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("planning.manage_event", event):
        raise PermissionDenied
    return event


@login_required
@require_safe
def overview(request, event_slug: str):
    event = _event_for(request, event_slug)
    delegations = list(selectors.delegations_of_event(event))
    by_dimension = selectors.priorities_by_dimension(delegations)
    progress = selectors.progress_by_delegation(delegations)
    rows = [{"delegation": d, "cells": [by_dimension[d.pk].get(code, 0) for code in Dimension.values],
             "progress": progress.get(d.pk)} for d in delegations]
    return render(request, "planning/overview.html", {
        "event": event, "rows": rows, "dimensions": Dimension.choices, "setup": selectors.setup_of(event),
        "compare_url": reverse("atlas:compare") + "?" + urlencode([("country", d.country.code) for d in delegations]),
    })


@login_required
@require_POST
def delegations_create(request, event_slug: str):
    event = _event_for(request, event_slug)
    delegations = setup.delegations_create(event=event, actor=request.user)
    messages.success(request, _("%(count)s delegations are ready.") % {"count": len(delegations)})
    return redirect("planning:overview", event_slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request, event_slug: str):
    """The event's criteria, aggregation method and 2:1:1 weights."""
    event = _event_for(request, event_slug)
    current = selectors.setup_of(event)
    setup_form = SetupForm(request.POST if "method" in request.POST else None, setup=current)
    criterion_form = CriterionForm(request.POST if "code" in request.POST else None)
    status, saved = 200, None
    if request.method == "POST":
        try:
            if "method" in request.POST and setup_form.is_valid():
                setup.setup_update(event=event, actor=request.user, data=setup_form.cleaned_data,
                                   expected_version=setup_form.cleaned_data.get("version") if current.pk else None)
                messages.success(request, _("The method is saved; every ranking now uses it."))
                return redirect("planning:settings", event_slug=event.slug)
            if "code" in request.POST and criterion_form.is_valid():
                setup.criterion_add(event=event, actor=request.user, **criterion_form.cleaned_data)
                return redirect("planning:settings", event_slug=event.slug)
            if "remove" in request.POST:
                criterion = get_object_or_404(Criterion, event=event, pk=request.POST["remove"])
                setup.criterion_remove(criterion=criterion, actor=request.user)
                return redirect("planning:settings", event_slug=event.slug)
            if "defaults" in request.POST:
                setup.criteria_ensure_defaults(event=event, actor=request.user)
                return redirect("planning:settings", event_slug=event.slug)
        except ServiceError as error:
            (setup_form if "method" in request.POST else criterion_form).add_error(None, error.message)
            if error.is_stale:
                # What the other organiser saved, beside the refusal (nothing is overwritten).
                saved, status = selectors.setup_of(event), 409
        status = status if status != 200 else 400
    return render(request, "planning/settings.html", {
        "event": event, "setup_form": setup_form, "criterion_form": criterion_form,
        "criteria": selectors.criteria_of(event), "saved": saved, "saved_weights": _weights_text(saved),
    }, status=status)


def _weights_text(saved) -> str:
    return selectors.weights_text(saved.weights()) if saved is not None else ""


@login_required
@require_http_methods(["GET", "POST"])
def members_view(request, pk: int):
    delegation = delegation_for(request, pk, "planning.manage_members")
    form = MemberAddForm(request.POST if "email" in request.POST else None)
    status = 200
    if request.method == "POST":
        try:
            if "email" in request.POST and form.is_valid():
                user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
                if user is None:
                    raise ServiceError(_("Nobody has an account with this e-mail address."), code="not_found")
                if request.POST.get("as") == "facilitator":
                    setup.facilitator_assign(delegation=delegation, user=user, actor=request.user)
                else:
                    setup.member_add(delegation=delegation, user=user, actor=request.user)
                return redirect("planning:members", pk=delegation.pk)
            if "move" in request.POST:
                member = get_object_or_404(Member, delegation=delegation, pk=request.POST["move"])
                target = get_object_or_404(selectors.delegations_all(), event=delegation.event_id,
                                           pk=request.POST.get("to"))
                setup.member_move(member=member, to=target, actor=request.user)
                return redirect("planning:members", pk=delegation.pk)
            if "remove" in request.POST:
                member = get_object_or_404(Member, delegation=delegation, pk=request.POST["remove"])
                setup.member_remove(member=member, actor=request.user)
                return redirect("planning:members", pk=delegation.pk)
        except ServiceError as error:
            form.add_error(None, error.message)
        status = 400
    return render(request, "planning/members.html", {
        "delegation": delegation, "members": list(selectors.members_of(delegation)), "form": form,
        "others": [d for d in selectors.delegations_of_event(delegation.event) if d.pk != delegation.pk],
    }, status=status)
