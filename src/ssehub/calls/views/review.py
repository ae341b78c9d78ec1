"""Reviewers: the applications assigned to them, and the rubric form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssehub.calls import selectors
from ssehub.calls.forms import ReviewForm
from ssehub.calls.models import Assignment
from ssehub.calls.services.reviews import review_save
from ssehub.core.errors import ServiceError


@login_required
@require_safe
def my_reviews(request):
    return render(request, "calls/review/list.html", {
        "assignments": selectors.assignments_for_reviewer(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, assignment_id: int):
    try:
        assignment = selectors.assignment_for_review(assignment_id)
    except Assignment.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("calls.review_assignment", assignment):
        raise PermissionDenied
    application = assignment.application
    call = application.call
    criteria = list(call.criteria.all())
    existing = getattr(assignment, "review", None)
    initial = {"comment": existing.comment} if existing else {}
    if existing:
        initial.update({f"c_{key}": str(value) for key, value in existing.scores.items()})
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            review_save(assignment=assignment, reviewer=request.user, scores=form.scores(),
                        comment=form.cleaned_data["comment"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect("calls:my_reviews")
    answers = sorted(application.answers.all(), key=lambda answer: answer.question.position)
    return render(request, "calls/review/form.html", {
        "assignment": assignment, "application": application, "call": call, "form": form,
        "answers": answers, "anonymised": call.anonymised_review,
    }, status=400 if request.method == "POST" else 200)
