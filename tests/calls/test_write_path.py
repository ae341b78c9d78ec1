"""The calls app's write path: one error type, stale edits, the action log, registrations through
events, the invitation bug, locks under concurrency, exports through the tabular writer."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ssehub.calls.enums import InvitationStatus, Outcome, RunKind, ScoreBasis
from ssehub.calls.models import Call, Invitation, SelectionRun
from ssehub.calls.services.communication import invitation_respond, invitation_token, invitations_create
from ssehub.calls.services.exports import export_build
from ssehub.calls.services.reviews import review_save
from ssehub.calls.services.selection import application_pin, selection_override
from ssehub.calls.services.setup import call_update
from ssehub.core.actionlog import LogFilters, entries_filtered
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from ssehub.events.enums import RegistrationStatus
from ssehub.events.models import Registration
from ssehub.events.services import registration_cancel, registration_register
from tests.calls.factories import (
    CallFactory,
    CriterionFactory,
    make_application,
    make_assignment,
    make_organiser,
)
from tests.concurrency import at_the_same_instant
from tests.factories import make_user


def _verbs(event) -> list[str]:
    return [entry.verb for entry in entries_filtered(scope=event)]


def _selected(call, **profile):
    application = make_application(call, **profile)
    application.outcome = Outcome.SELECTED
    application.save()
    return application


# --- stale edits ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_call_edit_from_stale_form_is_refused_naming_who_saved(client):
    call = CallFactory(title="Call for participants")
    mine, theirs = make_organiser(call.event), make_organiser(call.event)
    theirs.profile.full_name = "Kim Ji-yeon"
    theirs.profile.save()
    url = reverse("calls:edit", kwargs={"call_id": call.pk})
    client.force_login(mine)
    page = client.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    call_update(call=call, actor=theirs, data={"title": "Call for delegates"}, version=int(version))
    local = timezone.localtime(call.opens_at, timezone.get_current_timezone())
    data = {"title": "Call for researchers", "description": "", "data_protection_notice": "Kept one year.",
            "opens_at": local.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (local + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
            "reviewers_per_application": 2, "invitation_valid_days": 14, "reminder_days_before": 3,
            "version": version}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Kim Ji-yeon" in response.content.decode()
    call.refresh_from_db()
    assert (call.title, call.version) == ("Call for delegates", 2)
    assert _verbs(call.event) == ["calls.call.update"]


@pytest.mark.django_db
def test_call_edit_with_current_version_saves_and_logs_the_change(client):
    call = CallFactory(title="Call for participants")
    organiser = make_organiser(call.event)
    call_update(call=call, actor=organiser, data={"title": "Call for delegates", "seats": 99}, version=1)
    (entry,) = entries_filtered(scope=call.event)
    assert (entry.actor, entry.verb, entry.data) == (organiser, "calls.call.update",
                                                    {"title": ["Call for participants", "Call for delegates"]})


@pytest.mark.django_db
def test_call_update_refuses_invalid_data_with_service_error():
    call = CallFactory()
    with pytest.raises(ServiceError) as error:
        call_update(call=call, actor=make_organiser(call.event), data={"closes_at": call.opens_at}, version=1)
    assert error.value.code == "invalid"
    call.refresh_from_db()
    assert call.version == 1


# --- the solver runs only when asked ----------------------------------------------------------------

@pytest.mark.django_db
def test_group_page_get_reads_stored_proposal_and_never_solves(client):
    call = CallFactory(seats=2)
    client.force_login(make_organiser(call.event))
    first = _selected(call, full_name="Rosario Mendoza")
    _selected(call, full_name="Eduardo Ramos")
    waiting = make_application(call, full_name="Grace Aquino")
    waiting.outcome, waiting.waiting_rank = Outcome.WAITING, 1
    waiting.save()
    invitations_create(call=call, actor=make_user("organiser"),
                       applications=list(call.applications.filter(outcome="selected")))
    invitation_respond(invitation=Invitation.objects.get(application=first), accept=False)
    url = reverse("calls:group", kwargs={"call_id": call.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert 'id="propose-replacement"' in response.content.decode()
    assert SelectionRun.objects.count() == 0
    assert "calls.selection.replacement" not in _verbs(call.event)
    assert client.post(reverse("calls:replacement", kwargs={"call_id": call.pk})).status_code == 302
    assert list(SelectionRun.objects.values_list("kind", flat=True)) == [RunKind.REPLACEMENT]
    page = client.get(url).content.decode()
    assert f'id="invite-replacement-{waiting.pk}"' in page
    assert "The group has changed since then" not in page
    assert SelectionRun.objects.count() == 1


# --- the action log ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_override_logs_old_and_new_outcome_and_reason():
    call = CallFactory(seats=1)
    organiser = make_organiser(call.event)
    application = _selected(call)
    selection_override(call=call, actor=organiser, application=application, outcome=Outcome.WAITING,
                       reason="Cannot travel in March")
    (entry,) = entries_filtered(scope=call.event, filters=LogFilters(verb="calls.selection.override"))
    assert (entry.actor, entry.data) == (organiser, {"outcome": ["selected", "waiting"],
                                                     "reason": "Cannot travel in March"})


@pytest.mark.django_db
def test_override_over_http_takes_the_reason(client):
    call = CallFactory(seats=1)
    organiser = make_organiser(call.event)
    application = _selected(call)
    client.force_login(organiser)
    client.post(reverse("calls:override", kwargs={"call_id": call.pk, "application_id": application.pk}),
                {"outcome": "not_selected", "reason": "Withdrew by e-mail"})
    (entry,) = entries_filtered(scope=call.event)
    assert entry.data == {"outcome": ["selected", "not_selected"], "reason": "Withdrew by e-mail"}


@pytest.mark.django_db
def test_review_submit_logs_ids_only_and_pin_logs_change():
    call = CallFactory()
    criterion = CriterionFactory(call=call)
    application = make_application(call)
    assignment = make_assignment(application)
    review_save(assignment=assignment, reviewer=assignment.reviewer, scores={str(criterion.pk): 4})
    organiser = make_organiser(call.event)
    application_pin(application=application, actor=organiser, pin="in")
    entries = list(entries_filtered(scope=call.event).order_by("id"))
    assert [(entry.verb, entry.data) for entry in entries] == [
        ("calls.review.submit", {"application": application.pk, "assignment": assignment.pk}),
        ("calls.selection.pin", {"pin": ["", "in"]}),
    ]


@pytest.mark.django_db
def test_setup_pages_write_through_services_and_log(client):
    call = CallFactory()
    organiser = make_organiser(call.event)
    reviewer = make_user("reviewer")
    client.force_login(organiser)
    client.post(reverse("calls:questions", kwargs={"call_id": call.pk}),
                {"kind": "short_text", "text": "Your role?", "help_text": "", "choices": ""})
    question = call.questions.get()
    client.post(reverse("calls:question_delete", kwargs={"call_id": call.pk, "question_id": question.pk}))
    client.post(reverse("calls:rubric", kwargs={"call_id": call.pk}),
                {"title": "Relevance", "description": "", "weight": "2"})
    criterion = call.criteria.get()
    client.post(reverse("calls:criterion_delete", kwargs={"call_id": call.pk, "criterion_id": criterion.pk}))
    client.post(reverse("calls:assignments", kwargs={"call_id": call.pk}),
                {"action": "pool", "reviewers": [reviewer.pk]})
    client.post(reverse("calls:send", kwargs={"call_id": call.pk}), {"kind": "not_selected"})
    assert (call.questions.count(), call.criteria.count(), list(call.reviewers.all())) == (0, 0, [reviewer])
    assert sorted(_verbs(call.event)) == sorted([
        "calls.question.add", "calls.question.delete", "calls.criterion.add", "calls.criterion.delete",
        "calls.reviewers.update"])


@pytest.mark.django_db
def test_demo_log_shows_adoption_and_organiser_overrides():
    call_command("load_demo", stdout=io.StringIO())
    call = Call.objects.get(event__slug="sse-capacity-building-workshop-2021")
    entries = list(entries_filtered(scope=call.event))
    adopted = [entry for entry in entries if entry.verb == "calls.selection.adopt"]
    overrides = [entry for entry in entries if entry.verb == "calls.selection.override"]
    assert [entry.actor.email for entry in adopted] == ["organiser@demo.ssehub.org"]
    assert [entry.actor.email for entry in overrides] == ["organiser@demo.ssehub.org"] * 2
    assert [entry.data["outcome"][1] for entry in reversed(overrides)] == ["not_selected", "selected"]


# --- invitations and registrations ----------------------------------------------------------------

@pytest.mark.django_db
def test_late_answer_is_refused_and_the_invitation_stays_expired(client):
    call = CallFactory()
    (invitation,) = invitations_create(call=call, actor=make_user("organiser"), applications=[_selected(call)])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    url = reverse("calls:invitation", kwargs={"token": invitation_token(invitation)})
    response = client.post(url, {"answer": "confirm"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED
    assert Registration.objects.count() == 0
    assert _verbs(call.event) == ["calls.invitation.expire", "calls.invitation.create"]


@pytest.mark.django_db
def test_confirm_registers_through_events_with_the_applicant_as_actor():
    call = CallFactory()
    application = _selected(call)
    (invitation,) = invitations_create(call=call, actor=make_user("organiser"), applications=[application])
    invitation_respond(invitation=invitation, accept=True)
    registration = Registration.objects.get()
    assert (registration.user, registration.source, registration.status) == (
        application.applicant, "invitation", RegistrationStatus.REGISTERED)
    confirm = entries_filtered(scope=call.event, filters=LogFilters(verb="calls.invitation.confirm")).get()
    assert confirm.actor == application.applicant


@pytest.mark.django_db
def test_confirm_refused_when_an_organiser_cancelled_the_registration():
    call = CallFactory()
    application = _selected(call)
    organiser = make_organiser(call.event)
    registration = registration_register(event=call.event, user=application.applicant, source="direct",
                                         actor=organiser)
    registration_cancel(registration=registration, actor=organiser)
    (invitation,) = invitations_create(call=call, actor=organiser, applications=[application])
    with pytest.raises(ServiceError) as error:
        invitation_respond(invitation=invitation, accept=True)
    assert error.value.code == "cancelled_by_organiser"
    invitation.refresh_from_db()
    registration.refresh_from_db()
    assert (invitation.status, invitation.responded_at, registration.status) == (
        InvitationStatus.PENDING, None, RegistrationStatus.CANCELLED)
    assert "calls.invitation.confirm" not in _verbs(call.event)


@pytest.mark.django_db(transaction=True)
def test_confirm_and_decline_at_the_same_instant_one_wins():
    call = CallFactory()
    application = _selected(call)
    (invitation,) = invitations_create(call=call, actor=make_user("organiser"), applications=[application])
    url = reverse("calls:invitation", kwargs={"token": invitation_token(invitation)})
    browsers = {"confirm": Client(), "decline": Client()}
    confirmed, declined = at_the_same_instant(
        *(lambda choice=choice: browsers[choice].post(url, {"answer": choice}).status_code for choice in browsers))
    statuses = {"confirm": confirmed, "decline": declined}
    assert sorted(statuses.values()) == [302, 400]
    invitation.refresh_from_db()
    application.refresh_from_db()
    registered = Registration.objects.filter(user=application.applicant, status="registered").exists()
    winner = "confirm" if statuses["confirm"] == 302 else "decline"
    expected = {"confirm": (InvitationStatus.CONFIRMED, True, Outcome.SELECTED),
                "decline": (InvitationStatus.DECLINED, False, Outcome.NOT_SELECTED)}[winner]
    assert (invitation.status, registered, application.outcome) == expected
    answers = ActionLogEntry.objects.filter(verb__in=["calls.invitation.confirm", "calls.invitation.decline"])
    assert answers.count() == 1


@pytest.mark.django_db
def test_invite_twice_creates_one_invitation_and_logs_replacement(client):
    call = CallFactory(seats=1)
    client.force_login(make_organiser(call.event))
    application = make_application(call)
    url = reverse("calls:invite", kwargs={"call_id": call.pk})
    client.post(url, {"application": application.pk})
    client.post(url, {"application": application.pk})
    assert Invitation.objects.filter(application=application).count() == 1
    assert _verbs(call.event) == ["calls.invitation.replacement"]


# --- exports ---------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)"]


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_exported_text_never_runs_as_a_formula(formula):
    call = CallFactory()
    application = _selected(call, organisation=formula)
    organiser = make_organiser(call.event)
    content, _name = export_build(call=call, actor=organiser, kind="applications.csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][4] == "'" + formula
    content, _name = export_build(call=call, actor=organiser, kind="selection.xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=7)
    assert (cell.value, cell.data_type) == (application.organisation, "s")


@pytest.mark.django_db
def test_export_score_is_the_one_counted_score():
    call = CallFactory(score_basis=ScoreBasis.CALIBRATED)
    application = _selected(call)
    application.raw_score, application.calibrated_score = 4.0, 3.25
    application.save()
    content, _name = export_build(call=call, actor=make_organiser(call.event), kind="selection.csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][-1] == "3.25"


# --- admin -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_admin_lists_calls_but_cannot_change_them(client):
    call = CallFactory(title="Call for delegates")
    client.force_login(make_user("admin"))
    listing = client.get(reverse("admin:calls_call_changelist"))
    assert listing.status_code == 200
    assert "Call for delegates" in listing.content.decode()
    assert client.get(reverse("admin:calls_call_add")).status_code == 403
    assert client.post(reverse("admin:calls_call_delete", args=[call.pk]), {"post": "yes"}).status_code == 403
    assert Call.objects.filter(pk=call.pk).exists()
