from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The platform's parts; each appears in the menu and on the home page once its app serves it.
PLATFORM_PARTS = [
    ("atlas:search", _("Policy atlas"),
     _("Laws, programmes and institutions for the social and solidarity economy, country by country.")),
    ("events:list", _("Events"),
     _("Calls for participation, workshops and their agendas in your time zone.")),
    ("planning:index", _("Action planning"),
     _("Each country's delegation sets and prioritises its policy actions.")),
    ("community:index", _("Community"),
     _("Discussions, cases and peers that keep the network alive after the event.")),
]


def available_parts() -> list[dict]:
    parts = []
    for url_name, title, description in PLATFORM_PARTS:
        try:
            parts.append({"url": reverse(url_name), "title": title, "description": description})
        except NoReverseMatch:
            continue
    return parts
