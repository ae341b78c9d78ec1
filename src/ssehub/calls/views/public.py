"""Pages for applicants: the call, the application form, their own applications, invitation replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.calls import selectors
from ssehub.calls.forms import ApplicationForm
from ssehub.calls.models import Answer, Application, Call
from ssehub.calls.services.applications import application_save, application_withdraw
from ssehub.calls.services.communication import invitation_from_token, invitation_respond
from ssehub.core.errors import ServiceError
from ssehub.core.pagecache import personal_page_cache
from ssehub.core.timezones import zone_label


def _call(call_id: int) -> Call:
    return get_object_or_404(Call.objects.select_related("event"), pk=call_id)


def _times(call: Call) -> dict:
    # Templates write host times with {% in_zone %}: the `date` filter would turn them back into the viewer's zone.
    zone = call.event.host_time_zone or "UTC"
    return {"host_zone_name": zone, "host_zone": zone_label(zone, at=call.closes_at), "is_open": call.is_open()}


@personal_page_cache
@require_safe
def call_detail(request, call_id: int):
    call = _call(call_id)
    mine = None
    if request.user.is_authenticated:
        mine = call.applications.filter(applicant=request.user).first()
    return render(request, "calls/call_detail.html", {
        "call": call, "questions": call.questions.all(), "mine": mine,
        "manages": request.user.has_perm("calls.manage_call", call), **_times(call),
    })


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, call_id: int):
    call = _call(call_id)
    questions = list(call.questions.all())
    application = call.applications.filter(applicant=request.user).prefetch_related("answers").first()
    status = 200
    kept = None
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, questions=questions)
        if form.is_valid():
            values, files = form.answer_values()
            try:
                application = application_save(
                    call=call, applicant=request.user, values=values, files=files,
                    accept_notice=form.cleaned_data["accept_notice"],
                    submit="submit" in request.POST, version=form.cleaned_data.get("version"),
                )
            except ServiceError as error:
                messages.error(request, error.message)
                for key, message in error.errors.items():
                    field = f"q_{key}" if isinstance(key, int) else ("accept_notice" if key == "notice" else None)
                    form.add_error(field, message)
                status = 409 if error.code == "conflict" else 400
                if error.code == "conflict":
                    # Show what the other window saved; the form keeps this one's answers, now at the
                    # stored version, so sending it again is a deliberate choice.
                    kept = selectors.application_kept(call=call, applicant=request.user)
                    data = request.POST.copy()
                    data["version"] = kept.version if kept else 0
                    form = ApplicationForm(data, request.FILES, questions=questions)
                    form.is_valid()
            else:
                messages.success(request, _("Your application has been submitted.") if "submit" in request.POST
                                 else _("Your draft has been saved."))
                return redirect("calls:application", pk=application.pk)
        else:
            status = 400
    else:
        form = ApplicationForm(initial=ApplicationForm.initial_for(application), questions=questions)
    return render(request, "calls/apply.html", {
        "call": call, "form": form, "application": kept or application, "kept": kept, **_times(call),
    }, status=status)


@login_required
@require_POST
def withdraw(request, call_id: int):
    application = get_object_or_404(Application, call_id=call_id, applicant=request.user)
    try:
        application_withdraw(application=application, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("calls:application", pk=application.pk)


@personal_page_cache
@login_required
@require_safe
def mine(request):
    return render(request, "calls/mine.html", {"applications": selectors.my_applications(request.user)})


@login_required
@require_safe
def application_detail(request, pk: int):
    try:
        application = selectors.application_detail(pk)
    except Application.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("calls.view_application", application):
        raise PermissionDenied
    return render(request, "calls/application_detail.html", {
        "application": application, "call": application.call, **_times(application.call),
        "is_applicant": application.applicant_id == request.user.pk,
    })


@login_required
@require_safe
def answer_file(request, answer_id: int):
    answer = get_object_or_404(Answer.objects.select_related("application__call__event"), pk=answer_id)
    if not answer.file or not request.user.has_perm("calls.read_answer_file", answer):
        raise PermissionDenied
    response = FileResponse(answer.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=answer.file_name or "document.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    try:
        invitation = invitation_from_token(token)
    except ServiceError as error:
        return render(request, "calls/invitation.html", {"error": error.message}, status=400)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("confirm", "decline"):
            return render(request, "calls/invitation.html", {
                "invitation": invitation, "error": _("Choose to confirm or decline.")}, status=400)
        try:
            invitation = invitation_respond(invitation=invitation, accept=answer == "confirm")
        except ServiceError as error:
            return render(request, "calls/invitation.html", {"invitation": invitation, "error": error.message},
                          status=400)
        messages.success(request, _("Thank you: your place is confirmed.") if answer == "confirm"
                         else _("Thank you for letting us know. Your place will go to someone else."))
        return redirect("calls:invitation", token=token)
    return render(request, "calls/invitation.html", {
        "invitation": invitation, "suggested": request.GET.get("answer", ""),
    })
