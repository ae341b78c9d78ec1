"""Tested as a person would: Debian's Chromium through Playwright."""

import datetime as dt
import subprocess

import icalendar
import pytest
from django.urls import reverse

from ssehub.agenda.models import Attendance, JoinEvent
from ssehub.agenda.services.evaluation import objectives_set
from tests.agenda.factories import EventFactory, SessionFactory, register
from tests.agenda.test_attendance import ZOOM_REPORT
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Asia/Manila", "locale": "en-PH"}


@pytest.fixture
def workshop(db):
    event = EventFactory(title="Virtual Capacity-Building Workshop on SSE Policy")
    organiser = make_user("organiser", full_name="Park Seo-yeon", time_zone="Asia/Seoul", time_zone_chosen=True)
    event.organisers.add(organiser)
    participant = make_user("participant", full_name="Maria Luisa Reyes", country="PH",
                            time_zone="Asia/Manila", time_zone_chosen=True)
    register(event, participant)
    return event, organiser, participant


def _url(live_server, name, **kwargs):
    return live_server.url + reverse(name, kwargs=kwargs)


def test_manila_participant_sees_local_and_host_time_and_gets_a_calendar(
    page, live_server, login_as, axe_violations, workshop
):
    event, _organiser, participant = workshop
    SessionFactory(event=event, title="Theme 1: SSE and the transition to the formal economy")  # 01:00 UTC
    login_as(participant)
    page.goto(_url(live_server, "agenda:agenda", event_slug=event.slug))
    item = page.locator(".agenda-item").first
    assert item.locator(".viewer-time").inner_text() == "09:00\u201310:30"
    assert item.locator(".host-time").inner_text() == "10:00\u201311:30 host time"
    assert "Philippine" in page.locator(".agenda-zones").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("link", name="My personal calendar feed").click()
    feed_url = page.get_by_label("Your secret calendar address").input_value()
    calendar = icalendar.Calendar.from_ical(page.request.get(feed_url).body())
    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert entry.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2021, 3, 29, 1, 0, tzinfo=dt.UTC)


def test_star_with_htmx_keeps_the_page_and_fills_my_agenda(page, live_server, login_as, workshop):
    event, _organiser, participant = workshop
    SessionFactory(event=event, title="Action-planning labs by country delegation")
    login_as(participant)
    page.goto(_url(live_server, "agenda:agenda", event_slug=event.slug))
    page.get_by_role("button", name="Add to my agenda").click()
    page.get_by_role("button", name="In my agenda").wait_for()
    page.goto(_url(live_server, "agenda:mine", event_slug=event.slug))
    assert page.locator(".agenda-item h3").all_inner_texts() == ["Action-planning labs by country delegation"]


def test_join_is_refused_before_the_window_and_recorded_inside_it(page, live_server, login_as, workshop):
    event, _organiser, participant = workshop
    now = dt.datetime.now(dt.UTC)
    room = live_server.url + reverse("shell:about")
    later = SessionFactory(event=event, title="Closing", starts_at=now + dt.timedelta(hours=3), room_url=room)
    soon = SessionFactory(event=event, title="Opening", starts_at=now + dt.timedelta(minutes=10), room_url=room)
    login_as(participant)
    page.goto(_url(live_server, "agenda:join", event_slug=event.slug, pk=later.pk))
    assert "has not opened yet" in page.get_by_role("alert").inner_text()
    page.goto(_url(live_server, "agenda:agenda", event_slug=event.slug))
    page.get_by_role("link", name="Join Opening").click()
    page.wait_for_url(room)
    assert list(JoinEvent.objects.values_list("session_id", "user_id")) == [(soon.pk, participant.pk)]


def test_organiser_imports_a_zoom_report_and_sees_attendance(page, live_server, login_as, workshop, tmp_path):
    event, organiser, participant = workshop
    # 10:00-13:15 in Seoul, the meeting of the report.
    session = SessionFactory(event=event, title="Theme 1: SSE and the transition to the formal economy",
                             ends_at=dt.datetime(2021, 3, 29, 4, 15, tzinfo=dt.UTC))
    report = tmp_path / "participants_81234567890.csv"
    report.write_text(ZOOM_REPORT.format(p1=participant.email, p2="guest@example.org"), encoding="utf-8")
    login_as(organiser)
    page.goto(_url(live_server, "agenda:attendance", event_slug=event.slug))
    page.get_by_label("Theme 1: SSE and the transition").check()
    page.get_by_label("Zoom participant report (CSV)").set_input_files(str(report))
    page.get_by_role("button", name="Import").click()
    assert "1 participants matched from 5 rows" in page.locator(".import-report").inner_text()
    assert "guest@example.org" in page.locator(".import-report table").inner_text()
    row = page.locator(".attendance-people tbody tr").first
    assert row.inner_text().split("\t")[:3] == ["Maria Luisa Reyes", participant.email, "1 / 1"]
    assert Attendance.objects.get(user=participant).minutes == 127
    assert session.attendance.count() == 1


def test_pre_and_post_surveys_yield_a_learning_gain(page, live_server, login_as, workshop):
    event, organiser, participant = workshop
    SessionFactory(event=event, title="Opening session")
    objectives_set(event=event, actor=organiser, texts=["Compare SSE policy frameworks across countries"])
    login_as(participant)
    for phase, score in (("pre", "2"), ("post", "5")):
        page.goto(_url(live_server, "agenda:survey", event_slug=event.slug, phase=phase))
        page.get_by_role("group", name="Compare SSE policy frameworks").get_by_label(score).check()
        if phase == "post":
            page.get_by_role("group", name="Overall, how satisfied").get_by_label("4").check()
            page.get_by_label("Comments").fill("The country labs were the most useful part.")
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_url("**/agenda/")
    login_as(organiser)
    page.goto(_url(live_server, "agenda:evaluation", event_slug=event.slug))
    cells = page.locator("table").first.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells == ["1", "2.0", "5.0", "3.0", "\u2014"]
    assert page.locator("svg[role=img] title").text_content() == "Mean learning gain per objective"


def test_certificates_render_korean_and_chinese_names_and_verify(page, live_server, login_as, workshop, tmp_path):
    event, organiser, _participant = workshop
    session = SessionFactory(event=event, title="Opening session")
    people = [make_user("participant", full_name=name, country=country, time_zone="Asia/Seoul",
                        time_zone_chosen=True) for name, country in (("박서연", "KR"), ("王磊", "CN"))]
    for person in people:
        register(event, person)
        Attendance.objects.create(session=session, user=person, source="manual")
    login_as(organiser)
    page.goto(_url(live_server, "agenda:certificates", event_slug=event.slug))
    page.get_by_label("Attendance needed for a certificate").fill("50")
    page.get_by_role("button", name="Save and issue certificates").click()
    codes = page.locator("tbody code").all_inner_texts()
    assert len(codes) == 2
    for person in people:
        login_as(person)
        pdf = page.request.get(_url(live_server, "agenda:certificate", event_slug=event.slug)).body()
        path = tmp_path / f"{person.pk}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert person.profile.full_name in text
        code = next(code for code in codes if code in text)
        page.goto(_url(live_server, "agenda_public:verify"))
        page.get_by_label("Verification code").fill(code)
        page.get_by_role("button", name="Verify").click()
        assert page.locator(".verify-valid").inner_text() == "This certificate is genuine."
        assert person.profile.full_name in page.locator("dl").inner_text()


def test_organiser_adds_a_session_in_host_time_and_is_warned_of_a_clash(page, live_server, login_as, workshop):
    event, organiser, _participant = workshop
    SessionFactory(event=event, title="Country presentations", starts_at=dt.datetime(2021, 3, 30, 1, 0, tzinfo=dt.UTC))
    event.sessions.get().rooms.create(name="Main", countries=["PH"])
    login_as(organiser)
    page.goto(_url(live_server, "agenda:session_create", event_slug=event.slug))
    page.get_by_label("Title").fill("Action-planning lab: Philippines")
    page.get_by_label("Kind").select_option("lab")
    page.get_by_label("Starts at").fill("2021-03-30T10:30")
    page.get_by_label("Ends at").fill("2021-03-30T12:00")
    page.get_by_label("Breakout rooms").fill("Philippines room | PH")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/manage/")
    assert "The Philippines delegation is in both" in page.locator(".warnings").first.inner_text()
    created = event.sessions.get(title="Action-planning lab: Philippines")
    assert created.starts_at == dt.datetime(2021, 3, 30, 1, 30, tzinfo=dt.UTC)
    page.goto(_url(live_server, "agenda:session_edit", event_slug=event.slug, pk=created.pk))
    assert page.get_by_label("Starts at").input_value() == "2021-03-30T10:30"


def test_zurich_viewer_on_29_march_2021_sees_summer_time_named_and_host_time(
    browser, live_server, client, axe_violations, workshop
):
    """A browser in Zurich and a profile in Zurich: the 2021 week is summer time there (CEST, UTC+2)
    whatever today is, and the host's time stays Seoul's."""
    event, _organiser, _participant = workshop
    session = SessionFactory(event=event, title="Theme 1: SSE and the transition to the formal economy")  # 01:00 UTC
    viewer = make_user("participant", full_name="Lea Meier", country="CH", time_zone="Europe/Zurich",
                       time_zone_chosen=True)
    register(event, viewer)
    context = browser.new_context(timezone_id="Europe/Zurich", locale="de-CH")
    client.force_login(viewer)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(_url(live_server, "agenda:agenda", event_slug=event.slug))
    item = page.locator(".agenda-item").first
    assert item.locator(".viewer-time").inner_text() == "03:00\u201304:30"
    assert item.locator(".host-time").inner_text() == "10:00\u201311:30 host time"
    zones = page.locator(".agenda-zones").inner_text()
    assert ("Central European Summer Time" in zones, "Standard" in zones.split(".")[0]) == (True, False)
    assert axe_violations(page) == []
    page.goto(_url(live_server, "agenda:session", event_slug=event.slug, pk=session.pk))
    facts = page.locator(".session-facts").inner_text()
    assert "Your time (Central European Summer Time)" in facts
    assert page.locator(".session-facts .host-time").inner_text() == "March 29, 2021 10:00\u201311:30"
    context.close()
