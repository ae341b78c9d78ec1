import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ssehub.agenda.models import Attendance
from ssehub.agenda.services.attendance import attendance_import_zoom, attendance_mark
from ssehub.core.errors import ServiceError
from tests.agenda.factories import SessionFactory, register
from tests.factories import make_user

# A report as Zoom writes it: a meeting block, a blank line, then the participant table.
ZOOM_REPORT = """Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Theme 1: SSE and the transition to the formal economy,03/29/2021 10:50:02 AM,03/29/2021 01:12:40 PM,host@example.org,143,4

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
Maria Luisa Reyes,{p1},03/29/2021 10:58:12 AM,03/29/2021 11:40:00 AM,42,No,Y
Maria Luisa Reyes,{p1},03/29/2021 11:45:03 AM,03/29/2021 01:10:00 PM,85,No,Y
Siti Rahmawati (Siti),{p2},03/29/2021 11:02:00 AM,03/29/2021 01:09:30 PM,128,No,Y
Interpreter KO,interpreter@example.org,03/29/2021 10:55:00 AM,03/29/2021 01:12:00 PM,137,Yes,Y
Phone caller,,03/29/2021 11:30:00 AM,03/29/2021 11:50:00 AM,20,Yes,
"""


@pytest.fixture
def two_participants(event, participant):
    other = make_user("participant", full_name="Siti Rahmawati", country="ID", time_zone="Asia/Jakarta")
    register(event, other)
    return participant, other


@pytest.mark.django_db
def test_zoom_import_matches_by_email_sums_rejoins_and_reports_unmatched(session, organiser, two_participants):
    first, second = two_participants
    content = ZOOM_REPORT.format(p1=first.email.upper(), p2=second.email).encode("utf-8-sig")
    report = attendance_import_zoom(sessions=[session], actor=organiser, content=content, zone_name="Asia/Seoul")
    assert (report.rows, report.imported) == (5, 2)
    assert [(row.name, row.email) for row in report.unmatched] == [
        ("Interpreter KO", "interpreter@example.org"), ("Phone caller", "")]
    row = Attendance.objects.get(session=session, user=first)
    # The session runs 10:00-11:30 in Seoul: 10:58:12-11:30 inside it (the rejoin at 11:45 is after it).
    assert (row.source, row.minutes) == ("zoom", 32)
    assert row.first_joined_at.isoformat() == "2021-03-29T01:58:12+00:00"  # 10:58 in Seoul
    assert row.last_left_at.isoformat() == "2021-03-29T02:30:00+00:00"  # the session's end


@pytest.mark.django_db
def test_zoom_import_with_a_bad_line_writes_nothing(session, organiser, two_participants):
    first, second = two_participants
    content = ZOOM_REPORT.format(p1=first.email, p2=second.email).replace(
        "03/29/2021 11:02:00 AM", "yesterday").encode()
    with pytest.raises(ServiceError) as error:
        attendance_import_zoom(sessions=[session], actor=organiser, content=content, zone_name="Asia/Seoul")
    assert (error.value.code, error.value.errors["report"]) == (
        "bad_report", ["Line 7: the join or leave time is not a date Zoom writes."])
    assert Attendance.objects.count() == 0


@pytest.mark.django_db
def test_zoom_import_without_a_participant_table_is_refused(session, organiser):
    with pytest.raises(ServiceError) as error:
        attendance_import_zoom(sessions=[session], actor=organiser, content=b"a,b\n1,2\n", zone_name="UTC")
    assert error.value.message.startswith("No participant table found")


@pytest.mark.django_db
def test_zoom_import_page_shows_attendance_and_the_unmatched_rows(client, event, organiser, two_participants):
    first, second = two_participants
    # 10:00-13:15 in Seoul: the meeting of the report, which both attended for more than half.
    session = SessionFactory(event=event, ends_at=dt.datetime(2021, 3, 29, 4, 15, tzinfo=dt.UTC))
    client.force_login(organiser)
    upload = SimpleUploadedFile("participants_81234567890.csv",
                                ZOOM_REPORT.format(p1=first.email, p2=second.email).encode())
    response = client.post(reverse("agenda:attendance_import", kwargs={"event_slug": session.event.slug}),
                           {"sessions": [session.pk], "report": upload, "time_zone": "Asia/Seoul"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "interpreter@example.org" in page
    assert page.count("1 / 1") == 2


@pytest.mark.django_db
def test_attendance_marked_by_hand_and_removed(client, session, organiser, participant, outsider):
    client.force_login(organiser)
    url = reverse("agenda:attendance_mark", kwargs={"event_slug": session.event.slug})
    client.post(url, {"session": session.pk, "user": participant.pk, "present": "on"})
    assert Attendance.objects.get(session=session, user=participant).source == "manual"
    client.post(url, {"session": session.pk, "user": participant.pk})
    assert Attendance.objects.count() == 0
    assert client.post(url, {"session": session.pk, "user": outsider.pk, "present": "on"}).status_code == 400
    with pytest.raises(ServiceError) as error:
        attendance_mark(session=session, user=outsider, present=True, actor=organiser)
    assert error.value.code == "not_registered"


@pytest.mark.django_db
def test_attendance_exports_csv_and_xlsx(client, session, organiser, participant):
    attendance_mark(session=session, user=participant, present=True, actor=organiser)
    client.force_login(organiser)
    kwargs = {"event_slug": session.event.slug}
    body = client.get(reverse("agenda:attendance_export", kwargs={**kwargs, "fmt": "csv"})).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:5] == ["Name", "E-mail", "Country", "Sessions attended", "Attendance (per cent)"]
    assert rows[1][:5] == ["Maria Luisa Reyes", participant.email, "PH", "1", "100"]
    xlsx = client.get(reverse("agenda:attendance_export", kwargs={**kwargs, "fmt": "xlsx"})).content
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert workbook.worksheets[1]["D2"].value == 1  # after the two start columns (UTC, host time)
    assert client.get(reverse("agenda:attendance_export", kwargs={**kwargs, "fmt": "pdf"})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_attendance_page_query_count_is_the_same_for_1_and_20_people(client, event, organiser,
                                                                     django_assert_num_queries, count):
    sessions = [SessionFactory(event=event) for _index in range(3)]
    users = [make_user("participant", full_name=f"Participant {index:02d}") for index in range(count)]
    for user in users:
        register(event, user)
    Attendance.objects.bulk_create([Attendance(session=sessions[0], user=user, source="manual") for user in users])
    client.force_login(organiser)
    url = reverse("agenda:attendance", kwargs={"event_slug": event.slug})
    client.get(url)  # the first request of a new log-in settles its session
    # 12: the event's delivery settings (what counts as attended) are one more than before.
    with django_assert_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>[^<]+</td><td>(\d+ / \d+)</td>', page)
    assert rows == [(f"Participant {index:02d}", "1 / 3") for index in range(count)]
