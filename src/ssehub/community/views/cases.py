"""Best-practice cases: list, page, submit, edit, publish, and their history with what each revision
changed. A case that is not published is for editors, moderators and its submitter only, on every
one of these pages (community.case_history)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.community import case_history, selectors
from ssehub.community.enums import CaseStatus
from ssehub.community.forms import CaseForm
from ssehub.community.models import Case, CaseRevision
from ssehub.community.services import cases as services
from ssehub.community.views.common import require_perm
from ssehub.core.errors import ServiceError


@require_safe
def cases(request):
    return render(request, "community/cases.html", {"cases": list(selectors.cases_published()[:200]),
                                                    "can_submit": request.user.has_perm("community.submit_case")})


def _case(request, pk: int) -> Case:
    try:
        return selectors.case_for(pk=pk, user=request.user)
    except Case.DoesNotExist as error:
        raise Http404 from error


def _can_edit(request, case: Case) -> bool:
    return request.user.has_perm("community.review_case") or (
        case.submitted_by_id is not None and case.submitted_by_id == request.user.pk)


@require_safe
def case_detail(request, pk: int):
    case = _case(request, pk)
    return render(request, "community/case.html", {
        "case": case, "linked": selectors.case_linked_records(case),
        "can_publish": request.user.has_perm("community.review_case") and case.status != CaseStatus.PUBLISHED,
        "can_edit": _can_edit(request, case),
    })


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    require_perm(request, "community.submit_case")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, data=form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/case_form.html", {"form": form}, status=400)
        messages.success(request, _("Thank you. An editor will review the case before it is published."))
        return redirect("community:case", pk=case.pk)
    return render(request, "community/case_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = _case(request, pk)
    if not _can_edit(request, case):
        raise Http404
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, actor=request.user, data=form.cleaned_data,
                                 expected_version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/case_form.html", {"form": form, "case": case},
                          status=409 if error.is_stale else 400)
        return redirect("community:case", pk=case.pk)
    return render(request, "community/case_form.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def case_publish(request, pk: int):
    require_perm(request, "community.review_case")
    case = _case(request, pk)
    try:
        services.case_publish(case=case, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("community:case", pk=case.pk)


@require_safe
def case_history_view(request, pk: int):
    case = _case(request, pk)
    return render(request, "community/case_history.html",
                  {"case": case, "revisions": case_history.revisions_for(case, request.user),
                   "sees_drafts": case_history.sees_drafts(request.user, case)})


@require_safe
def case_revision(request, pk: int, number: int):
    case = _case(request, pk)
    try:
        revision = case_history.revision_for(case, request.user, number)
    except CaseRevision.DoesNotExist as error:
        raise Http404 from error
    return render(request, "community/case_revision.html", {
        "case": case, "revision": revision, **case_history.revision_changes(revision, request.user)})
