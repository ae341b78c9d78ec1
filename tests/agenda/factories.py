import datetime as dt

import factory

from ssehub.agenda.enums import MaterialKind, SessionKind
from ssehub.agenda.models import Material, Session
from ssehub.events.enums import RegistrationSource, RegistrationStatus
from ssehub.events.models import Registration
from tests.events import factories as events_factories


class EventFactory(events_factories.EventFactory):
    """The 2021 workshop's dates: agenda tests reason about that week's local times."""

    starts_on = dt.date(2021, 3, 29)
    ends_on = dt.date(2021, 3, 31)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}: SSE and the formal economy")
    kind = SessionKind.PLENARY
    starts_at = dt.datetime(2021, 3, 29, 1, 0, tzinfo=dt.UTC)  # 10:00 in Seoul, 09:00 in Manila
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    room_url = "https://zoom.us/j/123456789"


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    session = factory.SubFactory(SessionFactory)
    title = "Country brief"
    kind = MaterialKind.LINK
    url = "https://www.ilo.org/brief.pdf"
    is_public = True


def register(event, user) -> Registration:
    return Registration.objects.create(
        event=event, user=user, source=RegistrationSource.DIRECT, status=RegistrationStatus.REGISTERED
    )
