"""What other apps add to an event's pages, without events importing them.

An app above events (calls, later planning) registers `fetch(events) -> {event_id: value}` in its
`ready()`; the event pages call `attach_parts(events)` once and templates read `event.parts.<name>`.
One query per registered part, whatever the number of events.
"""

from collections.abc import Callable, Iterable
from typing import Any

PartFetcher = Callable[[list], dict[int, Any]]
_parts: dict[str, PartFetcher] = {}


def register_event_part(name: str, fetch: PartFetcher) -> None:
    _parts[name] = fetch


def attach_parts(events: Iterable) -> list:
    events = list(events)
    for event in events:
        event.parts = {}
    for name, fetch in _parts.items():
        found = fetch(events) if events else {}
        for event in events:
            event.parts[name] = found.get(event.pk, [])
    return events
