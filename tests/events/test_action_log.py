"""The action log as organisers and admins read it: an event's log, the platform log, exports."""

import csv
import io

import pytest
from django.urls import reverse

from ssehub.core.actionlog import log_action
from ssehub.events.enums import RegistrationSource
from ssehub.events.services import REGISTERED, registration_register
from tests.events.factories import EventFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(title="Virtual workshop 2021")


@pytest.fixture
def organiser(event):
    person = make_user("organiser", full_name="Programme Officer")
    event.organisers.add(person)
    return person


def _register(event, count):
    people = [make_user("participant", full_name=f"Participant {n}") for n in range(count)]
    for person in people:
        registration_register(event=event, user=person, source=RegistrationSource.INVITATION, actor=person)
    return people


def test_event_organiser_reads_the_event_log(client, event, organiser):
    _register(event, 1)
    client.force_login(organiser)
    response = client.get(reverse("events:log", kwargs={"slug": event.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Participant 0" in body
    assert "Registered a participant" in body


def test_organiser_of_another_event_is_refused(client, event, organiser):
    other = make_user("organiser")
    EventFactory().organisers.add(other)
    client.force_login(other)
    assert client.get(reverse("events:log", kwargs={"slug": event.slug})).status_code == 403


def test_event_log_shows_only_that_event(client, event, organiser):
    _register(EventFactory(), 1)
    client.force_login(organiser)
    body = client.get(reverse("events:log", kwargs={"slug": event.slug})).content.decode()
    assert "Participant 0" not in body
    assert "Nothing has been recorded" in body


@pytest.mark.parametrize("entries", [1, 20])
def test_event_log_queries_do_not_grow_with_entries(client, event, organiser, entries, django_assert_num_queries):
    _register(event, entries)
    client.force_login(organiser)
    url = reverse("events:log", kwargs={"slug": event.slug})
    with django_assert_num_queries(9):
        body = client.get(url).content.decode()
    assert body.count("Registered a participant") == entries + 1  # the rows, and the filter's option


def test_log_filters_by_action_and_person(client, event, organiser):
    first, _second = _register(event, 2)
    log_action(actor=organiser, verb="events.event.update", obj=event, data={"fields": ["title"]})
    client.force_login(organiser)
    url = reverse("events:log", kwargs={"slug": event.slug})
    body = client.get(url, {"verb": REGISTERED, "actor": first.email}).content.decode()
    assert "Participant 0" in body
    assert "Participant 1" not in body
    assert "Changed an event" not in body.split("<table>")[-1]


def test_log_export_is_csv_of_the_filtered_entries(client, event, organiser):
    (person,) = _register(event, 1)
    client.force_login(organiser)
    response = client.get(reverse("events:log", kwargs={"slug": event.slug}), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["When (UTC)", "Who", "Action", "Code", "Record", "Change"]
    assert rows[1][1:4] == ["Participant 0", "Registered a participant", REGISTERED]
    assert person.email in rows[1][5]


def test_admin_reads_the_platform_log_and_others_cannot(client, event):
    _register(event, 1)
    admin = make_user("admin")
    client.force_login(admin)
    body = client.get(reverse("shell:action_log")).content.decode()
    assert "Participant 0" in body
    client.force_login(make_user("organiser"))
    assert client.get(reverse("shell:action_log")).status_code == 403


def test_log_has_no_way_to_change_an_entry(client, event):
    admin = make_user("admin")
    client.force_login(admin)
    assert client.post(reverse("shell:action_log"), {"verb": "x"}).status_code == 405


def test_event_log_offers_only_actions_that_happen_in_an_event(client, event, organiser):
    client.force_login(organiser)
    form = client.get(reverse("events:log", kwargs={"slug": event.slug})).context["form"]
    codes = [code for code, _label in form.fields["verb"].choices if code]
    assert "events.registration.create" in codes
    assert "calls.selection.adopt" in codes
    assert [code for code in codes if code.startswith(("atlas.", "community.", "accounts."))] == []


@pytest.mark.parametrize("entries", [1, 20])
def test_platform_log_queries_do_not_grow_with_entries(client, event, entries, django_assert_num_queries):
    people = _register(event, entries)
    client.force_login(make_user("admin"))
    with django_assert_num_queries(7):
        body = client.get(reverse("shell:action_log")).content.decode()
    assert all(person.profile.full_name in body for person in people)


def test_log_names_the_zone_its_times_are_in(client, event, organiser):
    _register(event, 1)
    organiser.profile.time_zone = "Asia/Seoul"
    organiser.profile.save()
    client.force_login(organiser)
    body = client.get(reverse("events:log", kwargs={"slug": event.slug})).content.decode()
    assert "Times are shown in Korean Standard Time." in body


def test_log_filter_with_a_bad_date_is_refused_with_a_message(client, event, organiser):
    client.force_login(organiser)
    response = client.get(reverse("events:log", kwargs={"slug": event.slug}), {"since": "29/13/2021"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
