"""Researchers propose changes and new records; editors review them on the desk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import objectgetter, permission_required

from ssehub.atlas.diffs import proposal_changes
from ssehub.atlas.forms import DecisionForm, ProposalForm
from ssehub.atlas.models import Instrument, Proposal
from ssehub.atlas.selectors import draft_instruments, pending_proposals
from ssehub.atlas.services import (
    proposal_accept,
    proposal_reject,
    proposal_submit,
    proposal_submit_new,
)
from ssehub.atlas.views.visibility import visible_instrument
from ssehub.core.errors import ServiceError

_instrument = objectgetter(Instrument, "pk")


@require_http_methods(["GET", "POST"])
def instrument_propose(request, pk: int):
    # A draft answers 404 as its own page does (not 403, which would tell that it exists).
    instrument = visible_instrument(request, pk, Instrument.objects.prefetch_related("themes", "sources"))
    if not request.user.has_perm("atlas.propose_change", instrument):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(instrument))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.instrument_data()
        note = data.pop("note", "")
        try:
            proposal_submit(instrument=instrument, proposer=request.user, data=data, note=note)
        except ServiceError as error:
            error.add_to_form(form)
            status = 409 if error.is_stale else 400
        else:
            messages.success(request, _("Thank you. An editor will review your proposed change."))
            return redirect("atlas:instrument_detail", pk=pk)
    return render(request, "atlas/instrument_form.html", {"form": form, "instrument": instrument, "proposing": True},
                  status=status)


@require_http_methods(["GET", "POST"])
@permission_required("atlas.propose_instrument", raise_exception=True)
def instrument_propose_new(request):
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.instrument_data()
            note = data.pop("note", "")
            try:
                proposal_submit_new(proposer=request.user, data=data, note=note)
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("Thank you. An editor will review the record you proposed."))
                return redirect("atlas:search")
    return render(request, "atlas/instrument_form.html", {
        "form": form, "instrument": None, "proposing": True, "proposing_new": True,
    }, status=status)


@permission_required("atlas.review_proposal", raise_exception=True)
def editor_desk(request):
    return render(request, "atlas/desk.html", {
        "proposals": pending_proposals(), "drafts": draft_instruments(),
    })


@require_http_methods(["GET", "POST"])
@permission_required("atlas.review_proposal", raise_exception=True)
def proposal_review(request, pk: int):
    proposal = get_object_or_404(Proposal.objects.select_related("instrument", "proposer__profile"), pk=pk)
    instrument = None
    if proposal.instrument_id:
        instrument = Instrument.objects.prefetch_related("themes", "sources").select_related("institution").get(
            pk=proposal.instrument_id)
    form = DecisionForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                proposal = proposal_accept(proposal=proposal, editor=request.user,
                                           comment=form.cleaned_data["comment"])
                if proposal.is_new_record:
                    messages.success(request, _("The record is created as a draft, with the proposal in its "
                                                "history. Check its sources and publish it."))
                    return redirect("atlas:instrument_edit", pk=proposal.instrument_id)
                messages.success(request, _("The change is accepted and recorded in the history."))
            else:
                proposal_reject(proposal=proposal, editor=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The proposal is rejected; your comment is kept with it."))
        except ServiceError as error:
            error.add_to_form(form)
            if error.is_stale:
                status = 409
                form.add_error(None, _("The record changed after this proposal was made. Reject it and ask for "
                                       "a proposal based on the current record."))
        else:
            return redirect("atlas:desk")
    return render(request, "atlas/proposal_review.html", {
        "proposal": proposal, "instrument": instrument, "form": form,
        "changes": proposal_changes(proposal, instrument),
    }, status=status)
