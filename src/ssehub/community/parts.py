"""What the community adds to atlas pages through the atlas's extension points (atlas/parts.py)."""

from ssehub.community import selectors


def instrument_cases(instrument) -> dict | None:
    cases = selectors.cases_for_instruments([instrument.pk]).get(instrument.pk)
    return {"template": "community/_atlas_cases.html", "data": {"cases": cases}} if cases else None

