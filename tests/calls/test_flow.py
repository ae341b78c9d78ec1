import pytest
from django.core import mail
from django.urls import reverse

from ssehub.calls.enums import InvitationStatus, Outcome
from ssehub.calls.models import Answer, Assignment
from ssehub.calls.services.communication import invitation_token, invitations_create
from ssehub.calls.services.reviews import assignment_add, assignments_auto, review_save
from ssehub.calls.services.selection import selection_adopt, selection_run
from ssehub.core.actionlog import LogFilters, entries_filtered
from ssehub.core.errors import ServiceError
from ssehub.events.models import Registration
from tests.calls.factories import (
    CallFactory,
    CriterionFactory,
    QuestionFactory,
    make_application,
    make_assignment,
    make_organiser,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db
EVENTS_LIST_QUERIES = 3


def test_event_organiser_allowed_other_event_organiser_refused(client):
    call = CallFactory()
    own = make_organiser(call.event)
    other = make_organiser(CallFactory().event)
    url = reverse("calls:applications", kwargs={"call_id": call.pk})
    client.force_login(own)
    assert client.get(url).status_code == 200
    client.force_login(other)
    assert client.get(url).status_code == 403


def test_reviewer_sees_only_assigned_and_applicant_only_own(client):
    call = CallFactory()
    mine, theirs = make_application(call), make_application(call)
    assignment = make_assignment(mine)
    other_assignment = make_assignment(theirs)
    client.force_login(assignment.reviewer)
    assert client.get(reverse("calls:review", kwargs={"assignment_id": assignment.pk})).status_code == 200
    assert client.get(reverse("calls:review", kwargs={"assignment_id": other_assignment.pk})).status_code == 403
    assert client.get(reverse("calls:application", kwargs={"pk": theirs.pk})).status_code == 403
    client.force_login(mine.applicant)
    assert client.get(reverse("calls:application", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("calls:application", kwargs={"pk": theirs.pk})).status_code == 403


def test_anonymised_review_hides_name(client):
    call = CallFactory(anonymised_review=True)
    application = make_application(call, full_name="Siti Nurhaliza", organisation="Koperasi Maju")
    assignment = make_assignment(application)
    client.force_login(assignment.reviewer)
    Answer.objects.create(application=application, question=QuestionFactory(call=call),
                          value="Our cooperative trains young farmers.")
    response = client.get(reverse("calls:review", kwargs={"assignment_id": assignment.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Our cooperative trains young farmers." in page
    assert "Siti Nurhaliza" not in page
    assert "Koperasi Maju" not in page


def test_auto_assignment_balanced_and_never_same_organisation():
    call = CallFactory()
    reviewers = [make_user("reviewer", organisation=name) for name in
                 ("Seoul National University", "ILO", "The KoSEA", "Bina Swadaya")]
    call.reviewers.set(reviewers)
    applications = [make_application(call, organisation="KoSEA") for _ in range(6)]
    applications += [make_application(call, organisation="Yayasan Bina Swadaya") for _ in range(2)]
    report = assignments_auto(call=call, actor=make_user("organiser"), per_application=2)
    assert report["short"] == []
    assert report["created"] == 16
    kosea = reviewers[2]
    assert not Assignment.objects.filter(reviewer=kosea, application__organisation_key="kosea").exists()
    # KoSEA's reviewer may take only the two other applications; the rest share the load evenly.
    assert report["load"][kosea.pk] == 2
    others = [report["load"][reviewer.pk] for reviewer in reviewers if reviewer != kosea]
    assert max(others) - min(others) <= 1
    with pytest.raises(ServiceError):
        assignment_add(application=applications[0], reviewer=kosea, actor=make_user("organiser"))


def test_review_selection_invitation_decline_and_replacement():
    call = CallFactory(seats=2, country_rules={"PH": {"min": 1, "government": 1}}, waiting_list_size=5)
    criterion = CriterionFactory(call=call, weight=2)
    organiser = make_organiser(call.event)
    people = [
        make_application(call, country="PH", constituency="government"),
        make_application(call, country="JP", constituency="researcher"),
        make_application(call, country="JP", constituency="workers"),
        make_application(call, country="PH", constituency="government"),
    ]
    reviewer = make_user("reviewer")
    for application, score in zip(people, (5, 4, 3, 2), strict=True):
        review_save(assignment=make_assignment(application, reviewer), reviewer=reviewer,
                    scores={str(criterion.pk): score})
    people[0].refresh_from_db()
    people[3].refresh_from_db()
    assert (people[0].raw_score, people[0].calibrated_score > people[3].calibrated_score) == (5.0, True)
    run = selection_run(call=call, actor=organiser)
    assert run.status == "optimal"
    assert run.result["selected"] == [people[0].pk, people[1].pk]
    selection_adopt(run=run, actor=organiser)
    people[2].refresh_from_db()
    assert (people[2].outcome, people[2].waiting_rank) == (Outcome.WAITING, 1)
    first, second = invitations_create(call=call, actor=organiser, applications=[people[0], people[1]])
    from ssehub.calls.services.communication import invitation_respond
    invitation_respond(invitation=second, accept=True)
    assert Registration.objects.filter(event=call.event, user=people[1].applicant, source="invitation").exists()
    invitation_respond(invitation=first, accept=False)
    from ssehub.calls.services.selection import replacement_propose
    proposal = replacement_propose(call=call)
    # The PH government seat must stay filled: the replacement is the other PH government delegate.
    assert proposal["proposals"] == [people[3].pk]
    assert proposal["keeps_rules"] is True


def test_invitation_link_confirms_over_http(client):
    call = CallFactory()
    application = make_application(call)
    application.outcome = Outcome.SELECTED
    application.save()
    (invitation,) = invitations_create(call=call, actor=make_user("organiser"), applications=[application])
    url = reverse("calls:invitation", kwargs={"token": invitation_token(invitation)})
    assert client.post(url, {"answer": "confirm"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CONFIRMED
    assert client.get(reverse("calls:invitation", kwargs={"token": "forged"})).status_code == 400


def test_reminder_sent_before_expiry():
    import datetime as dt

    from django.utils import timezone

    from ssehub.calls.services.communication import invitation_reminders_send
    call = CallFactory(invitation_valid_days=14, reminder_days_before=3)
    application = make_application(call)
    invitations_create(call=call, actor=make_user("organiser"), applications=[application])
    assert invitation_reminders_send(base_url="http://x", now=timezone.now())["reminded"] == 0
    report = invitation_reminders_send(base_url="http://x", now=timezone.now() + dt.timedelta(days=12))
    assert report["reminded"] == 1
    assert "expires" in mail.outbox[-1].body


def test_export_is_logged_and_log_visible(client):
    call = CallFactory()
    make_application(call, full_name="Nguyen Thi Lan")
    organiser = make_organiser(call.event)
    client.force_login(organiser)
    response = client.get(reverse("calls:export", kwargs={"call_id": call.pk, "kind": "applications.csv"}))
    assert "Nguyen Thi Lan" in response.content.decode("utf-8-sig")
    client.get(reverse("calls:export", kwargs={"call_id": call.pk, "kind": "selection.xlsx"}))
    entries = entries_filtered(scope=call.event, filters=LogFilters(verb="calls.export"))
    assert [(entry.actor, entry.data) for entry in entries] == [
        (organiser, {"call": call.pk, "kind": "selection.xlsx", "rows": 0}),
        (organiser, {"call": call.pk, "kind": "applications.csv", "rows": 1}),
    ]
    response = client.get(reverse("calls:export_log", kwargs={"call_id": call.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(organiser.profile.full_name or organiser.email) == 2
    assert "Applications (CSV)" in page


def test_personal_data_section_lists_applications():
    from ssehub.accounts.services import user_export_data
    application = make_application(CallFactory())
    data = user_export_data(user=application.applicant)
    assert data["calls_applications"][0]["call"] == application.call.title


def _organiser_page(client, call, view):
    client.force_login(make_organiser(call.event))
    return reverse(view, kwargs={"call_id": call.pk})


def _applications(call, reviewer, count):
    return [make_assignment(make_application(call, full_name=f"Applicant Number{n:02d}"), reviewer).application
            for n in range(count)]


# Exact counts, the same with 1 and with 20 applications; the page must show every one of them.
@pytest.mark.parametrize(("view", "queries"), [("calls:applications", 10), ("calls:assignments", 14),
                                               ("calls:group", 11)])
@pytest.mark.parametrize("size", [1, 20])
def test_organiser_lists_exact_queries(client, django_assert_num_queries, view, queries, size):
    call = CallFactory(seats=3)
    url = _organiser_page(client, call, view)
    applications = _applications(call, make_user("reviewer"), size)
    with django_assert_num_queries(queries):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert [application.full_name in page for application in applications] == [True] * size


@pytest.mark.parametrize("size", [1, 20])
def test_reviewer_list_exact_queries(client, django_assert_num_queries, size):
    call = CallFactory(title="Call for SSE researchers")
    reviewer = make_user("reviewer")
    assignments = [make_assignment(make_application(call), reviewer) for _ in range(size)]
    client.force_login(reviewer)
    with django_assert_num_queries(5):
        response = client.get(reverse("calls:my_reviews"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [reverse("calls:review", kwargs={"assignment_id": a.pk}) in page for a in assignments] == [True] * size


def test_stale_rules_form_is_refused(client):
    call = CallFactory(seats=3)
    client.force_login(make_organiser(call.event))
    url = reverse("calls:selection", kwargs={"call_id": call.pk})
    page = client.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    data = {"seats": 4, "score_basis": "raw", "waiting_list_size": 5, "version": version}
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    response = client.post(url, {**data, "seats": 9, "save": "1"})
    assert response.status_code == 409
    call.refresh_from_db()
    assert call.seats == 4


@pytest.mark.parametrize("size", [1, 20])
def test_events_list_exact_queries(client, django_assert_num_queries, size):
    from tests.calls.factories import EventFactory

    calls = [CallFactory(event=EventFactory(), title=f"Call number {n:02d}") for n in range(size)]
    with django_assert_num_queries(EVENTS_LIST_QUERIES):
        response = client.get(reverse("events:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [call.event.title in page for call in calls] == [True] * size


def test_question_with_answers_is_not_deleted(client):
    from ssehub.calls.models import Answer
    from tests.calls.factories import QuestionFactory

    question = QuestionFactory()
    application = make_application(question.call)
    Answer.objects.create(application=application, question=question, value="Kooperasyon")
    client.force_login(make_organiser(question.call.event))
    client.post(reverse("calls:question_delete", kwargs={"call_id": question.call_id, "question_id": question.pk}))
    assert Answer.objects.filter(question=question).count() == 1
