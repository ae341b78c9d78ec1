"""What other apps add to a country profile, without the atlas importing them (like events/parts.py).

An app above the atlas (planning) registers `fetch(country_code) -> {"template": ..., "data": ...}`
in its `ready()`; the country page renders each part's template with its data, in registration order.
"""

from collections.abc import Callable
from typing import Any

CountryPartFetcher = Callable[[str], dict[str, Any] | None]
_parts: dict[str, CountryPartFetcher] = {}


def register_country_part(name: str, fetch: CountryPartFetcher) -> None:
    _parts[name] = fetch


InstrumentPartFetcher = Callable[[Any], dict[str, Any] | None]
_instrument_parts: dict[str, InstrumentPartFetcher] = {}


def register_instrument_part(name: str, fetch: InstrumentPartFetcher) -> None:
    """The same for an instrument's page: `fetch(instrument) -> {"template": ..., "data": ...}` (the
    community's cases that link to the record)."""
    _instrument_parts[name] = fetch


def instrument_parts(instrument) -> list[dict[str, Any]]:
    return [part for fetch in _instrument_parts.values() if (part := fetch(instrument))]


def country_parts(country: str) -> list[dict[str, Any]]:
    found = []
    for fetch in _parts.values():
        part = fetch(country)
        if part:
            found.append(part)
    return found
