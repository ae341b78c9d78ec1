"""events owns registrations: one rule for a cancelled person, every change logged with the actor."""

import pytest

from ssehub.core.actionlog import entries_filtered
from ssehub.core.errors import ServiceError
from ssehub.events.enums import RegistrationSource, RegistrationStatus
from ssehub.events.models import Registration
from ssehub.events.selectors import is_registered, registered_users
from ssehub.events.services import registration_cancel, registration_register, registrations_create_direct
from tests.events.factories import EventFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory()


def test_confirmed_invitation_registers_and_logs_the_person(event):
    person = make_user("participant")
    registration = registration_register(event=event, user=person, source=RegistrationSource.INVITATION,
                                         actor=person)
    assert is_registered(user=person, event=event)
    assert list(registered_users(event)) == [person]
    entry = entries_filtered(scope=event).get()
    assert (entry.verb, entry.actor, entry.object_id) == ("events.registration.create", person, str(registration.pk))


def test_registering_twice_changes_nothing(event):
    person = make_user("participant")
    registration_register(event=event, user=person, source=RegistrationSource.INVITATION, actor=person)
    registration_register(event=event, user=person, source=RegistrationSource.DIRECT, actor=None)
    assert Registration.objects.get().source == RegistrationSource.INVITATION
    assert entries_filtered(scope=event).count() == 1


def test_person_who_cancelled_themselves_comes_back_by_confirming(event):
    person = make_user("participant")
    registration = registration_register(event=event, user=person, source=RegistrationSource.INVITATION,
                                         actor=person)
    registration_cancel(registration=registration, actor=person)
    assert not is_registered(user=person, event=event)
    registration_register(event=event, user=person, source=RegistrationSource.INVITATION, actor=person)
    assert is_registered(user=person, event=event)
    verbs = list(entries_filtered(scope=event).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["events.registration.create", "events.registration.cancel", "events.registration.reinstate"]


def test_person_cancelled_by_an_organiser_is_not_silently_re_registered(event):
    person, organiser = make_user("participant"), make_user("organiser")
    registration = registration_register(event=event, user=person, source=RegistrationSource.INVITATION,
                                         actor=person)
    registration_cancel(registration=registration, actor=organiser)
    with pytest.raises(ServiceError) as refused:
        registration_register(event=event, user=person, source=RegistrationSource.INVITATION, actor=person)
    assert refused.value.code == "cancelled_by_organiser"
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_by) == (RegistrationStatus.CANCELLED, organiser)
    registration_register(event=event, user=person, source=RegistrationSource.DIRECT, actor=organiser)
    assert is_registered(user=person, event=event)


def test_direct_registration_is_all_or_nothing(event):
    known = make_user("participant")
    with pytest.raises(ServiceError) as refused:
        registrations_create_direct(event=event, actor=None, emails=[known.email, "nobody@example.org"])
    assert "nobody@example.org" in str(refused.value.message)
    assert Registration.objects.count() == 0
    registrations_create_direct(event=event, actor=None, emails=[known.email.upper(), known.email])
    assert list(registered_users(event)) == [known]
