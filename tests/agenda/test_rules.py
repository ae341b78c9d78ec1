import pytest

from ssehub.agenda.rules import can_manage_event, can_see_private, is_registered
from tests.factories import make_user


@pytest.mark.django_db
def test_is_event_organiser_needs_the_role_and_the_event(event, organiser, other_organiser):
    listed_without_role = make_user("member")
    event.organisers.add(listed_without_role)
    assert [can_manage_event(u, event) for u in (organiser, other_organiser, listed_without_role)] == [
        True, False, False]


@pytest.mark.django_db
def test_can_manage_event_allows_admins(event, outsider):
    assert (can_manage_event(make_user("admin"), event), can_manage_event(outsider, event)) == (True, False)


@pytest.mark.django_db
def test_is_registered_ignores_cancelled_registrations(event, participant, outsider):
    assert (is_registered(participant, event), is_registered(outsider, event)) == (True, False)
    registration = event.registrations.get(user=participant)
    registration.status = "cancelled"
    registration.save()
    participant.__dict__.pop("_ssehub_registered_events")
    assert is_registered(participant, event) is False


@pytest.mark.django_db
def test_can_see_private_for_participants_and_managers(event, participant, organiser, outsider):
    assert [can_see_private(u, event) for u in (participant, organiser, outsider)] == [True, True, False]
