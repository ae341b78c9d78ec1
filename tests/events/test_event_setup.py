"""Organisers set up events on the site (issue 10): create, edit, stale edits, access, the log."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from ssehub.events.models import Event
from ssehub.events.services import event_create, event_update
from ssehub.programmes.models import Programme, Theme
from tests.concurrency import at_the_same_instant
from tests.events.factories import EventFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    programme = Programme.objects.create(slug="sse-programme", title="SSE policy programme", summary="")
    return Theme.objects.create(programme=programme, code="formalisation", title="SSE and the formal economy")


def _post_data(**overrides) -> dict:
    data = {
        "title": "Regional Policy Dialogue on SSE", "description": "Three days in Bangkok.",
        "kind": "conference", "format": "hybrid", "host_time_zone": "Asia/Bangkok",
        "starts_on": "2027-02-15", "ends_on": "2027-02-17", "capacity": "60",
        "eligible_countries": ["TH", "PH", "MN"], "co_organisers": "", "version": "",
    }
    return {**data, **overrides}


def test_organiser_creates_an_event_and_becomes_its_organiser(client, theme):
    organiser = make_user("organiser")
    colleague = make_user("organiser", full_name="Nguyen Thi Lan")
    client.force_login(organiser)
    response = client.post(reverse("events:create"), _post_data(
        themes=[theme.pk], co_organisers=f"{colleague.email.upper()}\n"))
    event = Event.objects.get(title="Regional Policy Dialogue on SSE")
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", kwargs={"slug": "regional-policy-dialogue-on-sse"})
    assert (event.kind, event.format, event.host_time_zone, event.starts_on, event.ends_on, event.capacity) == (
        "conference", "hybrid", "Asia/Bangkok", dt.date(2027, 2, 15), dt.date(2027, 2, 17), 60)
    assert sorted(country.code for country in event.eligible_countries) == ["MN", "PH", "TH"]
    assert list(event.themes.all()) == [theme]
    assert sorted(event.organisers.values_list("email", flat=True)) == sorted([organiser.email, colleague.email])
    verbs = list(ActionLogEntry.objects.filter(verb__startswith="events.event").order_by("pk")
                 .values_list("verb", flat=True))
    assert verbs == ["events.event.create", "events.event.organisers"]


def test_two_events_with_one_title_get_two_addresses():
    organiser = make_user("organiser")
    data = {"title": "Webinar", "kind": "webinar", "format": "virtual", "host_time_zone": "UTC",
            "starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2027, 1, 1)}
    first = event_create(actor=organiser, data=data, co_organisers=[])
    second = event_create(actor=organiser, data=data, co_organisers=[])
    assert (first.slug, second.slug) == ("webinar", "webinar-2")


@pytest.mark.django_db(transaction=True)
def test_two_events_with_one_title_created_at_the_same_instant_both_get_an_address():
    organiser = make_user("organiser")
    data = {"title": "Same instant", "kind": "webinar", "format": "virtual", "host_time_zone": "UTC",
            "starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2027, 1, 1)}
    create = lambda: event_create(actor=organiser, data=data, co_organisers=[])  # noqa: E731
    first, second = at_the_same_instant(create, create)
    assert sorted([first.slug, second.slug]) == ["same-instant", "same-instant-2"]
    assert Event.objects.filter(title="Same instant").count() == 2


def test_event_form_refuses_unknown_and_non_organiser_co_organisers(client):
    client.force_login(make_user("organiser"))
    member = make_user("member")
    response = client.post(reverse("events:create"), _post_data(co_organisers=f"nobody@example.org, {member.email}"))
    assert response.status_code == 400
    assert "No account has these e-mail addresses: nobody@example.org" in response.content.decode()
    response = client.post(reverse("events:create"), _post_data(co_organisers=member.email))
    assert f"These people do not have the organiser role: {member.email}" in response.content.decode()
    assert Event.objects.count() == 0


def test_event_form_refuses_an_end_before_the_start_and_an_alias_zone(client):
    client.force_login(make_user("organiser"))
    response = client.post(reverse("events:create"), _post_data(starts_on="2027-02-17", ends_on="2027-02-15"))
    assert response.status_code == 400
    assert "The event cannot end before it starts." in response.content.decode()
    response = client.post(reverse("events:create"), _post_data(host_time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 400
    assert Event.objects.count() == 0


def test_event_form_offers_canonical_zones_and_localised_countries(client):
    client.force_login(make_user("organiser"))
    client.cookies["ssehub_language"] = "ms"
    body = client.get(reverse("events:create")).content.decode()
    assert '<option value="Asia/Bangkok">(UTC+07:00) Waktu Indochina — Bangkok</option>' in body
    assert 'value="Africa/Asmera"' not in body
    assert '<option value="DE">Jerman</option>' in body
    assert '<option value="KR">Korea Selatan</option>' in body


def test_event_form_lists_organisers_for_the_search_box(client):
    client.force_login(make_user("organiser"))
    colleague = make_user("organiser", full_name="Nguyen Thi Lan")
    body = client.get(reverse("events:create")).content.decode()
    assert f'<option value="{colleague.email}">Nguyen Thi Lan</option>' in body
    assert 'list="organiser-directory"' in body


def test_organiser_edits_own_event_and_the_change_is_logged(client):
    event = EventFactory(title="Old title")
    organiser = make_user("organiser")
    event.organisers.add(organiser)
    client.force_login(organiser)
    page = client.get(reverse("events:edit", kwargs={"slug": event.slug}))
    assert page.status_code == 200
    response = client.post(reverse("events:edit", kwargs={"slug": event.slug}), _post_data(
        title="New title", version=str(event.version), co_organisers=organiser.email))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.host_time_zone, event.version) == ("New title", "Asia/Bangkok", 2)
    entry = ActionLogEntry.objects.get(verb="events.event.update")
    assert entry.data["title"] == ["Old title", "New title"]
    assert entry.data["eligible_countries"] == [[], ["TH", "PH", "MN"]]


def test_stale_event_edit_is_refused_and_names_who_saved(client):
    event = EventFactory()
    first, second = make_user("organiser", full_name="Park Seo-yeon"), make_user("organiser")
    event.organisers.add(first, second)
    opened_at = event.version
    event_update(event=event, actor=first, data={"title": "Changed by Park"}, expected_version=opened_at)
    client.force_login(second)
    client.cookies["ssehub_language"] = "en"
    response = client.post(reverse("events:edit", kwargs={"slug": event.slug}), _post_data(
        title="Changed by the second", version=str(opened_at), co_organisers=second.email))
    assert response.status_code == 409
    assert "Park Seo-yeon" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Changed by Park"


def test_stale_service_call_is_refused():
    event = EventFactory()
    organiser = make_user("organiser")
    with pytest.raises(ServiceError) as refused:
        event_update(event=event, actor=organiser, data={"title": "x"}, expected_version=event.version - 1)
    assert refused.value.is_stale


@pytest.mark.parametrize("role", ["organiser", "participant", "member"])
def test_others_cannot_edit_an_event(client, role):
    event = EventFactory()
    event.organisers.add(make_user("organiser"))
    client.force_login(make_user(role))
    assert client.get(reverse("events:edit", kwargs={"slug": event.slug})).status_code == 403
    response = client.post(reverse("events:edit", kwargs={"slug": event.slug}), _post_data(version="1"))
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.title != "Regional Policy Dialogue on SSE"


@pytest.mark.parametrize("role", ["participant", "member", "reviewer"])
def test_only_organisers_create_events(client, role):
    client.force_login(make_user(role))
    assert client.post(reverse("events:create"), _post_data()).status_code == 403
    assert Event.objects.count() == 0


def test_event_page_names_the_host_zone_as_during_the_event(client):
    event = EventFactory(host_time_zone="Europe/Zurich", starts_on=dt.date(2021, 3, 29), ends_on=dt.date(2021, 3, 30))
    with translation.override("en"):
        client.cookies["ssehub_language"] = "en"
        body = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    assert "<dd>Central European Summer Time</dd>" in body


def test_event_page_shows_call_closing_in_host_time_for_every_viewer(client):
    from tests.calls.factories import CallFactory

    event = EventFactory(host_time_zone="Asia/Bangkok")
    CallFactory(event=event, opens_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                closes_at=dt.datetime(2027, 1, 31, 10, 0, tzinfo=dt.UTC))
    for zone in ("Asia/Seoul", "UTC", "Asia/Ulaanbaatar"):
        client.cookies["ssehub_tz"] = zone
        client.cookies["ssehub_language"] = "en"
        body = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
        assert '<span class="host-time">Jan. 31, 2027, 5 p.m. (Indochina Time)</span>' in body


def test_korean_title_gives_a_readable_address():
    organiser = make_user("organiser")
    data = {"title": "서울 사회연대경제 정책 포럼 2026", "kind": "conference", "format": "virtual",
            "host_time_zone": "Asia/Seoul", "starts_on": dt.date(2026, 12, 1), "ends_on": dt.date(2026, 12, 1)}
    event = event_create(actor=organiser, data=data, co_organisers=[])
    assert event.slug == "seoul-sahoeyeondaegyeongje-jeongcaeg"


def test_new_event_form_starts_in_the_organisers_zone_not_the_first_of_the_list(client):
    organiser = make_user("organiser", time_zone="Asia/Kuala_Lumpur")
    client.force_login(organiser)
    form = client.get(reverse("events:create")).context["form"]
    assert form["host_time_zone"].value() == "Asia/Kuala_Lumpur"


def test_refused_stale_edit_keeps_the_saved_title_in_the_page_frame(client):
    organiser = make_user("organiser")
    event = EventFactory(title="Seoul forum")
    event.organisers.add(organiser)
    client.force_login(organiser)
    url = reverse("events:edit", kwargs={"slug": event.slug})
    stale = _post_data(title="Seoul forum (second tab)", version=str(event.version), host_time_zone="Asia/Seoul")
    event_update(event=event, actor=organiser, data={"title": "Seoul forum 2026"}, expected_version=event.version)
    response = client.post(url, stale)
    assert response.status_code == 409
    assert response.context["event"].title == "Seoul forum 2026"
