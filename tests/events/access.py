from tests.access import public
from tests.calls.factories import EventFactory

ACCESS = {
    "events:list": public(),
    "events:detail": public(kwargs=lambda: {"slug": EventFactory().slug}),
}
