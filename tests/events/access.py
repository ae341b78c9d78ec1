from tests.access import only, public
from tests.calls.factories import EventFactory

ACCESS = {
    "events:list": public(),
    "events:detail": public(kwargs=lambda: {"slug": EventFactory().slug}),
    # Generic organisers organise other events: only admins pass; the event's own organiser is tested
    # in tests/events/test_action_log.py.
    "events:log": only("admin", kwargs=lambda: {"slug": EventFactory().slug}),
    "events:create": only("organiser", "admin"),
    # As for the log: the event's own organiser is allowed, tested in tests/events/test_event_setup.py.
    "events:edit": only("admin", kwargs=lambda: {"slug": EventFactory().slug}),
}
