"""The demo programme: "Strengthening SSE Policy in Asia" (ILO, 2019–2021), from ../shared/reference."""

import datetime as dt

from django.db import transaction

from ssehub.events.enums import EventFormat, EventKind
from ssehub.events.models import Event
from ssehub.programmes.models import Programme, ProgrammeCountry, Theme

DEMO_PRIORITY = 10

PROGRAMME = {
    "slug": "sse-policy-asia",
    "title": "Strengthening Social and Solidarity Economy Policy in Asia",
    "summary": (
        "An ILO project funded by the Ministry of Employment and Labour of the Republic of Korea and "
        "implemented with the Korea Social Enterprise Promotion Agency (KoSEA). Researchers coordinated "
        "by Seoul National University mapped SSE laws, policies and institutions in six countries and "
        "presented them at a research conference; a virtual capacity-building workshop then brought "
        "tripartite delegations together to set each country's SSE policy agenda."
    ),
    "funder": "Ministry of Employment and Labour, Republic of Korea",
    "implementers": "International Labour Organization with the Korea Social Enterprise Promotion Agency",
    "starts_on": dt.date(2019, 9, 5),
    "ends_on": dt.date(2021, 8, 31),
    "source_url": "https://www.ilo.org/global/topics/cooperatives/projects/WCMS_714983/lang--en/index.htm",
}
COUNTRIES = ["CN", "JP", "KR", "PH", "MY", "ID"]
THEMES = [
    ("formalisation", "Transition to the formal economy",
     "How SSE units help informal workers and enterprises move into the formal economy."),
    ("rural-decent-work", "Decent work in the rural economy",
     "Cooperatives and other SSE units as a route to decent work for rural people."),
    ("covid-recovery", "SSE responses to COVID-19 and recovery",
     "What SSE organisations did during the pandemic and how policy can support the recovery."),
]
EVENTS = [
    {
        "slug": "sse-research-conference-2020",
        "title": "Research Conference: Strengthening SSE Policy in Asia",
        "description": (
            "Hosted by the ILO, KoSEA and Seoul National University in Seoul, with over 400 participants "
            "and 1,400 online viewers. Country researchers presented their mapping of SSE characteristics, "
            "institutions and ecosystems, explored Asia-specific policy recommendations and validated the "
            "research."
        ),
        "kind": EventKind.CONFERENCE,
        "format": EventFormat.HYBRID,
        "host_time_zone": "Asia/Seoul",
        "starts_on": dt.date(2020, 9, 22),
        "ends_on": dt.date(2020, 9, 22),
        "themes": [],
    },
    {
        "slug": "sse-capacity-building-workshop-2021",
        "title": "Virtual Capacity-Building Workshop on SSE Policy",
        "description": (
            "A limited number of participants from the six countries, in tripartite delegations, took "
            "part to allow close interaction: sessions on the three themes, then an action-planning "
            "exercise in which each country's delegation set its policy agenda and prioritised policy "
            "actions. Philippine policy stakeholders were invited because a national SSE policy change "
            "was under way."
        ),
        "kind": EventKind.WORKSHOP,
        "format": EventFormat.VIRTUAL,
        "host_time_zone": "Asia/Seoul",
        "starts_on": dt.date(2021, 3, 29),
        "ends_on": dt.date(2021, 3, 31),
        "themes": ["formalisation", "rural-decent-work", "covid-recovery"],
    },
]


@transaction.atomic
def load(*, stdout=None) -> Programme:
    programme, _created = Programme.objects.update_or_create(
        slug=PROGRAMME["slug"], defaults={**PROGRAMME, "is_current": True}
    )
    Programme.objects.exclude(pk=programme.pk).update(is_current=False)
    for position, code in enumerate(COUNTRIES):
        ProgrammeCountry.objects.update_or_create(
            programme=programme, country=code, defaults={"position": position}
        )
    themes = {}
    for position, (code, title, description) in enumerate(THEMES):
        themes[code], _created = Theme.objects.update_or_create(
            programme=programme, code=code,
            defaults={"title": title, "description": description, "position": position},
        )
    for spec in EVENTS:
        fields = {key: value for key, value in spec.items() if key not in ("slug", "themes")}
        event, _created = Event.objects.update_or_create(
            slug=spec["slug"], defaults={**fields, "programme": programme}
        )
        event.themes.set([themes[code] for code in spec["themes"]])
    if stdout:
        stdout.write(f"Programme: {programme.title} ({len(COUNTRIES)} countries, {len(EVENTS)} events)")
    return programme
