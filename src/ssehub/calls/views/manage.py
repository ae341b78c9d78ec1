"""Organiser pages: the call's settings, questions, rubric, applications, reviewers and progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.accounts.enums import Role
from ssehub.accounts.models import User
from ssehub.calls import selectors
from ssehub.calls.enums import ApplicationStatus
from ssehub.calls.forms import (
    AutoAssignForm,
    CallForm,
    CriterionForm,
    ManualAssignForm,
    QuestionForm,
    ReviewerPoolForm,
)
from ssehub.calls.models import Application, Call
from ssehub.calls.services import setup
from ssehub.calls.services.reviews import assignment_add, assignments_auto, reviewers_remind
from ssehub.calls.services.selection import application_pin
from ssehub.calls.views.common import base_url, host_zone, managed_call
from ssehub.core.errors import ServiceError
from ssehub.core.pagecache import personal_page_cache
from ssehub.core.timezones import zone_label
from ssehub.events.models import Event


@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.manage_event", event):
        raise PermissionDenied
    call = Call(event=event)
    return _edit(request, call, created=True)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, call_id: int):
    return _edit(request, managed_call(request, call_id), created=False)


def _edit(request, call: Call, *, created: bool):
    status = 200
    with timezone.override(host_zone(call)):
        form = CallForm(request.POST or None, instance=call)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = {name: form.cleaned_data[name] for name in CallForm.Meta.fields}
                try:
                    if created:
                        saved = setup.call_create(event=call.event, actor=request.user, data=data)
                    else:
                        saved = setup.call_update(call=call, actor=request.user, data=data,
                                            version=form.cleaned_data["version"])
                except ServiceError as error:
                    error.add_to_form(form)
                    status = 409 if error.is_stale else 400
                else:
                    messages.success(request, _("The call has been saved."))
                    return redirect("calls:manage", call_id=saved.pk)
        return render(request, "calls/manage/edit.html", {
            "call": call, "form": form, "created": created,
            "host_zone": zone_label(call.event.host_time_zone or "UTC", at=call.closes_at if call.pk else None),
        }, status=status)


@login_required
@require_safe
def dashboard(request, call_id: int):
    call = managed_call(request, call_id)
    counts = call.applications.aggregate(
        drafts=Count("pk", filter=Q(status=ApplicationStatus.DRAFT)),
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        withdrawn=Count("pk", filter=Q(status=ApplicationStatus.WITHDRAWN)),
    )
    return render(request, "calls/manage/dashboard.html", {
        "call": call, "counts": counts,
        "host_zone_name": call.event.host_time_zone or "UTC",
    })


@login_required
@require_http_methods(["GET", "POST"])
def questions(request, call_id: int):
    call = managed_call(request, call_id)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                setup.question_add(call=call, actor=request.user, kind=form.cleaned_data["kind"],
                             text=form.cleaned_data["text"], help_text=form.cleaned_data["help_text"],
                             choices=form.cleaned_data["choices"].splitlines(),
                             required=form.cleaned_data["required"])
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The question has been added."))
                return redirect("calls:questions", call_id=call.pk)
        status = 400
    return render(request, "calls/manage/questions.html", {
        "call": call, "form": form, "questions": call.questions.all(),
    }, status=status)


@login_required
@require_POST
def question_delete(request, call_id: int, question_id: int):
    call = managed_call(request, call_id)
    question = get_object_or_404(call.questions.select_related("call__event"), pk=question_id)
    try:
        setup.question_delete(question=question, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question has been removed."))
    return redirect("calls:questions", call_id=call.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request, call_id: int):
    call = managed_call(request, call_id)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.criterion_add(call=call, actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The criterion has been added."))
            return redirect("calls:rubric", call_id=call.pk)
    criteria = list(call.criteria.all())
    total = sum(criterion.weight for criterion in criteria)
    return render(request, "calls/manage/rubric.html", {
        "call": call, "form": form, "criteria": [
            (criterion, round(100 * criterion.weight / total, 1) if total else 0) for criterion in criteria],
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def criterion_delete(request, call_id: int, criterion_id: int):
    call = managed_call(request, call_id)
    setup.criterion_delete(criterion=get_object_or_404(call.criteria.select_related("call__event"), pk=criterion_id),
                     actor=request.user)
    messages.success(request, _("The criterion has been removed."))
    return redirect("calls:rubric", call_id=call.pk)


@personal_page_cache
@login_required
@require_safe
def applications(request, call_id: int):
    call = managed_call(request, call_id)
    rows = []
    for application in selectors.applications_for_call(call):
        assignments = list(application.assignments.all())
        rows.append({
            "application": application,
            "reviewers": [assignment.reviewer for assignment in assignments],
            "done": sum(1 for assignment in assignments if hasattr(assignment, "review")),
        })
    return render(request, "calls/manage/applications.html", {"call": call, "rows": rows})


def _reviewer_candidates(call: Call):
    return User.objects.filter(
        Q(groups__name__in=[Role.REVIEWER, Role.ORGANISER]) | Q(pk__in=call.reviewers.values("pk"))
    ).select_related("profile").distinct().order_by("email")


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, call_id: int):
    call = managed_call(request, call_id)
    submitted = list(call.applications.filter(status=ApplicationStatus.SUBMITTED).order_by("pk"))
    pool = list(call.reviewers.select_related("profile").order_by("email"))
    pool_form = ReviewerPoolForm(initial={"reviewers": pool}, queryset=_reviewer_candidates(call))
    auto_form = AutoAssignForm(initial={"per_application": call.reviewers_per_application})
    manual_form = ManualAssignForm(applications=submitted, reviewers=pool)
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "pool":
            pool_form = ReviewerPoolForm(request.POST, queryset=_reviewer_candidates(call))
            if pool_form.is_valid():
                setup.reviewer_pool_set(call=call, actor=request.user, reviewers=list(pool_form.cleaned_data["reviewers"]))
                messages.success(request, _("The reviewer pool has been saved."))
                return redirect("calls:assignments", call_id=call.pk)
        elif action == "auto":
            auto_form = AutoAssignForm(request.POST)
            if auto_form.is_valid():
                report = assignments_auto(call=call, actor=request.user,
                                          per_application=auto_form.cleaned_data["per_application"])
                messages.success(request, ngettext("%(count)s assignment made.", "%(count)s assignments made.",
                                                    report["created"]) % {"count": report["created"]})
                if report["short"]:
                    messages.warning(request, ngettext(
                        "%(count)s application has fewer reviewers than asked: not enough reviewers "
                        "outside the applicant's organisation.",
                        "%(count)s applications have fewer reviewers than asked: not enough reviewers "
                        "outside the applicant's organisation.", len(report["short"]),
                    ) % {"count": len(report["short"])})
                return redirect("calls:assignments", call_id=call.pk)
        elif action == "manual":
            manual_form = ManualAssignForm(request.POST, applications=submitted, reviewers=pool)
            if manual_form.is_valid():
                try:
                    assignment_add(
                        application=next(a for a in submitted if a.pk == manual_form.cleaned_data["application"]),
                        reviewer=next(r for r in pool if r.pk == manual_form.cleaned_data["reviewer"]),
                        actor=request.user)
                except ServiceError as error:
                    manual_form.add_error(None, error.message)
                else:
                    messages.success(request, _("The reviewer has been assigned."))
                    return redirect("calls:assignments", call_id=call.pk)
    rows = [{"application": application, "reviewers": [a.reviewer for a in application.assignments.all()]}
            for application in selectors.applications_for_call(call).filter(status=ApplicationStatus.SUBMITTED)]
    return render(request, "calls/manage/assignments.html", {
        "call": call, "pool_form": pool_form, "auto_form": auto_form, "manual_form": manual_form,
        "rows": rows, "pool": pool,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def progress(request, call_id: int):
    call = managed_call(request, call_id)
    reviewers = list(selectors.review_progress(call))
    for reviewer in reviewers:
        reviewer.missing = reviewer.assigned - reviewer.done
    return render(request, "calls/manage/progress.html", {"call": call, "reviewers": reviewers})


@login_required
@require_POST
def remind(request, call_id: int):
    call = managed_call(request, call_id)
    count = reviewers_remind(call=call, actor=request.user, base_url=base_url(request))
    messages.success(request, ngettext("Reminder queued for %(count)s reviewer.",
                                       "Reminders queued for %(count)s reviewers.", count) % {"count": count})
    return redirect("calls:progress", call_id=call.pk)


@login_required
@require_POST
def pin(request, call_id: int, application_id: int):
    call = managed_call(request, call_id)
    application = get_object_or_404(Application, pk=application_id, call=call)
    try:
        application_pin(application=application, actor=request.user, pin=request.POST.get("pin", ""))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("calls:selection", call_id=call.pk)
