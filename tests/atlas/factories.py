import itertools

from ssehub.atlas.enums import InstitutionKind
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.services import instrument_create

_numbers = itertools.count(1)


def make_institution(**fields) -> Institution:
    number = next(_numbers)
    defaults = {"country": "KR", "name": f"Ministry number {number}", "kind": InstitutionKind.MINISTRY}
    return Institution.objects.create(**{**defaults, **fields})


def make_instrument(*, publish: bool = True, actor=None, **fields) -> Instrument:
    """An instrument written through the service, so the search index is kept as in production."""
    number = next(_numbers)
    data = {
        "title": f"Social economy act number {number}",
        "title_local": "",
        "country": "KR",
        "type": "law",
        "status": "in_force",
        "year_adopted": 2012,
        "dimensions": ["legal_framework"],
        "entity_types": ["cooperative"],
        "summary": "A test instrument about social enterprises.",
        "verified": True,
        "sources": [{"title": "Official gazette", "url": "https://example.org/gazette", "accessed_on": None}],
    }
    data.update(fields)
    return instrument_create(actor=actor, data=data, publish=publish)
