"""Country names in the reader's language.

django-countries has no names for some of our languages (Malay, Filipino), so every country list
a person reads takes its names from Babel's CLDR data, which has them all; codes stay the values.
"""

from babel import Locale
from django_countries import countries

from ssehub.core.timezones import babel_locale


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for every country, named and sorted for the active language."""
    try:
        names = Locale.parse(babel_locale()).territories
    except (ValueError, LookupError):
        names = {}
    choices = [(code, names.get(code) or str(name)) for code, name in countries]
    return sorted(choices, key=lambda item: item[1].casefold())
