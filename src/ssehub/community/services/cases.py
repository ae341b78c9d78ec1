"""Best-practice cases (members submit, editors or moderators publish; every change keeps a
snapshot, as atlas records do) and the resource library."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.community import case_links, search, text
from ssehub.community.enums import CaseStatus
from ssehub.community.models import Case, CaseLink, CaseRevision, Resource
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import lock_for_edit, lock_row
from ssehub.core.updates import model_update

CASE_CREATED = action_verb("community.case.create", gettext_lazy("Wrote a best-practice case"))
CASE_UPDATED = action_verb("community.case.update", gettext_lazy("Changed a best-practice case"))
CASE_PUBLISHED = action_verb("community.case.publish", gettext_lazy("Published a best-practice case"))
RESOURCE_ADDED = action_verb("community.resource.add", gettext_lazy("Added a resource to the library"))

CASE_FIELDS = ("title", "country", "entity_type", "dimension", "theme", "problem", "approach", "results", "lessons",
               "contact", "instruments", "people")


def _search_text(case: Case) -> str:
    return text.search_text(case.title, case.problem, case.approach, case.results, case.lessons)


def links_of(case: Case) -> dict[str, list[int]]:
    """{kind: [ids]} of the case's links to other apps' records, readable or not."""
    found: dict[str, list[int]] = {}
    for kind, target_id in case.links.order_by("kind", "target_id").values_list("kind", "target_id"):
        found.setdefault(kind, []).append(target_id)
    return found


def _snapshot(case: Case, author: User | None) -> None:
    number = case.revisions.count() + 1
    snapshot = {field: getattr(case, field) for field in CASE_FIELDS if field not in ("instruments", "people", "theme")}
    snapshot.update({"country": str(case.country), "theme": case.theme_id, "status": case.status,
                     "instruments": sorted(case.instruments.values_list("pk", flat=True)),
                     "people": sorted(case.people.values_list("pk", flat=True)),
                     "links": links_of(case)})
    CaseRevision.objects.create(case=case, number=number, author=author, snapshot=snapshot)


def _set_links(case: Case, wanted: dict[str, list[int]]) -> dict[str, list[list[int]]]:
    """Link the case to the records chosen, for each kind in `wanted`. Only records the kind offers
    (readable by everyone) may be chosen; links to records no longer offered (a plan made private
    again) are not the editor's to see, so they are kept as they are. Returns {kind: [old, new]}."""
    current = links_of(case)
    changes = {}
    for name, chosen in wanted.items():
        kind = case_links.link_kind(name)
        if kind is None:
            raise ServiceError(_("These links cannot be made any more."), code="links")
        offered = case_links.offered_ids(kind)
        chosen_ids = {int(pk) for pk in chosen}
        if chosen_ids - offered:
            raise ServiceError(_("Link only to records that everyone may read."), code="links")
        old = set(current.get(name, []))
        new = chosen_ids | (old - offered)
        if new == old:
            continue
        CaseLink.objects.filter(case=case, kind=name, target_id__in=old - new).delete()
        CaseLink.objects.bulk_create([CaseLink(case=case, kind=name, target_id=pk) for pk in sorted(new - old)])
        changes[name] = [sorted(old), sorted(new)]
    return changes


@transaction.atomic
def case_create(*, actor: User | None, data: dict, submit: bool = True) -> Case:
    """`data` as the form gives it; `data["links"]`: {kind: [ids]} of other apps' records."""
    case = Case(submitted_by=actor, status=CaseStatus.SUBMITTED if submit else CaseStatus.DRAFT,
                **{field: data[field] for field in CASE_FIELDS if field in data and field not in ("instruments", "people")})
    full_clean_or_refuse(case)
    case.search_text = _search_text(case)
    case.save()
    search.index_case(case)
    case.instruments.set(data.get("instruments", []))
    case.people.set(data.get("people", []))
    _set_links(case, data.get("links") or {})
    _snapshot(case, actor)
    log_action(actor=actor, verb=CASE_CREATED, obj=case, data={"status": case.status})
    return case


@transaction.atomic
def case_update(*, case: Case, actor: User, data: dict, expected_version: int | None) -> Case:
    case = lock_for_edit(Case, pk=case.pk, expected_version=expected_version)
    if not (actor.has_perm("community.review_case") or case.submitted_by_id == actor.pk):
        raise ServiceError(_("You cannot change this case."), code="forbidden")
    case, changes = model_update(instance=case, fields=CASE_FIELDS, data=data, version_field="version")
    link_changes = _set_links(case, data.get("links") or {})
    if link_changes and not changes:
        case.version += 1
        case.save(update_fields=["version"])
    changes.update({f"links:{name}": change for name, change in link_changes.items()})
    if changes:
        case.search_text = _search_text(case)
        case.save(update_fields=["search_text"])
        search.index_case(case)
        _snapshot(case, actor)
        log_action(actor=actor, verb=CASE_UPDATED, obj=case, data=changes)
    return case


@transaction.atomic
def case_publish(*, case: Case, actor: User | None) -> Case:
    if actor is not None and not actor.has_perm("community.review_case"):
        raise ServiceError(_("Only editors and moderators can publish cases."), code="forbidden")
    case = lock_row(Case, pk=case.pk)
    if case.status == CaseStatus.PUBLISHED:
        raise ServiceError(_("This case is already published."), code="published")
    case.status = CaseStatus.PUBLISHED
    case.published_at = timezone.now()
    case.version += 1
    case.save(update_fields=["status", "published_at", "version"])
    _snapshot(case, actor)
    log_action(actor=actor, verb=CASE_PUBLISHED, obj=case)
    return case


@transaction.atomic
def resource_add(*, actor: User | None, data: dict) -> Resource:
    resource = Resource(added_by=actor, **{field: data.get(field, "") for field in
                                           ("title", "kind", "description", "url", "country")},
                        is_public=bool(data.get("is_public", True)))
    full_clean_or_refuse(resource)
    resource.search_text = text.search_text(resource.title, resource.description)
    resource.save()
    search.index_resource(resource)
    log_action(actor=actor, verb=RESOURCE_ADDED, obj=resource)
    return resource
