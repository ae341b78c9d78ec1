from tests.access import public


def _instrument():
    from tests.atlas.factories import make_instrument

    return {"pk": make_instrument().pk}


def _institution():
    from tests.atlas.factories import make_institution

    return {"pk": make_institution().pk}


ACCESS = {
    "api:root": public(),
    "api:schema": public(),
    "api:docs": public(),
    "api:atlas_instrument_list": public(),
    "api:atlas_instrument_detail": public(kwargs=_instrument),
    "api:atlas_institution_list": public(),
    "api:atlas_institution_detail": public(kwargs=_institution),
    "api:not_found": public(request=False, note="a JSON 404 for every role: tests/api/test_api.py"),
}
