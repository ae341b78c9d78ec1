"""Organisers' pages for attendance, certificates and the evaluation; participants' survey and certificate."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.agenda import selectors
from ssehub.agenda.certificates import certificate_pdf
from ssehub.agenda.enums import SurveyPhase
from ssehub.agenda.forms import (
    AttendanceMarkForm,
    AttendedShareForm,
    CertificateSettingsForm,
    ObjectivesForm,
    RemindForm,
    SurveyForm,
    ZoomImportForm,
    session_choice_label,
)
from ssehub.agenda.models import Certificate, SurveyResponse
from ssehub.agenda.results import evaluation_results, gain_chart
from ssehub.agenda.rules import is_registered
from ssehub.agenda.services import attendance as attendance_services
from ssehub.agenda.services import evaluation as evaluation_services
from ssehub.agenda.times import label_at
from ssehub.agenda.views.common import event_or_404, login_or_denied, managed_event
from ssehub.core.errors import ServiceError
from ssehub.core.tabular import file_response
from ssehub.events.selectors import registrations_for


def _attendance_page(request, event, *, mark_form=None, import_form=None, share_form=None, report=None,
                     status=200):
    overview = selectors.attendance_overview(event)
    registrations = [person.user for person in overview.per_person]
    return render(request, "agenda/manage/attendance.html", {
        "event": event, "per_session": overview.per_session, "per_person": overview.per_person,
        "share": overview.share,
        "share_form": share_form or AttendedShareForm(
            initial={"attended_share": overview.share, "version": overview.settings.version}),
        "mark_form": mark_form or AttendanceMarkForm(event=event, registrations=[]),
        "participants": registrations,
        "mark_sessions": [(item.session.pk, session_choice_label(item.session, event.host_time_zone))
                          for item in overview.per_session],
        "import_form": import_form or ZoomImportForm(event=event),
        "report": report,
        "report_sessions": _report_sessions(event, report),
    }, status=status)


def _report_sessions(event, report):
    if report is None:
        return []
    return [(session_choice_label(session, event.host_time_zone), report.credited.get(session.pk, 0))
            for session in event.sessions.filter(pk__in=report.session_pks)]


@require_safe
def attendance(request, event_slug):
    event = managed_event(request, event_slug)
    return _attendance_page(request, event)


@require_POST
def attendance_mark(request, event_slug):
    event = managed_event(request, event_slug)
    form = AttendanceMarkForm(request.POST, event=event, registrations=registrations_for(event))
    if form.is_valid():
        try:
            attendance_services.attendance_mark(
                session=form.cleaned_data["session"], user=form.cleaned_data["user"],
                present=form.cleaned_data["present"], actor=request.user)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Attendance has been saved."))
            return redirect("agenda:attendance", event_slug=event.slug)
    return _attendance_page(request, event, mark_form=form, status=400)


@require_POST
def attendance_share(request, event_slug):
    event = managed_event(request, event_slug)
    form = AttendedShareForm(request.POST)
    if form.is_valid():
        try:
            attendance_services.delivery_settings_update(
                event=event, actor=request.user, data={"attended_share": form.cleaned_data["attended_share"]},
                expected_version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            return _attendance_page(request, event, share_form=form, status=409 if error.is_stale else 400)
        messages.success(request, _("Saved: a session counts as attended from %(share)s per cent of its time.") % {
            "share": form.cleaned_data["attended_share"]})
        return redirect("agenda:attendance", event_slug=event.slug)
    return _attendance_page(request, event, share_form=form, status=400)


@require_http_methods(["GET", "POST"])
def attendance_import(request, event_slug):
    event = managed_event(request, event_slug)
    if request.method == "GET":
        return redirect("agenda:attendance", event_slug=event.slug)
    form = ZoomImportForm(request.POST, request.FILES, event=event)
    if form.is_valid():
        try:
            report = attendance_services.attendance_import_zoom(
                sessions=list(form.cleaned_data["sessions"]), actor=request.user,
                content=form.cleaned_data["report"].read(), zone_name=form.cleaned_data["time_zone"])
        except ServiceError as error:
            error.add_to_form(form)
        else:
            if report.no_overlap:
                messages.warning(request, _(
                    "No join in the file falls within the sessions' time, so nothing was imported. Check "
                    "the time zone of the report (it was read as %(zone)s).") % {
                    "zone": label_at(report.zone_name, report.first_join)})
                return _attendance_page(request, event, import_form=form, report=report)
            messages.success(request, _("%(imported)s participants imported from %(rows)s rows.") % {
                "imported": report.imported, "rows": report.rows})
            return _attendance_page(request, event, report=report)
    return _attendance_page(request, event, import_form=form, status=400)


@require_safe
def attendance_export(request, event_slug, fmt):
    event = managed_event(request, event_slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    content = attendance_services.attendance_export(event=event, actor=request.user, fmt=fmt)
    return file_response(content, filename=f"{event.slug}-attendance.{fmt}")


@require_http_methods(["GET", "POST"])
def certificates(request, event_slug):
    event = managed_event(request, event_slug)
    current = selectors.delivery_settings_of(event)
    form = CertificateSettingsForm(request.POST or None, initial={
        "certificate_threshold": current.certificate_threshold, "version": current.version})
    status = 400
    if request.method == "POST" and form.is_valid():
        try:
            attendance_services.delivery_settings_update(
                event=event, actor=request.user,
                data={"certificate_threshold": form.cleaned_data["certificate_threshold"]},
                expected_version=form.cleaned_data["version"])
            issued = attendance_services.certificates_issue(event=event, actor=request.user)
        except ServiceError as error:
            error.add_to_form(form)
            status = 409 if error.is_stale else 400
        else:
            messages.success(request, _("%(count)s certificates are issued.") % {"count": len(issued)})
            return redirect("agenda:certificates", event_slug=event.slug)
    issued = Certificate.objects.filter(event=event).select_related("user__profile").order_by("name")
    return render(request, "agenda/manage/certificates.html", {
        "event": event, "form": form, "certificates": list(issued), "share": current.attended_share,
    }, status=status if request.method == "POST" else 200)


@require_safe
def my_certificate(request, event_slug):
    event = event_or_404(event_slug)
    if not request.user.is_authenticated:
        return login_or_denied(request)
    certificate = Certificate.objects.select_related("event", "user__profile").filter(
        event=event, user=request.user).first()
    if certificate is None:
        raise Http404(_("You have no certificate for this event."))
    verify_url = settings.SITE_URL + reverse("agenda_public:verify") + f"?code={certificate.code}"
    response = HttpResponse(certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return response


@require_safe
def verify(request):
    code = request.GET.get("code", "").strip()
    certificate = selectors.certificate_by_code(code) if code else None
    return render(request, "agenda/verify.html", {"code": code, "certificate": certificate})


@require_http_methods(["GET", "POST"])
def survey(request, event_slug, phase):
    event = event_or_404(event_slug)
    if phase not in SurveyPhase.values:
        raise Http404
    if not is_registered(request.user, event):
        return login_or_denied(request)
    answered = SurveyResponse.objects.filter(event=event, user=request.user, phase=phase).exists()
    objectives = list(event.learning_objectives.all())
    sessions = list(event.sessions.all()) if phase == SurveyPhase.POST else []
    form = SurveyForm(request.POST or None, objectives=objectives, phase=phase, sessions=sessions)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            evaluation_services.survey_submit(
                event=event, user=request.user, phase=phase, ratings=form.ratings(),
                anonymous=form.cleaned_data["anonymous"], satisfaction=form.cleaned_data.get("satisfaction"),
                comments=form.cleaned_data.get("comments", ""), feedback=form.feedback())
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Thank you: your answers have been saved."))
            return redirect("agenda:agenda", event_slug=event.slug)
    return render(request, "agenda/survey.html", {
        "event": event, "form": form, "phase": phase, "phase_label": SurveyPhase(phase).label,
        "answered": answered,
    }, status=400 if request.method == "POST" else 200)


@require_safe
def evaluation(request, event_slug):
    event = managed_event(request, event_slug)
    results = evaluation_results(event)
    objectives_text = "\n".join(objective.text for objective in results.objectives)
    return render(request, "agenda/manage/evaluation.html", {
        "event": event, "results": results, "chart": gain_chart(results.overall),
        "objectives_form": ObjectivesForm(initial={"objectives": objectives_text}),
        "phases": SurveyPhase.choices,
    })


@require_POST
def evaluation_objectives(request, event_slug):
    event = managed_event(request, event_slug)
    form = ObjectivesForm(request.POST)
    if form.is_valid():
        try:
            evaluation_services.objectives_set(
                event=event, actor=request.user, texts=form.cleaned_data["objectives"].splitlines())
            messages.success(request, _("The learning objectives have been saved."))
        except ServiceError as error:
            messages.error(request, " ".join(error.messages()))
    else:
        messages.error(request, _("Write at least one learning objective."))
    return redirect("agenda:evaluation", event_slug=event.slug)


@require_POST
def evaluation_remind(request, event_slug):
    event = managed_event(request, event_slug)
    form = RemindForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which questionnaire to remind people about."))
        return redirect("agenda:evaluation", event_slug=event.slug)
    count = evaluation_services.survey_remind(event=event, actor=request.user, phase=form.cleaned_data["phase"])
    messages.success(request, _("Reminders are on their way to %(count)s people who have not answered.") % {
        "count": count})
    return redirect("agenda:evaluation", event_slug=event.slug)


@require_safe
def evaluation_export(request, event_slug):
    event = managed_event(request, event_slug)
    content = evaluation_services.results_export(event=event, actor=request.user)
    return file_response(content, filename=f"{event.slug}-evaluation.xlsx")
