"""A case's revisions and what each changed, as the atlas shows for its records (the field-by-field
diff is the kernel's `core.diffs`).

Drafts stay private: readers who may not see the case before publication (everyone but editors,
moderators and the submitter) get only the revisions saved while the case was published, each
compared with the previous *published* one, so no draft text shows through a diff. Links are named
only when everyone may read what they point to (a published atlas record, an action of a public
plan); ids alone are never shown.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ssehub.accounts.models import User
from ssehub.atlas.enums import Dimension, EntityType
from ssehub.atlas.models import Instrument
from ssehub.community import case_links
from ssehub.community.enums import CaseStatus
from ssehub.community.models import Case, CaseRevision
from ssehub.community.phrases import display_name
from ssehub.core import diffs
from ssehub.programmes.models import Theme

LABELS = {
    "title": _("Title"), "country": _("Country"), "entity_type": _("SSE entity type"),
    "dimension": _("Policy dimension"), "theme": _("Theme"), "problem": _("Problem"),
    "approach": _("What was done"), "results": _("Results"), "lessons": _("Lessons"), "contact": _("Contact"),
    "instruments": _("Linked atlas records"), "people": _("People who ran it"), "status": _("Status"),
}
FIELD_ORDER = ("status", "title", "country", "entity_type", "dimension", "theme", "problem", "approach", "results",
               "lessons", "contact", "instruments", "people")


def sees_drafts(user, case: Case) -> bool:
    """Editors and moderators, and the person who submitted the case."""
    return user.has_perm("community.review_case") or (
        case.submitted_by_id is not None and case.submitted_by_id == getattr(user, "pk", None))


def _revisions(case: Case, user) -> QuerySet[CaseRevision]:
    revisions = CaseRevision.objects.filter(case=case)
    if not sees_drafts(user, case):
        revisions = revisions.filter(snapshot__status=CaseStatus.PUBLISHED)
    return revisions


def revisions_for(case: Case, user) -> list[CaseRevision]:
    """Newest first, with their authors."""
    return list(_revisions(case, user).select_related("author__profile").order_by("-number"))


def revision_for(case: Case, user, number: int) -> CaseRevision:
    """CaseRevision.DoesNotExist for a revision the reader may not see."""
    return _revisions(case, user).select_related("author__profile").get(number=number)


def _names(snapshots: list[dict]) -> dict:
    """What ids in the snapshots are called, for those everyone may read: one query per table."""
    ids = {key: {pk for snapshot in snapshots for pk in snapshot.get(key) or []} for key in ("instruments", "people")}
    themes = {snapshot.get("theme") for snapshot in snapshots} - {None}
    refs = {(kind, pk) for snapshot in snapshots for kind, pks in (snapshot.get("links") or {}).items() for pk in pks}
    return {
        "instruments": dict(Instrument.objects.filter(pk__in=ids["instruments"], is_published=True)
                            .values_list("pk", "title")),
        "people": {user.pk: display_name(user) for user in
                   User.objects.filter(pk__in=ids["people"]).select_related("profile")},
        "theme": dict(Theme.objects.filter(pk__in=themes).values_list("pk", "title")),
        "links": {ref: card.title for ref, card in case_links.readable(refs).items()} if refs else {},
    }


def _line_makers(names: dict) -> dict:
    choices = {"entity_type": dict(EntityType.choices), "dimension": dict(Dimension.choices),
               "status": dict(CaseStatus.choices)}

    def choice(field):
        return lambda code: [str(choices[field].get(code, code))] if code else []

    def named(field):
        return lambda pks: [names[field][pk] for pk in pks or [] if pk in names[field]]

    makers = {field: choice(field) for field in choices}
    makers.update({"instruments": named("instruments"), "people": named("people"), "country": lambda code: [str(countries.name(code) or code)] if code else [],
                   "theme": lambda pk: [names["theme"][pk]] if pk in names["theme"] else []})
    return makers


def _link_fields(snapshots: list[dict], names: dict) -> tuple[list[str], dict, dict, list[dict]]:
    """Each link kind as a field of its own ("links:planning.action"), named by its registration."""
    kinds = sorted({kind for snapshot in snapshots for kind in snapshot.get("links") or {}})
    flat = [{**snapshot, **{f"links:{kind}": (snapshot.get("links") or {}).get(kind, []) for kind in kinds}}
            for snapshot in snapshots]
    makers, labels = {}, {}
    for kind in kinds:
        registered = case_links.link_kind(kind)
        labels[f"links:{kind}"] = registered.label if registered else kind
        makers[f"links:{kind}"] = (lambda name: lambda pks: [names["links"][(name, pk)] for pk in pks or []
                                                            if (name, pk) in names["links"]])(kind)
    return [f"links:{kind}" for kind in kinds], makers, labels, flat


def revision_changes(revision: CaseRevision, user) -> dict:
    """The revision's diff with the one before it that the reader may see, that one, and whether
    this is the latest the reader may see."""
    visible = _revisions(revision.case, user)
    previous = visible.filter(number__lt=revision.number).select_related("author__profile").order_by("-number").first()
    before, after = (previous.snapshot if previous else {}), revision.snapshot
    names = _names([before, after])
    link_fields, link_makers, link_labels, (before, after) = _link_fields([before, after], names)
    changes = diffs.snapshot_diff(before, after, (*FIELD_ORDER, *link_fields),
                                  as_lines={**_line_makers(names), **link_makers}, labels={**LABELS, **link_labels})
    return {"previous": previous, "changes": changes,
            "is_latest": not visible.filter(number__gt=revision.number).exists()}
