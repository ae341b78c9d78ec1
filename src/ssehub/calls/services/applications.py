"""Applying to a call: drafts, submission, edits until the deadline, withdrawal."""

import uuid

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.accounts.selectors import profile_for
from ssehub.calls.enums import ApplicationStatus, QuestionKind
from ssehub.calls.models import Answer, Application, Call, Question
from ssehub.calls.organisations import normalise
from ssehub.calls.services import APPLICATION_SUBMITTED, APPLICATION_WITHDRAWN
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError

MAX_PDF_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF"


def pdf_check(upload: UploadedFile) -> None:
    """Refuse anything over 5 MB or not starting with the PDF signature, whatever its name says."""
    if upload.size > MAX_PDF_BYTES:
        raise ServiceError(_("The file is larger than 5 MB."), code="too_large")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ServiceError(_("The file is not a PDF document."), code="not_pdf")


def _ensure_open(call: Call) -> None:
    if not call.is_open():
        raise ServiceError(
            _("This call is closed: applications can no longer be submitted or changed."), code="closed"
        )


def _snapshot(application: Application, applicant: User) -> None:
    profile = profile_for(applicant)
    application.full_name = profile.full_name
    application.email = applicant.email
    application.organisation = profile.organisation
    application.organisation_key = normalise(profile.organisation)
    application.country = profile.country
    application.constituency = profile.constituency
    application.gender = profile.gender
    application.language = profile.preferred_language or translation.get_language() or "en"


def _get_or_create(call: Call, applicant: User) -> tuple[Application, bool]:
    existing = Application.objects.select_for_update().filter(call=call, applicant=applicant).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Application.objects.create(call=call, applicant=applicant), True
    except IntegrityError:
        # A second request (double click, two tabs) created it a moment ago: use that one.
        return Application.objects.select_for_update().get(call=call, applicant=applicant), False


def _is_empty(question: Question, value) -> bool:
    if question.kind == QuestionKind.YES_NO:
        return value is None
    return value in (None, "", [], ())


def _missing(application: Application, questions: list[Question], values: dict, files: dict) -> dict:
    errors = {}
    stored = {answer.question_id: answer for answer in application.answers.all()}
    for question in questions:
        if not question.required:
            continue
        if question.kind == QuestionKind.PDF:
            has_file = question.pk in files or bool(stored.get(question.pk) and stored[question.pk].file)
            if not has_file:
                errors[question.pk] = _("Please upload this document.")
        elif _is_empty(question, values.get(question.pk)):
            errors[question.pk] = _("Please answer this question.")
    return errors


def _store_answers(application: Application, questions: list[Question], values: dict, files: dict) -> None:
    stored = {answer.question_id: answer for answer in application.answers.all()}
    for question in questions:
        answer = stored.get(question.pk) or Answer(application=application, question=question)
        if question.kind == QuestionKind.PDF:
            upload = files.get(question.pk)
            if upload is None:
                continue
            pdf_check(upload)
            if answer.file:
                answer.file.delete(save=False)
            answer.file_name = upload.name[:255]
            answer.file.save(f"{uuid.uuid4().hex}.pdf", upload, save=False)
        else:
            answer.value = values.get(question.pk)
        answer.save()


def application_save(
    *, call: Call, applicant: User, values: dict, files: dict, accept_notice: bool, submit: bool,
    version: int | None = None,
) -> Application:
    """Save a draft or submit; the same path edits a submitted application until the deadline.

    `version` is the one the form was opened at (0: no application yet); None skips the check."""
    _ensure_open(call)
    questions = list(call.questions.all())
    with transaction.atomic():
        application, created = _get_or_create(call, applicant)
        # A form opened before any application existed carries version 0: if another window or
        # browser created the application meanwhile, this save must not overwrite it silently.
        stale = (not created) if version == 0 else application.version != version
        if version is not None and stale:
            raise ServiceError(
                _("This application was changed in another window. Reload it and make your changes again."),
                code="conflict",
            )
        _snapshot(application, applicant)
        if accept_notice and not application.accepted_notice_at:
            application.accepted_notice_at = timezone.now()
        was_submitted = application.status == ApplicationStatus.SUBMITTED
        if submit or was_submitted:
            errors = _missing(application, questions, values, files)
            if not (accept_notice or application.accepted_notice_at):
                errors["notice"] = _("Please accept the data-protection notice.")
            eligible = list(call.event.eligible_countries)
            if not application.country or not application.constituency:
                errors["profile"] = _("Add your country and constituency to your profile first.")
            elif eligible and application.country.code not in [c.code for c in eligible]:
                errors["profile"] = _("This call is open to applicants from the eligible countries only.")
            if errors:
                raise ServiceError(_("Some answers are missing."), code="incomplete", errors=errors)
        _store_answers(application, questions, values, files)
        first_submission = submit and not was_submitted
        if first_submission:
            application.status = ApplicationStatus.SUBMITTED
            application.submitted_at = timezone.now()
        elif application.status == ApplicationStatus.WITHDRAWN:
            application.status = ApplicationStatus.DRAFT
        application.version += 1
        application.save()
        if first_submission:
            log_action(actor=applicant, verb=APPLICATION_SUBMITTED, obj=application, scope=call.event,
                       data={"call": call.pk})
            transaction.on_commit(lambda: application_confirmation_send(application=application))
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User) -> Application:
    if application.applicant_id != actor.pk:
        raise ServiceError(_("Only the applicant can withdraw an application."), code="forbidden")
    application.status = ApplicationStatus.WITHDRAWN
    application.version += 1
    application.save(update_fields=["status", "version", "updated_at"])
    log_action(actor=actor, verb=APPLICATION_WITHDRAWN, obj=application, scope=application.call.event,
               data={"call": application.call_id})
    return application


def application_confirmation_send(*, application: Application) -> None:
    """Confirm receipt in the applicant's own language; the default mailer queues it."""
    language = application.language or "en"
    with translation.override(language):
        subject = _("We received your application: %(call)s") % {"call": application.call.title}
        body = render_to_string("calls/email/confirmation.txt", {"application": application})
    send_mail(subject, body, None, [application.email or application.applicant.email])
