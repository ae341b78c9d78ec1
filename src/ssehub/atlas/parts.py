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


def country_parts(country: str) -> list[dict[str, Any]]:
    found = []
    for fetch in _parts.values():
        part = fetch(country)
        if part:
            found.append(part)
    return found
