"""Zoom reports read in the wrong zone, minutes clipped to each session, one meeting over several
sessions, and the share of a session that counts as attended."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.agenda.models import Attendance, Certificate, DeliverySettings
from ssehub.agenda.services.attendance import (
    attendance_import_zoom,
    certificates_issue,
    delivery_settings_update,
)
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from tests.agenda.factories import SessionFactory, register
from tests.factories import make_user

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"


def _report(*rows) -> bytes:
    """Rows of (e-mail, join, leave) in the report's own zone, written as Zoom does."""
    lines = [f"Someone,{email},{join},{leave},0" for email, join, leave in rows]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _seoul(hour, minute=0, day=29):
    return dt.datetime(2021, 3, day, hour, minute, tzinfo=dt.UTC) - dt.timedelta(hours=9)


@pytest.fixture
def three_people(event):
    people = [make_user("participant", full_name=f"Person {index}") for index in range(3)]
    for person in people:
        register(event, person)
    return people


@pytest.mark.django_db
def test_import_read_in_a_zone_12_hours_away_warns_and_writes_nothing(client, event, organiser, three_people):
    # The session is 10:00-11:30 in Seoul; the report's times are Seoul times but read as New York.
    session = SessionFactory(event=event)
    content = _report(*[(person.email, "03/29/2021 09:58:00 AM", "03/29/2021 11:31:00 AM")
                        for person in three_people])
    client.force_login(organiser)
    response = client.post(reverse("agenda:attendance_import", kwargs={"event_slug": event.slug}), {
        "sessions": [session.pk], "report": SimpleUploadedFile("report.csv", content),
        "time_zone": "America/New_York"})
    page = response.content.decode()
    assert ("matched from" in page, Attendance.objects.count()) == (False, 0)
    assert "3 rows of registered participants fall outside the sessions' time: nothing was imported." in page
    # 9:58 read as New York (UTC-4 in late March) is 13:58 UTC, 13 hours after 01:00 UTC.
    assert "The first join is 13 hours after the start of the first session" in page
    assert "the report was probably exported in another time zone" in page
    assert "it was read as Eastern Daylight Time" in page


@pytest.mark.django_db
def test_import_clips_minutes_to_the_session(event, organiser, participant):
    # A 40-minute session 10:00-10:40 in Seoul; the person stayed 119 minutes in the meeting.
    session = SessionFactory(event=event, starts_at=_seoul(10), ends_at=_seoul(10, 40))
    content = _report((participant.email, "03/29/2021 09:30:00 AM", "03/29/2021 11:29:00 AM"))
    report = attendance_import_zoom(sessions=[session], actor=organiser, content=content, zone_name="Asia/Seoul")
    row = Attendance.objects.get(session=session, user=participant)
    assert (report.imported, row.minutes, row.first_joined_at, row.last_left_at) == (
        1, 40, session.starts_at, session.ends_at)


@pytest.mark.django_db
def test_one_meeting_over_three_sessions_credits_each_by_overlap(event, organiser, participant):
    opening = SessionFactory(event=event, title="Opening", starts_at=_seoul(10), ends_at=_seoul(10, 30))
    theme = SessionFactory(event=event, title="Theme 1", starts_at=_seoul(10, 30), ends_at=_seoul(11, 30))
    labs = SessionFactory(event=event, title="Labs", starts_at=_seoul(11, 30), ends_at=_seoul(12, 30))
    # In 10:20-11:00, out, back 11:10-12:00; a second device 10:50-11:05 overlaps and adds only 5 minutes.
    content = _report((participant.email, "03/29/2021 10:20:00 AM", "03/29/2021 11:00:00 AM"),
                      (participant.email, "03/29/2021 11:10:00 AM", "03/29/2021 12:00:00 PM"),
                      (participant.email, "03/29/2021 10:50:00 AM", "03/29/2021 11:05:00 AM"))
    report = attendance_import_zoom(sessions=[opening, theme, labs], actor=organiser, content=content,
                                    zone_name="Asia/Seoul")
    minutes = dict(Attendance.objects.filter(user=participant).values_list("session__title", "minutes"))
    assert minutes == {"Opening": 10, "Theme 1": 55, "Labs": 30}
    assert (report.imported, report.credited) == (1, {opening.pk: 1, theme.pk: 1, labs.pk: 1})


@pytest.mark.django_db
def test_a_short_visit_does_not_count_as_attended_nor_for_the_certificate(client, event, organiser, participant):
    session = SessionFactory(event=event, starts_at=_seoul(10), ends_at=_seoul(11, 30))
    content = _report((participant.email, "03/29/2021 10:00:00 AM", "03/29/2021 10:05:00 AM"))
    attendance_import_zoom(sessions=[session], actor=organiser, content=content, zone_name="Asia/Seoul")
    delivery_settings_update(event=event, actor=organiser, data={"certificate_threshold": 10}, expected_version=0)
    assert (certificates_issue(event=event, actor=organiser), Certificate.objects.count()) == ([], 0)
    client.force_login(organiser)
    page = client.get(reverse("agenda:attendance", kwargs={"event_slug": event.slug})).content.decode()
    assert re.findall(r'<td>(\d+ / \d+)</td>', page) == ["0 / 1"]
    assert "A session counts as attended from 50% of its time." in page
    # Five minutes of ninety is above a 5 per cent share.
    delivery_settings_update(event=event, actor=organiser, data={"attended_share": 5}, expected_version=1)
    assert [c.sessions_attended for c in certificates_issue(event=event, actor=organiser)] == [1]


@pytest.mark.django_db
def test_organiser_sets_the_share_on_the_attendance_page_and_it_is_logged(client, event, organiser):
    client.force_login(organiser)
    url = reverse("agenda:attendance_share", kwargs={"event_slug": event.slug})
    assert client.post(url, {"attended_share": 0, "version": 0}).status_code == 400
    response = client.post(url, {"attended_share": 75, "version": 0}, follow=True)
    assert "A session counts as attended from 75% of its time." in response.content.decode()
    settings = DeliverySettings.objects.get(event=event)
    assert (settings.attended_share, settings.version) == (75, 1)
    entry = ActionLogEntry.objects.get(verb="agenda.attendance.share")
    assert (entry.actor, entry.data) == (organiser, {"attended_share": [50, 75]})
    # A second organiser's form opened before that save is refused, naming who saved.
    stale = client.post(url, {"attended_share": 60, "version": 0})
    assert stale.status_code == 409
    assert "Park Seo-yeon" in stale.content.decode()
    assert DeliverySettings.objects.get(event=event).attended_share == 75


@pytest.mark.django_db
def test_stale_share_update_is_refused_in_the_service(event, organiser):
    delivery_settings_update(event=event, actor=organiser, data={"attended_share": 60}, expected_version=0)
    with pytest.raises(ServiceError) as refusal:
        delivery_settings_update(event=event, actor=organiser, data={"attended_share": 40}, expected_version=0)
    assert refusal.value.code == "stale"


@pytest.mark.django_db
def test_import_form_lists_sessions_with_day_and_host_time_named(client, event, organiser):
    SessionFactory(event=event, title="Opening")  # 10:00-11:30 in Seoul
    SessionFactory(event=event, title="Opening", starts_at=_seoul(14, day=30), ends_at=_seoul(15, day=30))
    organiser.profile.time_zone = "Europe/Zurich"
    organiser.profile.save()
    client.force_login(organiser)
    page = client.get(reverse("agenda:attendance", kwargs={"event_slug": event.slug})).content.decode()
    labels = re.findall(r'name="sessions"[^>]*> ([^<]+)</label>', page)
    assert labels == [
        "Monday, March 29, 2021, 10:00\u201311:30 (Korean Standard Time): Opening",
        "Tuesday, March 30, 2021, 14:00\u201315:00 (Korean Standard Time): Opening",
    ]


@pytest.mark.django_db
def test_mark_by_hand_lists_sessions_with_day_and_host_time_named(client, event, organiser):
    SessionFactory(event=event, title="Opening")
    client.force_login(organiser)
    page = client.get(reverse("agenda:attendance", kwargs={"event_slug": event.slug})).content.decode()
    select = page[page.index('id="mark-session"'):]
    assert re.findall(r"<option [^>]*>([^<]+)</option>", select)[0] == (
        "Monday, March 29, 2021, 10:00\u201311:30 (Korean Standard Time): Opening")
