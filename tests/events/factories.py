import datetime as dt

import factory

from ssehub.events.enums import EventFormat, EventKind
from ssehub.events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    """A virtual workshop hosted in Seoul, in the future so that its calls can still be open."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"workshop-{n}")
    title = factory.Sequence(lambda n: f"Capacity-building workshop {n}")
    kind = EventKind.WORKSHOP
    format = EventFormat.VIRTUAL
    host_time_zone = "Asia/Seoul"
    starts_on = dt.date(2030, 3, 29)
    ends_on = dt.date(2030, 3, 31)
    capacity = 37
