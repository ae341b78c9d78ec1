"""Times shown in a zone other than the viewer's, checked from several viewers' zones, and zones named
as they are called on the day shown (summer time in Zurich from 28 March 2021)."""

import datetime as dt
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from ssehub.agenda.selectors import build_agenda
from ssehub.agenda.services.sessions import session_update
from tests.agenda.factories import SessionFactory, register
from tests.factories import make_user

# The session of the factory: 01:00-02:30 UTC on 29 March 2021; the host is in Seoul (10:00-11:30).
VIEWERS = [
    # zone, viewer's start-end, the zone's name on that day
    ("Asia/Manila", "09:00\u201310:30", "Philippine Standard Time"),
    ("Europe/Zurich", "03:00\u201304:30", "Central European Summer Time"),
    ("America/New_York", "21:00\u201322:30", "Eastern Daylight Time"),
]


def _viewer(zone):
    return make_user("participant", time_zone=zone, time_zone_chosen=True)


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "viewer_time", "name"), VIEWERS)
def test_agenda_shows_host_time_in_the_host_zone_for_viewers_in_three_zones(client, session, zone, viewer_time,
                                                                             name):
    client.force_login(_viewer(zone))
    page = client.get(reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})).content.decode()
    assert re.search(r'class="viewer-time"><time[^>]*>([0-9:]+)</time>\u2013<time[^>]*>([0-9:]+)',
                     page).groups() == tuple(viewer_time.split("\u2013"))
    assert "10:00\u201311:30 host time" in page
    assert f"Times are shown in your time zone: {name}." in page
    assert "time (Korean Standard Time) is shown beside them." in page


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "viewer_time", "name"), VIEWERS)
def test_session_page_shows_host_time_and_zone_names_of_the_day_in_three_zones(client, session, zone, viewer_time,
                                                                               name):
    client.force_login(_viewer(zone))
    page = client.get(reverse("agenda:session", kwargs={"event_slug": session.event.slug, "pk": session.pk}))
    text = page.content.decode()
    assert f"Your time ({name})" in text
    assert re.search(r'class="host-time">([^<]*)<', text).group(1) == "March 29, 2021 10:00\u201311:30"
    start, end = viewer_time.split("\u2013")
    day = "March 28, 2021" if zone == "America/New_York" else "March 29, 2021"
    assert re.search(r'class="viewer-time"><time[^>]*>([^<]*)</time>\u2013([0-9:]+)<', text).groups() == (
        f"{day} {start}", end)


@pytest.mark.django_db
def test_zurich_viewer_sees_summer_time_named_on_29_march_2021_even_in_winter(client, session):
    # Today (whenever the test runs) may be winter: the name must follow the day of the session.
    client.force_login(_viewer("Europe/Zurich"))
    page = client.get(reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})).content.decode()
    assert ("Central European Summer Time" in page, "Central European Standard Time" in page) == (True, False)


@pytest.mark.django_db
def test_agenda_names_the_zone_again_where_summer_time_starts(client, event):
    # Zurich moves to summer time on 28 March 2021: the Saturday session is in standard time.
    SessionFactory(event=event, title="Saturday", starts_at=dt.datetime(2021, 3, 27, 9, tzinfo=dt.UTC))
    SessionFactory(event=event, title="Monday", starts_at=dt.datetime(2021, 3, 29, 9, tzinfo=dt.UTC))
    client.force_login(_viewer("Europe/Zurich"))
    page = client.get(reverse("agenda:agenda", kwargs={"event_slug": event.slug})).content.decode()
    assert "Times are shown in your time zone: Central European Standard Time." in page
    assert re.findall(r'class="zone-change">([^<]*)<', page) == ["Central European Summer Time"]


@pytest.mark.django_db
@pytest.mark.parametrize("active", ["Asia/Manila", "Europe/Zurich", "America/New_York"])
def test_agenda_items_keep_their_zone_in_any_template_whatever_zone_is_active(session, active):
    """A template without `localtime off` (a new page, an e-mail) must not turn host time into the viewer's."""
    days = build_agenda([session], viewer_zone=active, host_zone="Asia/Seoul",
                        now=dt.datetime(2021, 1, 1, tzinfo=dt.UTC), starred=set())
    template = Template('{{ item.host_start|time:"H:i" }}-{{ item.host_end|date:"H:i" }} '
                        '{{ item.viewer_start|time:"H:i" }}')
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        shown = template.render(Context({"item": days[0].items[0]}))
    viewer_start = session.starts_at.astimezone(zoneinfo.ZoneInfo(active)).strftime("%H:%M")
    assert shown == f"10:00-11:30 {viewer_start}"


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "viewer_time", "name"), VIEWERS)
def test_session_move_mail_names_the_zone_of_the_day_and_gives_host_time_in_three_zones(
    event, session, organiser, zone, viewer_time, name, django_capture_on_commit_callbacks
):
    person = _viewer(zone)
    register(event, person)
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                       data={"starts_at": session.starts_at + dt.timedelta(days=1),
                             "ends_at": session.ends_at + dt.timedelta(days=1)})
    (message,) = mail.outbox
    start, end = viewer_time.split("\u2013")
    day = "March 29, 2021" if zone == "America/New_York" else "March 30, 2021"
    assert f"New time: {day}, {start}\u2013{end} ({name})" in message.body
    assert "Host time: March 30, 2021, 10:00\u201311:30 (Korean Standard Time)" in message.body


@pytest.mark.django_db
def test_session_move_mail_to_someone_in_the_host_zone_gives_one_time(
    event, session, organiser, django_capture_on_commit_callbacks
):
    register(event, _viewer("Asia/Seoul"))
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, actor=organiser, expected_sequence=0, people=[], rooms=[],
                       data={"starts_at": session.starts_at + dt.timedelta(days=1),
                             "ends_at": session.ends_at + dt.timedelta(days=1)})
    (message,) = mail.outbox
    assert ("New time: March 30, 2021, 10:00\u201311:30 (Korean Standard Time)" in message.body,
            "Host time" in message.body) == (True, False)


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Asia/Manila", "Europe/Zurich", "America/New_York"])
def test_attendance_xlsx_gives_session_start_in_host_time_whoever_downloads(client, session, organiser, zone):
    organiser.profile.time_zone = zone
    organiser.profile.save()
    client.force_login(organiser)
    response = client.get(reverse("agenda:attendance_export",
                                  kwargs={"event_slug": session.event.slug, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["By session"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Session", "Starts (UTC)", "Starts (host time, Korean Standard Time)")
    assert rows[1][1:3] == (dt.datetime(2021, 3, 29, 1, 0), dt.datetime(2021, 3, 29, 10, 0))


@pytest.mark.django_db
def test_a_viewer_in_the_hosts_offset_is_not_promised_a_host_time_the_page_does_not_show(client, session):
    """Tokyo and Seoul share UTC+9: no item shows a host time, so the header does not say it does."""
    client.force_login(_viewer("Asia/Tokyo"))
    page = client.get(reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})).content.decode()
    assert "host time" not in page
    assert "is shown beside them" not in page
    assert "Times are shown in your time zone: Japan Standard Time." in page
