from tests.access import only, public

EDITORS = ("editor", "admin")


def _instrument():
    from tests.atlas.factories import make_instrument

    return {"pk": make_instrument().pk}


def _draft():
    from tests.atlas.factories import make_instrument

    return {"pk": make_instrument(publish=False).pk}


def _revision():
    return {**_instrument(), "number": 1}


def _proposal():
    from ssehub.atlas.services import proposal_submit
    from tests.atlas.factories import make_instrument
    from tests.factories import make_user

    instrument = make_instrument()
    proposal = proposal_submit(instrument=instrument, proposer=make_user("researcher"),
                               data={"summary": "A better summary."})
    return {"pk": proposal.pk}


def _institution():
    from tests.atlas.factories import make_institution

    return {"pk": make_institution().pk}


def _new_target():
    from tests.atlas.factories import make_instrument

    return {"kind": "amends", "target": str(make_instrument().pk), "version": "1"}


def _relation():
    from ssehub.atlas.models import Relation
    from tests.atlas.factories import make_instrument

    instrument = make_instrument()
    Relation.objects.create(source=instrument, target=make_instrument(), kind="implements")
    return {"pk": instrument.pk}


def _relation_to_remove():
    from ssehub.atlas.models import Relation

    # The first editor removes it; later ones get "no longer exists" (400), still past the permission check.
    return {"relation": str(Relation.objects.order_by("-pk").values_list("pk", flat=True).first()), "version": "1"}


def _import_job():
    from ssehub.atlas.imports import job_start

    return {"token": job_start(name="atlas.csv", raw=b"country\r\n", user=None, language="en")}


ACCESS = {
    "atlas:search": public(),
    "atlas:export": public(kwargs=lambda: {"fmt": "csv"}),
    "atlas:compare": public(),
    "atlas:country": public(kwargs=lambda: {"code": "KR"}),
    "atlas:institution_detail": public(kwargs=_institution),
    "atlas:institution_create": only(*EDITORS),
    "atlas:institution_edit": only(*EDITORS, kwargs=_institution),
    "atlas:instrument_detail": public(kwargs=_instrument),
    "atlas:instrument_create": only(*EDITORS),
    "atlas:instrument_edit": only(*EDITORS, kwargs=_instrument),
    "atlas:relation_add": only(*EDITORS, kwargs=_instrument, method="post", data=_new_target),
    "atlas:relation_remove": only(*EDITORS, kwargs=_relation, method="post", data=_relation_to_remove),
    "atlas:instrument_publish": only(*EDITORS, kwargs=_draft, method="post", data=lambda: {"publish": "1"}),
    "atlas:instrument_propose": only("researcher", "admin", kwargs=_instrument),  # superusers hold every permission
    "atlas:instrument_propose_new": only("researcher", "admin"),
    "atlas:instrument_history": only("researcher", *EDITORS, kwargs=_instrument),
    "atlas:revision_diff": only("researcher", *EDITORS, kwargs=_revision),
    "atlas:revision_restore": only(*EDITORS, kwargs=_revision, method="post", data=lambda: {"version": "1"}),
    "atlas:desk": only(*EDITORS),
    "atlas:proposal_review": only(*EDITORS, kwargs=_proposal),
    "atlas:import": only(*EDITORS),
    "atlas:import_job": only(*EDITORS, kwargs=_import_job),
}
