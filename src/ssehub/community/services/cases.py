"""Best-practice cases (members submit, editors or moderators publish; every change keeps a
snapshot, as atlas records do) and the resource library."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssehub.accounts.models import User
from ssehub.community import text
from ssehub.community.enums import CaseStatus
from ssehub.community.models import Case, CaseRevision, Resource
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


def _snapshot(case: Case, author: User | None) -> None:
    number = case.revisions.count() + 1
    snapshot = {field: getattr(case, field) for field in CASE_FIELDS if field not in ("instruments", "people", "theme")}
    snapshot.update({"country": str(case.country), "theme": case.theme_id, "status": case.status,
                     "instruments": sorted(case.instruments.values_list("pk", flat=True)),
                     "people": sorted(case.people.values_list("pk", flat=True))})
    CaseRevision.objects.create(case=case, number=number, author=author, snapshot=snapshot)


@transaction.atomic
def case_create(*, actor: User | None, data: dict, submit: bool = True) -> Case:
    case = Case(submitted_by=actor, status=CaseStatus.SUBMITTED if submit else CaseStatus.DRAFT,
                **{field: data[field] for field in CASE_FIELDS if field in data and field not in ("instruments", "people")})
    full_clean_or_refuse(case)
    case.search_text = _search_text(case)
    case.save()
    case.instruments.set(data.get("instruments", []))
    case.people.set(data.get("people", []))
    _snapshot(case, actor)
    log_action(actor=actor, verb=CASE_CREATED, obj=case, data={"status": case.status})
    return case


@transaction.atomic
def case_update(*, case: Case, actor: User, data: dict, expected_version: int | None) -> Case:
    case = lock_for_edit(Case, pk=case.pk, expected_version=expected_version)
    if not (actor.has_perm("community.review_case") or case.submitted_by_id == actor.pk):
        raise ServiceError(_("You cannot change this case."), code="forbidden")
    case, changes = model_update(instance=case, fields=CASE_FIELDS, data=data, version_field="version")
    if changes:
        case.search_text = _search_text(case)
        case.save(update_fields=["search_text"])
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
    log_action(actor=actor, verb=RESOURCE_ADDED, obj=resource)
    return resource
