import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ssehub.calls.enums import ApplicationStatus, QuestionKind
from ssehub.calls.models import Application
from ssehub.calls.services.applications import application_save, application_withdraw
from ssehub.core.errors import ServiceError
from tests.calls.factories import CallFactory, QuestionFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _applicant(**fields):
    return make_user(None, country="ID", constituency="workers", gender="woman",
                     organisation="Konfederasi Serikat Pekerja", preferred_language="id", **fields)


def test_submit_snapshots_profile_and_confirms_in_applicants_language(django_capture_on_commit_callbacks):
    question = QuestionFactory()
    applicant = _applicant()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_save(call=question.call, applicant=applicant, values={question.pk: "Saya ingin"},
                                       files={}, accept_notice=True, submit=True)
    assert application.status == ApplicationStatus.SUBMITTED
    assert (application.country.code, application.constituency, application.gender) == ("ID", "workers", "woman")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert "Kami telah menerima" in mail.outbox[0].subject


def test_submit_refuses_missing_required_answer_and_notice():
    question = QuestionFactory()
    with pytest.raises(ServiceError) as error:
        application_save(call=question.call, applicant=_applicant(), values={}, files={},
                         accept_notice=False, submit=True)
    assert set(error.value.errors) == {question.pk, "notice"}
    assert Application.objects.count() == 0


def test_draft_saves_without_required_answers():
    question = QuestionFactory()
    application = application_save(call=question.call, applicant=_applicant(), values={}, files={},
                                   accept_notice=False, submit=False)
    assert application.status == ApplicationStatus.DRAFT


def test_after_deadline_server_refuses_submission_and_edits():
    call = CallFactory(opens_at=timezone.now() - dt.timedelta(days=9),
                       closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ServiceError) as error:
        application_save(call=call, applicant=_applicant(), values={}, files={}, accept_notice=True, submit=True)
    assert error.value.code == "closed"


def test_closed_call_post_is_refused_over_http(client):
    call = CallFactory(opens_at=timezone.now() - dt.timedelta(days=9),
                       closes_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(_applicant())
    response = client.post(reverse("calls:apply", kwargs={"call_id": call.pk}),
                           {"accept_notice": "on", "submit": "1"})
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_one_application_per_person_even_when_submitted_twice():
    call = CallFactory()
    applicant = _applicant()
    first = application_save(call=call, applicant=applicant, values={}, files={}, accept_notice=True,
                             submit=True)
    second = application_save(call=call, applicant=applicant, values={}, files={}, accept_notice=True,
                              submit=True)
    assert first.pk == second.pk
    assert Application.objects.filter(call=call, applicant=applicant).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=call, applicant=applicant)


def test_stale_version_is_refused():
    call = CallFactory()
    applicant = _applicant()
    application = application_save(call=call, applicant=applicant, values={}, files={}, accept_notice=True,
                                    submit=True)
    with pytest.raises(ServiceError) as error:
        application_save(call=call, applicant=applicant, values={}, files={}, accept_notice=True, submit=True,
                         version=application.version - 1)
    assert error.value.code == "conflict"


def test_withdraw_then_only_own():
    call = CallFactory()
    applicant = _applicant()
    application = application_save(call=call, applicant=applicant, values={}, files={}, accept_notice=True,
                                   submit=True)
    with pytest.raises(ServiceError):
        application_withdraw(application=application, actor=make_user())
    assert application_withdraw(application=application, actor=applicant).status == ApplicationStatus.WITHDRAWN


@pytest.mark.parametrize(("content", "code"), [(b"MZ\x90 not a pdf", "not_pdf"),
                                               (b"%PDF" + b"0" * (5 * 1024 * 1024), "too_large")])
def test_pdf_upload_checked_by_magic_bytes_and_size(content, code):
    question = QuestionFactory(kind=QuestionKind.PDF, required=True)
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")
    with pytest.raises(ServiceError) as error:
        application_save(call=question.call, applicant=_applicant(), values={}, files={question.pk: upload},
                         accept_notice=True, submit=True)
    assert error.value.code == code
    assert Application.objects.count() == 0


def test_pdf_upload_stored_and_served_only_to_permitted(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    question = QuestionFactory(kind=QuestionKind.PDF, required=True)
    applicant = _applicant()
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.7 real enough", content_type="application/pdf")
    application = application_save(call=question.call, applicant=applicant, values={},
                                   files={question.pk: upload}, accept_notice=True, submit=True)
    answer = application.answers.get()
    url = reverse("calls:answer_file", kwargs={"answer_id": answer.pk})
    client.force_login(applicant)
    assert client.get(url).status_code == 200
    client.force_login(make_user("reviewer"))
    assert client.get(url).status_code == 403
