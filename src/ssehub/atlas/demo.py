"""The seeded atlas: 53 real instruments in six countries and 35 institutions.

Facts, sources and local titles come from ../shared/reference/sse_policies.jsonl (all 51 records),
plus two Korean cooperative laws named in sse_domain.md with their own sources; every summary was
rewritten for the atlas. Status and level were read off each record's facts (an annulled law is
'repealed or annulled', a plan whose period ended is 'lapsed', city and provincial schemes are
subnational with their place). Records without a source that has a web address stay drafts.
Running it again adds what is missing and refreshes the seeded records nobody has edited since; a
record a person changed (in a form or by an import, renamed included) is left as they made it.
"""

import json
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from ssehub.atlas.enums import InstrumentType
from ssehub.atlas.models import Institution, Instrument, Relation, Revision
from ssehub.atlas.services import instrument_create, instrument_set_published, instrument_update
from ssehub.programmes.models import Theme

DEMO_PRIORITY = 30
SEEDED = "Seeded from the reference dataset"
DATA_FILE = Path(__file__).with_name("demo_data.json")


def demo_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _seeded(row: dict) -> Instrument | None:
    """The record seeded from `row`: by its title or original title, else (renamed since) by the
    title its first revision was seeded with. Re-running once duplicated every renamed record."""
    same_title = Q(title=row["title"]) | (Q(title_local=row["title_local"]) if row.get("title_local") else Q())
    found = Instrument.objects.filter(same_title, country=row["country"]).order_by("pk").first()
    if found is not None:
        return found
    first = (Revision.objects.filter(number=1, message=SEEDED, instrument__country=row["country"],
                                     snapshot__title=row["title"]).select_related("instrument").first())
    return first.instrument if first is not None else None


@transaction.atomic
def load(*, stdout=None) -> list[Instrument]:
    data = demo_data()
    institutions = {}
    for row in data["institutions"]:
        key = row.pop("key")
        institution, _created = Institution.objects.update_or_create(
            country=row["country"], name=row["name"], defaults=row
        )
        institutions[key] = institution
    themes = {theme.code: theme for theme in Theme.objects.filter(programme__slug="sse-policy-asia")}
    instruments = {}
    created_count = 0
    for row in data["instruments"]:
        row = dict(row)
        key = row.pop("key")
        row["institution"] = institutions.get(row["institution"])
        row["themes"] = [themes[code] for code in row["themes"] if code in themes]
        row["sources"] = [{**source, "accessed_on": None} for source in row["sources"]]
        publishable = any(source["url"] for source in row["sources"])
        existing = _seeded(row)
        if existing is None:
            instrument = instrument_create(actor=None, data=row, publish=publishable, message=SEEDED)
            created_count += 1
        elif existing.revisions.exclude(author=None).exists():
            instrument = existing  # a person's work since the seeding stays as they left it
        else:
            instrument, _changed = instrument_update(
                instrument=existing, actor=None, data=row, expected_version=existing.version,
                message="Refreshed from the reference dataset",
            )
            if publishable and not instrument.is_published:
                instrument = instrument_set_published(instrument=instrument, actor=None, published=True)
        instruments[key] = instrument
    for relation in data["relations"]:
        Relation.objects.get_or_create(
            source=instruments[relation["source"]], target=instruments[relation["target"]], kind=relation["kind"]
        )
    if stdout:
        laws = sum(1 for i in instruments.values() if i.type == InstrumentType.LAW)
        stdout.write(f"Atlas: {len(instruments)} instruments ({laws} laws, {created_count} new), "
                     f"{len(institutions)} institutions.")
    return list(instruments.values())
