"""Per-object access: the organiser of this event vs. another event's, registered vs. not."""

import pytest
from django.urls import reverse

from tests.agenda.factories import MaterialFactory, SessionFactory

MANAGE_PAGES = ["agenda:timetable", "agenda:session_create", "agenda:registrations", "agenda:announcements",
                "agenda:attendance", "agenda:certificates", "agenda:evaluation"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_manage_page_allows_the_event_organiser(client, event, organiser, name):
    client.force_login(organiser)
    assert client.get(reverse(name, kwargs={"event_slug": event.slug})).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_manage_page_refuses_the_organiser_of_another_event(client, event, other_organiser, name):
    client.force_login(other_organiser)
    assert client.get(reverse(name, kwargs={"event_slug": event.slug})).status_code == 403


@pytest.mark.django_db
def test_session_edit_refuses_organiser_of_another_event(client, session, other_organiser):
    client.force_login(other_organiser)
    url = reverse("agenda:session_edit", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    assert client.post(url, {"title": "Hijacked"}).status_code == 403
    session.refresh_from_db()
    assert session.title != "Hijacked"


@pytest.mark.django_db
def test_session_delete_by_organiser_of_another_event_is_refused(client, session, other_organiser, organiser):
    url = reverse("agenda:session_delete", kwargs={"event_slug": session.event.slug, "pk": session.pk})
    client.force_login(other_organiser)
    assert client.post(url).status_code == 403
    client.force_login(organiser)
    assert client.post(url).status_code == 302
    assert session.event.sessions.count() == 0


@pytest.mark.django_db
def test_material_delete_only_by_the_event_organiser(client, session, other_organiser, organiser):
    material = MaterialFactory(session=session)
    url = reverse("agenda:material_delete", kwargs={"event_slug": session.event.slug, "pk": material.pk})
    client.force_login(other_organiser)
    assert client.post(url).status_code == 403
    client.force_login(organiser)
    assert client.post(url).status_code == 302
    assert session.materials.count() == 0


@pytest.mark.django_db
def test_join_refuses_a_signed_in_person_who_is_not_registered(client, session, outsider):
    client.force_login(outsider)
    response = client.get(reverse("agenda:join", kwargs={"event_slug": session.event.slug, "pk": session.pk}))
    assert response.status_code == 403
    assert "Only registered participants" in response.content.decode()
    assert session.joins.count() == 0


@pytest.mark.django_db
def test_private_material_hidden_from_the_public_and_shown_to_participants(client, session, participant):
    public_item = MaterialFactory(session=session, title="Public brief", is_public=True)
    private_item = MaterialFactory(session=session, title="Delegation worksheet", is_public=False,
                                   url="https://example.org/worksheet.docx")
    agenda_url = reverse("agenda:agenda", kwargs={"event_slug": session.event.slug})
    public_url = reverse("agenda:material", kwargs={"event_slug": session.event.slug, "pk": public_item.pk})
    private_url = reverse("agenda:material", kwargs={"event_slug": session.event.slug, "pk": private_item.pk})

    page = client.get(agenda_url).content.decode()
    assert ("Public brief" in page, "Delegation worksheet" in page) == (True, False)
    assert "zoom.us" not in page
    assert client.get(public_url)["Location"] == "https://www.ilo.org/brief.pdf"
    response = client.get(private_url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(participant)
    page = client.get(agenda_url).content.decode()
    assert ("Public brief" in page, "Delegation worksheet" in page) == (True, True)
    assert client.get(private_url)["Location"] == "https://example.org/worksheet.docx"


@pytest.mark.django_db
def test_private_material_is_404_for_a_signed_in_outsider(client, session, outsider):
    item = MaterialFactory(session=session, is_public=False)
    client.force_login(outsider)
    url = reverse("agenda:material", kwargs={"event_slug": session.event.slug, "pk": item.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_session_page_hides_room_and_recording_from_the_public(client, event):
    session = SessionFactory(event=event, recording_url="https://example.org/recording")
    url = reverse("agenda:session", kwargs={"event_slug": event.slug, "pk": session.pk})
    page = client.get(url).content.decode()
    assert ("zoom.us" in page, "example.org/recording" in page) == (False, False)


@pytest.mark.django_db
def test_survey_open_to_registered_participant_only(client, event, participant, outsider):
    url = reverse("agenda:survey", kwargs={"event_slug": event.slug, "phase": "pre"})
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(participant)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_survey_unknown_phase_is_404(client, event, participant):
    client.force_login(participant)
    assert client.get(reverse("agenda:survey", kwargs={"event_slug": event.slug, "phase": "mid"})).status_code == 404
