"""What the agenda writes into the action log: who did what to the event, with the change or the counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.agenda.models import Session
from ssehub.agenda.services.attendance import attendance_import_zoom, attendance_mark, certificates_issue
from ssehub.agenda.services.evaluation import objectives_set, survey_remind
from ssehub.agenda.services.sessions import PersonSpec, calendar_token_rotate, join_record, session_update
from ssehub.core.actionlog import entries_filtered
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from tests.agenda.test_attendance import ZOOM_REPORT
from tests.agenda.test_sessions import _form


def _log(event):
    """(verb, actor e-mail, data) of the event's entries, oldest first."""
    return [(entry.verb, entry.actor.email if entry.actor else None, entry.data)
            for entry in reversed(entries_filtered(scope=event))]


@pytest.mark.django_db
def test_session_create_move_and_delete_are_logged_with_the_change(client, event, organiser):
    client.force_login(organiser)
    client.post(reverse("agenda:session_create", kwargs={"event_slug": event.slug}), _form(speakers=""))
    session = Session.objects.get(event=event)
    url = reverse("agenda:session_edit", kwargs={"event_slug": event.slug, "pk": session.pk})
    client.post(url, _form(speakers="", title="Renamed", sequence=0))
    client.post(url, _form(speakers="", title="Renamed", starts_at="2021-03-30T11:00", ends_at="2021-03-30T12:00",
                           sequence=1))
    client.post(url, _form(speakers="", title="Renamed", starts_at="2021-03-30T11:00", ends_at="2021-03-30T12:00",
                           sequence=2))  # nothing changed: nothing logged, SEQUENCE stays
    client.post(reverse("agenda:session_delete", kwargs={"event_slug": event.slug, "pk": session.pk}))
    assert _log(event) == [
        ("agenda.session.create", organiser.email, {
            "title": "Theme 2: Decent work in the rural economy",
            "starts_at": "2021-03-30T01:00:00+00:00", "ends_at": "2021-03-30T02:20:00+00:00"}),
        ("agenda.session.update", organiser.email, {
            "title": ["Theme 2: Decent work in the rural economy", "Renamed"]}),
        ("agenda.session.move", organiser.email, {
            "starts_at": ["2021-03-30T01:00:00+00:00", "2021-03-30T02:00:00+00:00"],
            "ends_at": ["2021-03-30T02:20:00+00:00", "2021-03-30T03:00:00+00:00"]}),
        ("agenda.session.delete", organiser.email, {
            "title": "Renamed", "starts_at": "2021-03-30T02:00:00+00:00", "ends_at": "2021-03-30T03:00:00+00:00"}),
    ]


@pytest.mark.django_db
def test_session_speaker_change_alone_raises_sequence_and_is_logged(event, session, organiser):
    session_update(session=session, actor=organiser, expected_sequence=0, data={}, rooms=[],
                   people=[PersonSpec(role="speaker", guest_name="Prof. Kim", affiliation="SNU")])
    session.refresh_from_db()
    assert session.sequence == 1
    assert _log(event) == [("agenda.session.update", organiser.email, {"people": [[], ["speaker | Prof. Kim | SNU"]]})]


@pytest.mark.django_db
def test_materials_and_announcements_are_logged(client, event, session, organiser, participant):
    client.force_login(organiser)
    client.post(reverse("agenda:material_add", kwargs={"event_slug": event.slug, "pk": session.pk}),
                {"title": "Slides", "file": SimpleUploadedFile("s.pdf", b"%PDF-1.7 x")})
    material = session.materials.get()
    client.post(reverse("agenda:material_delete", kwargs={"event_slug": event.slug, "pk": material.pk}))
    client.post(reverse("agenda:announcements", kwargs={"event_slug": event.slug}),
                {"title": "Room change", "body": "Day 2 uses a new room."})
    assert _log(event) == [
        ("agenda.material.add", organiser.email,
         {"session": session.title, "title": "Slides", "kind": "pdf", "public": False}),
        ("agenda.material.delete", organiser.email, {"session": session.title, "title": "Slides", "kind": "pdf"}),
        ("agenda.announcement.post", organiser.email, {"title": "Room change", "recipients": 1}),
    ]


@pytest.mark.django_db
def test_attendance_corrections_and_imports_are_logged_but_joins_are_not(event, session, organiser, participant):
    join_record(session=session, user=participant, at=session.starts_at)
    attendance_mark(session=session, user=participant, present=False, actor=organiser)
    content = ZOOM_REPORT.format(p1=participant.email, p2="someone@example.org").encode()
    attendance_import_zoom(sessions=[session], actor=organiser, content=content, zone_name="Asia/Seoul")
    assert _log(event) == [
        ("agenda.attendance.correct", organiser.email, {"person": participant.email, "present": False}),
        ("agenda.attendance.import", organiser.email, {"sessions": [session.title], "zone": "Asia/Seoul", "rows": 5,
                                                       "imported": 1, "unmatched": 3, "outside": 1}),
    ]


@pytest.mark.django_db
def test_certificates_objectives_and_reminders_are_logged(event, session, organiser, participant):
    attendance_mark(session=session, user=participant, present=True, actor=organiser)
    certificates_issue(event=event, actor=organiser)
    certificates_issue(event=event, actor=organiser)
    objectives_set(event=event, actor=organiser, texts=["Explain SSE"])
    objectives_set(event=event, actor=organiser, texts=["Explain SSE"])  # unchanged: not logged
    survey_remind(event=event, actor=organiser, phase="pre")
    assert _log(event)[1:] == [
        ("agenda.certificates.issue", organiser.email, {"threshold": 75, "attended_share": 50, "sessions": 1,
                                                          "new": 1, "refreshed": 0}),
        ("agenda.certificates.issue", organiser.email, {"threshold": 75, "attended_share": 50, "sessions": 1,
                                                          "new": 0, "refreshed": 1}),
        ("agenda.evaluation.objectives", organiser.email, {"objectives": [[], ["Explain SSE"]]}),
        ("agenda.evaluation.remind", organiser.email, {"phase": "pre", "reminded": 1}),
    ]


@pytest.mark.django_db
def test_downloads_of_attendance_and_results_are_logged(client, event, organiser, participant):
    client.force_login(organiser)
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("agenda:attendance_export",
                                  kwargs={"event_slug": event.slug, "fmt": fmt})).status_code == 200
    assert client.get(reverse("agenda:evaluation_export", kwargs={"event_slug": event.slug})).status_code == 200
    assert _log(event) == [
        ("agenda.attendance.export", organiser.email, {"format": "csv", "people": 1, "sessions": 0}),
        ("agenda.attendance.export", organiser.email, {"format": "xlsx", "people": 1, "sessions": 0}),
        ("agenda.evaluation.export", organiser.email, {"format": "xlsx", "responses": {"pre": 0, "post": 0}}),
    ]


@pytest.mark.django_db
def test_calendar_rotation_records_the_person_and_not_the_secret(participant):
    token = calendar_token_rotate(user=participant).token
    entry = ActionLogEntry.objects.get(verb="agenda.calendar.rotate")
    assert (entry.actor, entry.data, entry.object_repr) == (participant, {}, "")
    assert token not in str(entry.data)


@pytest.mark.django_db
def test_registrations_from_the_agenda_page_are_written_and_logged_by_events(client, event, organiser, outsider):
    client.force_login(organiser)
    client.post(reverse("agenda:registrations", kwargs={"event_slug": event.slug}), {"emails": outsider.email})
    registration = event.registrations.get(user=outsider)
    client.post(reverse("agenda:registration_cancel", kwargs={"event_slug": event.slug, "pk": registration.pk}))
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_by) == ("cancelled", organiser)
    assert [(verb, actor) for verb, actor, _data in _log(event)] == [
        ("events.registration.create", organiser.email), ("events.registration.cancel", organiser.email)]


@pytest.mark.django_db
def test_a_refused_session_edit_leaves_no_log_entry(event, session, organiser):
    with pytest.raises(ServiceError):
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                       data={"ends_at": session.starts_at - dt.timedelta(minutes=1)})
    session.refresh_from_db()
    assert (session.sequence, _log(event)) == (0, [])
