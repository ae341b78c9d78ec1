import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ssehub.agenda import demo
from ssehub.agenda.models import Session
from ssehub.agenda.results import evaluation_results
from ssehub.agenda.services.attendance import attendance_mark, certificates_issue
from ssehub.agenda.services.sessions import join_record, star_toggle
from ssehub.core.personal_data import registered_sections
from ssehub.events.models import Event


@pytest.mark.django_db
def test_announcement_shows_on_the_agenda_and_is_mailed_to_each_participant(
    client, event, organiser, participant, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agenda:announcements", kwargs={"event_slug": event.slug}),
                               {"title": "Room change for day 2", "body": "Day 2 uses a new Zoom room."})
    assert response.status_code == 302
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([participant.email], f"{event.title}: Room change for day 2")]
    page = client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug})).content.decode()
    assert "Day 2 uses a new Zoom room." in page


@pytest.mark.django_db
def test_personal_data_section_lists_what_the_app_holds(event, organiser, participant, session):
    star_toggle(user=participant, session=session)
    join_record(session=session, user=participant, at=session.starts_at)
    attendance_mark(session=session, user=participant, present=True, actor=organiser)
    certificates_issue(event=event, actor=organiser)
    data = registered_sections()["agenda"](user=participant)
    assert [r["event"] for r in data["registrations"]] == [event.slug]
    assert [s["session"] for s in data["starred_sessions"]] == [session.title]
    assert len(data["joins"]) == 1
    assert [a["source"] for a in data["attendance"]] == ["manual"]
    assert [c["sessions_attended"] for c in data["certificates"]] == [1]


@pytest.mark.django_db
def test_demo_agenda_loads_three_days_and_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output
    event = Event.objects.get(slug=demo.EVENT_SLUG)
    sessions = list(Session.objects.filter(event=event))
    assert len(sessions) == len(demo.SESSIONS)
    uids = sorted(str(s.uid) for s in sessions)
    demo.load()
    assert sorted(str(s.uid) for s in Session.objects.filter(event=event)) == uids
    days = {s.starts_at.astimezone(demo.SEOUL).date().isoformat() for s in sessions}
    assert days == {"2021-03-29", "2021-03-30", "2021-03-31"}
    assert {s.theme.code for s in sessions if s.theme} == {"formalisation", "rural-decent-work", "covid-recovery"}
    lab = next(s for s in sessions if s.kind == "lab")
    assert sorted(c for room in lab.rooms.all() for c in room.countries) == sorted(demo.COUNTRIES)
    # The agenda demo registers its two people; the calls and planning demos add the delegations.
    registered = set(event.registrations.values_list("user__email", flat=True))
    assert {demo.FACILITATOR, demo.PARTICIPANT} <= registered
    assert all(email.endswith("@demo.ssehub.org") for email in registered)
    results = evaluation_results(event)
    assert [gain.n for gain in results.overall] == [2, 2, 2, 2]
    assert results.overall[0].mean_change == 1.5
    assert sorted(event.certificates.values_list("user__email", flat=True)) == sorted(
        [demo.FACILITATOR, demo.PARTICIPANT])
