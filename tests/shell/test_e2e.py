"""In a real browser (Debian's Chromium): the first page is in the viewer's zone, call deadlines in
three zones, summer time named on the day it starts, error pages in the layout and accessible."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.agenda.factories import SessionFactory
from tests.calls.factories import CallFactory
from tests.events.factories import EventFactory
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLOSES = dt.datetime(2027, 1, 31, 10, 0, tzinfo=dt.UTC)  # 17:00 in Bangkok


def _english_context(browser, zone: str):
    return browser.new_context(timezone_id=zone, locale="en-GB")


def test_first_visit_in_manila_shows_manila_times_on_the_first_page(browser, live_server):
    event = EventFactory(title="Virtual Capacity-Building Workshop on SSE Policy")
    SessionFactory(event=event, title="Theme 1: SSE and the transition to the formal economy")  # 01:00 UTC
    context = _english_context(browser, "Asia/Manila")
    page = context.new_page()
    page.goto(live_server.url + reverse("agenda:agenda", kwargs={"event_slug": event.slug}))
    item = page.locator(".agenda-item").first
    expect(item.locator(".viewer-time")).to_have_text("09:00\u201310:30")
    expect(page.locator(".agenda-zones")).to_contain_text("Philippine")
    expect(page.locator(".timezone-note")).to_contain_text("Times are shown in Philippine Time.")
    assert "Coordinated Universal Time" not in page.locator("main").inner_text()
    # The next page is rendered in Manila by the server itself, with no reload.
    page.goto(live_server.url + reverse("events:detail", kwargs={"slug": event.slug}))
    assert page.locator('meta[name="ssehub-rendered-zone"]').count() == 0
    expect(page.locator(".timezone-note")).to_contain_text("Philippine Time")
    context.close()


@pytest.mark.parametrize(("zone", "viewer_text"), [
    ("Asia/Seoul", "Jan. 31, 2027, 7 p.m. (Korean Standard Time)"),
    ("Asia/Ulaanbaatar", "Jan. 31, 2027, 6 p.m. (Ulaanbaatar Standard Time)"),
    ("Europe/Zurich", "Jan. 31, 2027, 11 a.m. (Central European Standard Time)"),
])
def test_call_deadline_in_host_time_and_in_the_viewers_zone(browser, live_server, axe_violations, zone, viewer_text):
    call = CallFactory(event=EventFactory(host_time_zone="Asia/Bangkok"), closes_at=CLOSES,
                       opens_at=CLOSES - dt.timedelta(days=60))
    context = _english_context(browser, zone)
    page = context.new_page()
    page.goto(live_server.url + reverse("calls:detail", kwargs={"call_id": call.pk}))
    closes = page.locator("dd").nth(1)
    expect(closes.locator(".viewer-time")).to_have_text(viewer_text)
    expect(closes.locator(".host-time")).to_have_text("Jan. 31, 2027, 5 p.m. (Indochina Time)")
    assert axe_violations(page) == []
    context.close()


def test_zurich_viewer_sees_summer_time_named_on_29_march_2021(browser, live_server):
    moment = dt.datetime(2021, 3, 29, 1, 0, tzinfo=dt.UTC)  # 03:00 in Zurich, the first day of summer time
    call = CallFactory(event=EventFactory(host_time_zone="Asia/Seoul"), opens_at=moment - dt.timedelta(days=30),
                       closes_at=moment)
    context = _english_context(browser, "Europe/Zurich")
    page = context.new_page()
    page.goto(live_server.url + reverse("calls:detail", kwargs={"call_id": call.pk}))
    expect(page.locator("dd").nth(1).locator(".viewer-time")).to_have_text(
        "March 29, 2021, 3 a.m. (Central European Summer Time)")
    expect(page.locator("dd").nth(1).locator(".host-time")).to_have_text(
        "March 29, 2021, 10 a.m. (Korean Standard Time)")
    context.close()


def test_error_pages_are_in_the_layout_and_accessible(page, live_server, login_as, axe_violations):
    response = page.goto(live_server.url + "/no/such/page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).to_be_visible()
    assert axe_violations(page) == []

    login_as(make_user("member"))
    response = page.goto(live_server.url + reverse("shell:action_log"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Access refused")
    assert axe_violations(page) == []


def test_refused_form_page_is_in_the_layout_and_accessible(page, live_server, axe_violations):
    page.goto(live_server.url + reverse("account_login"))
    page.context.clear_cookies()  # the CSRF cookie goes, as when a page was left open too long
    page.get_by_label("Email").fill("someone@example.org")
    page.locator("#id_password").fill("whatever-password-1")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The form could not be sent")
    assert axe_violations(page) == []


def test_zone_picker_narrows_to_a_typed_city_and_saves_it(page, live_server, login_as, axe_violations):
    person = login_as(make_user("member", time_zone="", time_zone_chosen=False))
    page.goto(live_server.url + reverse("accounts:profile"))
    page.get_by_role("searchbox", name="Type a city or a zone name").fill("manila")
    expect(page.locator("#id_time_zone")).to_have_value("Asia/Manila")
    assert page.locator("#id_time_zone option:not([hidden])").all_inner_texts() == [
        "Detect from my browser", "(UTC+08:00) Philippine Time — Manila"]
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    person.profile.refresh_from_db()
    assert (person.profile.time_zone, person.profile.time_zone_chosen) == ("Asia/Manila", True)
