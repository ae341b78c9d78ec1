"""Country names in the interface language, everywhere in the atlas.

django-countries translates its names only into the languages it ships catalogues for (not Malay
or Filipino, among ours); CLDR, through Babel, names every territory in every language we offer.
English keeps django-countries' names (the ones the rest of the site shows)."""

import functools

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale
from django_countries import countries as all_countries


@functools.lru_cache(maxsize=32)
def _names(language: str) -> dict[str, str]:
    names = {code: str(name) for code, name in all_countries}
    if language.split("-")[0] == "en":
        return names
    try:
        territories = Locale.parse(to_locale(language)).territories
    except (UnknownLocaleError, ValueError):
        return names
    return {code: territories.get(code, name) for code, name in names.items()}


def _language() -> str:
    return get_language() or "en"


def country_names() -> dict[str, str]:
    """{code: name} of every country in the current language."""
    with_language = _language()
    return _names(with_language)


def country_name(code) -> str:
    code = str(code or "")
    return _names(_language()).get(code, code)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, by name in the current language."""
    return sorted(_names(_language()).items(), key=lambda item: item[1].casefold())
