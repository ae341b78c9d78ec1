"""One person, two browsers, one application (issue 10): the loser is told and shown what was kept;
a refused late submission no longer offers the buttons."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ssehub.calls.enums import ApplicationStatus
from ssehub.calls.models import Answer, Application
from tests.calls.factories import CallFactory, QuestionFactory
from tests.concurrency import at_the_same_instant
from tests.factories import make_user

ANSWERS = {"laptop": "We run 40 cooperatives in Cebu.", "phone": "Our ministry drafts the SSE bill."}


def _applicant():
    return make_user(None, country="PH", constituency="government", gender="woman")


@pytest.mark.django_db(transaction=True)
def test_two_browsers_submitting_at_once_one_wins_and_the_other_sees_what_was_kept():
    call = CallFactory()
    question = QuestionFactory(call=call)
    applicant = _applicant()
    url = reverse("calls:apply", kwargs={"call_id": call.pk})
    browsers = {name: Client() for name in ANSWERS}
    for browser in browsers.values():
        browser.force_login(applicant)
        browser.cookies["ssehub_language"] = "en"
        # Both forms were opened before any application existed.
        assert browser.get(url).status_code == 200
    def submit(name: str):
        return browsers[name].post(url, {
            f"q_{question.pk}": ANSWERS[name], "accept_notice": "on", "version": "0", "submit": "1",
        })

    names = list(ANSWERS)
    responses = dict(zip(names, at_the_same_instant(*(lambda name=name: submit(name) for name in names)),
                         strict=True))

    assert sorted(response.status_code for response in responses.values()) == [302, 409]
    winner = next(name for name, response in responses.items() if response.status_code == 302)
    loser = next(name for name in ANSWERS if name != winner)
    application = Application.objects.get(call=call, applicant=applicant)
    assert (application.status, Answer.objects.get(application=application).value) == (
        ApplicationStatus.SUBMITTED, ANSWERS[winner])
    body = responses[loser].content.decode()
    assert "This application was changed in another window. Reload it and make your changes again." in body
    assert '<h2 id="kept-title">What was kept</h2>' in body
    assert f"<dd>{ANSWERS[winner]}</dd>" in body
    # The loser's own text stays in the form, at the stored version, to send again deliberately.
    assert ANSWERS[loser] in body
    assert f'name="version" value="{application.version}"' in body


@pytest.mark.django_db
def test_form_opened_before_the_application_existed_cannot_overwrite_it(client):
    call = CallFactory()
    question = QuestionFactory(call=call)
    applicant = _applicant()
    client.force_login(applicant)
    url = reverse("calls:apply", kwargs={"call_id": call.pk})
    first = client.post(url, {f"q_{question.pk}": "first", "accept_notice": "on", "version": "0", "submit": "1"})
    second = client.post(url, {f"q_{question.pk}": "second", "accept_notice": "on", "version": "0", "submit": "1"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert Answer.objects.get(application__applicant=applicant).value == "first"


@pytest.mark.django_db
def test_refused_late_submission_no_longer_offers_save_or_submit(client):
    call = CallFactory(opens_at=timezone.now() - dt.timedelta(days=9), closes_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(_applicant())
    client.cookies["ssehub_language"] = "en"
    response = client.post(reverse("calls:apply", kwargs={"call_id": call.pk}),
                           {"accept_notice": "on", "submit": "1", "version": "0"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "This call is closed: applications can no longer be submitted or changed." in body
    assert 'name="draft"' not in body
    assert 'name="submit"' not in body


@pytest.mark.django_db
def test_open_call_form_offers_save_and_submit(client):
    call = CallFactory()
    client.force_login(_applicant())
    body = client.get(reverse("calls:apply", kwargs={"call_id": call.pk})).content.decode()
    assert ('name="draft"' in body, 'name="submit"' in body, 'name="version" value="0"' in body) == (True, True, True)
