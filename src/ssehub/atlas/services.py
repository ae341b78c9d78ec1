"""Writes to the atlas. Every change of an instrument goes through here and leaves a Revision."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.atlas.enums import Dimension, EntityType, InstitutionKind, ProposalStatus, RelationKind
from ssehub.atlas.facet_cache import data_changed
from ssehub.atlas.models import (
    Institution,
    InstitutionRevision,
    Instrument,
    Proposal,
    Relation,
    Revision,
    Source,
    codes_to_mask,
)
from ssehub.atlas.search import (
    build_search_chars,
    build_search_text,
    build_title_search,
    search_index_refresh,
)
from ssehub.programmes.models import Theme

# Fields a form, an import row or a proposal may set, in the order a diff shows them.
EDITABLE_FIELDS = (
    "title", "title_local", "title_local_language", "country", "type", "status", "level", "place",
    "year_adopted", "year_in_force", "institution", "dimensions", "entity_types", "themes", "summary",
    "verified", "last_reviewed_on", "sources",
)


class StaleEditError(Exception):
    """The record changed since the editor opened it."""


# --- snapshots ---------------------------------------------------------------------------------

def instrument_snapshot(instrument: Instrument) -> dict[str, Any]:
    """A JSON-ready picture of everything an editor can change, plus the published flag."""
    institution = instrument.institution
    return {
        "title": instrument.title,
        "title_local": instrument.title_local,
        "title_local_language": instrument.title_local_language,
        "country": str(instrument.country),
        "type": instrument.type,
        "status": instrument.status,
        "level": instrument.level,
        "place": instrument.place,
        "year_adopted": instrument.year_adopted,
        "year_in_force": instrument.year_in_force,
        "institution": {"id": institution.pk, "name": institution.name} if institution else None,
        "dimensions": instrument.dimensions,
        "entity_types": instrument.entity_types,
        "themes": sorted(theme.code for theme in instrument.themes.all()),
        "summary": instrument.summary,
        "verified": instrument.verified,
        "last_reviewed_on": instrument.last_reviewed_on.isoformat() if instrument.last_reviewed_on else None,
        "sources": [
            {"title": source.title, "url": source.url,
             "accessed_on": source.accessed_on.isoformat() if source.accessed_on else None}
            for source in instrument.sources.all()
        ],
        "relations": relations_snapshot(instrument),
        "is_published": instrument.is_published,
    }


def relations_snapshot(instrument: Instrument) -> list[dict[str, Any]]:
    """The instruments this one amends, implements or replaces, in a stable order (one query)."""
    if instrument.pk is None:
        return []
    rows = (Relation.objects.filter(source_id=instrument.pk)
            .order_by("kind", "target__title", "target_id").values_list("kind", "target_id", "target__title"))
    return [{"kind": kind, "target": {"id": target_id, "title": title}} for kind, target_id, title in rows]


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value or None


def data_to_json(data: dict[str, Any]) -> dict[str, Any]:
    """Form data (model instances, dates) to the JSON a Proposal stores; JSON stays as it is."""
    result = {}
    for key, value in data.items():
        if isinstance(value, Institution):
            value = {"id": value.pk, "name": value.name}
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif key == "themes":
            value = sorted(theme.code for theme in value)
        elif key == "sources":
            value = [
                {**source, "accessed_on": _iso(source.get("accessed_on"))}
                for source in value
            ]
        elif key == "country":
            value = str(value)
        result[key] = value
    return result


def data_from_json(data: dict[str, Any]) -> dict[str, Any]:
    result = dict(data)
    if "institution" in result:
        ref = result["institution"]
        result["institution"] = Institution.objects.filter(pk=ref["id"]).first() if ref else None
    if result.get("last_reviewed_on"):
        result["last_reviewed_on"] = dt.date.fromisoformat(result["last_reviewed_on"])
    if "themes" in result:
        result["themes"] = list(Theme.objects.filter(code__in=result["themes"]))
    if "sources" in result:
        result["sources"] = [
            {**source, "accessed_on": dt.date.fromisoformat(source["accessed_on"]) if source.get("accessed_on") else None}
            for source in result["sources"]
        ]
    return result


# --- instruments -------------------------------------------------------------------------------

def _refresh_search_text(instrument: Instrument) -> None:
    institution = instrument.institution
    instrument.search_text = build_search_text(
        instrument.title, instrument.title_local, instrument.summary, instrument.place,
        institution.name if institution else "", institution.name_local if institution else "",
    )
    instrument.search_chars = build_search_chars(instrument.search_text)
    instrument.title_search = build_title_search(instrument.title, instrument.title_local)
    Instrument.objects.filter(pk=instrument.pk).update(search_text=instrument.search_text,
                                                       search_chars=instrument.search_chars,
                                                       title_search=instrument.title_search)
    search_index_refresh([(instrument.pk, instrument.search_text)])


def _apply(instrument: Instrument, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key == "dimensions":
            instrument.dimension_mask = codes_to_mask(Dimension, value)
        elif key == "entity_types":
            instrument.entity_type_mask = codes_to_mask(EntityType, value)
        elif key in ("themes", "sources"):
            continue
        elif key in EDITABLE_FIELDS:
            setattr(instrument, key, value)


def _write_related(instrument: Instrument, data: dict[str, Any]) -> None:
    if "themes" in data:
        instrument.themes.set(data["themes"])
    if "sources" in data:
        instrument.sources.all().delete()
        Source.objects.bulk_create([
            Source(instrument=instrument, position=position, title=source["title"],
                   url=source.get("url") or "", accessed_on=source.get("accessed_on"))
            for position, source in enumerate(data["sources"])
        ])


def _record_revision(*, instrument: Instrument, actor: User | None, message: str) -> Revision:
    # Every instrument write ends here: the cached facet counts stop being current (ADR 0103).
    data_changed()
    last = instrument.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    instrument = Instrument.objects.select_related("institution").prefetch_related("themes", "sources").get(
        pk=instrument.pk
    )
    return Revision.objects.create(
        instrument=instrument, number=last + 1, author=actor, message=message[:300],
        snapshot=instrument_snapshot(instrument),
    )


def _check_publishable(instrument: Instrument) -> None:
    if not any(source.url for source in instrument.sources.all()):
        raise ValidationError(_("A record cannot be published without at least one source with a web address."))


@transaction.atomic
def instrument_create(
    *, actor: User | None, data: dict[str, Any], publish: bool = False, message: str = ""
) -> Instrument:
    instrument = Instrument(summary="")
    _apply(instrument, data)
    instrument.full_clean(exclude=["search_text", "search_chars", "title_search"])
    instrument.save()
    _write_related(instrument, data)
    _refresh_search_text(instrument)
    if publish:
        _check_publishable(instrument)
        instrument.is_published = True
        instrument.save(update_fields=["is_published"])
    _record_revision(instrument=instrument, actor=actor, message=message or _("Created"))
    return instrument


def changed_fields(instrument: Instrument, data: dict[str, Any]) -> list[str]:
    before = instrument_snapshot(instrument)
    after = data_to_json(data)
    unordered = {"dimensions", "entity_types", "themes"}

    def same(key):
        old, new = _normalised(before[key]), _normalised(after[key])
        return sorted(old or []) == sorted(new or []) if key in unordered else old == new

    return [key for key in EDITABLE_FIELDS if key in after and not same(key)]


def _normalised(value):
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if item not in ("", None)}
    return value if value not in ("", None) else None


@transaction.atomic
def instrument_update(
    *, instrument: Instrument, actor: User | None, data: dict[str, Any], expected_version: int,
    message: str = "",
) -> tuple[Instrument, list[str]]:
    """Apply `data`; refuse when someone else saved since `expected_version`. Returns changed fields."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.version != expected_version:
        raise StaleEditError
    changed = changed_fields(locked, data)
    if not changed:
        return locked, []
    _apply(locked, data)
    locked.full_clean(exclude=["search_text", "search_chars", "title_search"])
    locked.version += 1
    locked.save()
    _write_related(locked, data)
    if locked.is_published:
        _check_publishable(locked)
    _refresh_search_text(locked)
    _record_revision(instrument=locked, actor=actor, message=message or ", ".join(changed))
    return locked, changed


def instrument_restore(
    *, instrument: Instrument, revision: Revision, actor: User | None, expected_version: int
) -> tuple[Instrument, list[str]]:
    """Bring the record's fields back to what `revision` recorded, as a new revision. Links and the
    published state stay as they are (each has its own action)."""
    snapshot = revision.snapshot
    data = data_from_json({key: snapshot[key] for key in EDITABLE_FIELDS if key in snapshot})
    return instrument_update(instrument=instrument, actor=actor, data=data, expected_version=expected_version,
                             message=_("Restored revision %(number)s") % {"number": revision.number})


@transaction.atomic
def instrument_set_published(*, instrument: Instrument, actor: User, published: bool) -> Instrument:
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if published:
        _check_publishable(locked)
    if locked.is_published == published:
        return locked
    locked.is_published = published
    locked.version += 1
    locked.save(update_fields=["is_published", "version", "updated_at"])
    _record_revision(instrument=locked, actor=actor, message=_("Published") if published else _("Unpublished"))
    return locked


# --- proposals ---------------------------------------------------------------------------------

def proposal_submit(*, instrument: Instrument, proposer: User, data: dict[str, Any], note: str = "") -> Proposal:
    if not changed_fields(instrument, data):
        raise ValidationError(_("The proposal changes nothing."))
    return Proposal.objects.create(
        instrument=instrument, proposer=proposer, base_version=instrument.version,
        data=data_to_json(data), note=note,
    )


def proposal_submit_new(*, proposer: User, data: dict[str, Any], note: str = "") -> Proposal:
    """A researcher proposes a record the atlas does not have; an editor accepts it as a draft."""
    if Instrument.objects.filter(country=data["country"], title__iexact=data["title"].strip()).exists():
        raise ValidationError(_("This country already has a record with this title: propose a change to "
                                "that record instead."))
    return Proposal.objects.create(
        instrument=None, is_new_record=True, proposer=proposer, base_version=0,
        data=data_to_json(data), note=note,
    )


@transaction.atomic
def proposal_accept(*, proposal: Proposal, editor: User, comment: str = "") -> Proposal:
    # Lock the proposal row only: a new-record proposal has no instrument to join (PostgreSQL refuses
    # FOR UPDATE on the nullable side of an outer join).
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("instrument", "proposer").get(
        pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    proposer_name = proposal.proposer.get_full_name() or proposal.proposer.email
    message = _("Proposal accepted by %(editor)s (proposed by %(proposer)s)") % {
        "editor": editor.get_full_name() or editor.email, "proposer": proposer_name}
    if proposal.is_new_record:
        # A draft: the editor checks its sources and publishes it like any new record.
        proposal.instrument = instrument_create(actor=proposal.proposer, data=data_from_json(proposal.data),
                                                message=message)
    else:
        instrument = proposal.instrument
        if instrument.version != proposal.base_version:
            raise StaleEditError
        instrument_update(instrument=instrument, actor=proposal.proposer, data=data_from_json(proposal.data),
                          expected_version=proposal.base_version, message=message)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment
    proposal.save()
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, editor: User, comment: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not comment.strip():
        raise ValidationError(_("Say why the proposal is rejected."))
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment
    proposal.save()
    return proposal


# --- institutions ------------------------------------------------------------------------------

def institution_get_or_create(
    *, country: str, name: str, name_local: str = "", kind: str = InstitutionKind.AGENCY, role: str = "",
    website: str = "",
) -> Institution:
    institution, _created = Institution.objects.get_or_create(
        country=country, name=name,
        defaults={"name_local": name_local, "kind": kind, "role": role, "website": website},
    )
    return institution


# --- related instruments (amends / implements / replaces) ---------------------------------------

def _check_relation(*, source: Instrument, kind: str, target: Instrument) -> None:
    if kind not in RelationKind.values:
        raise ValidationError(_("Choose how the instruments are related."), code="kind")
    if source.pk is not None and target.pk == source.pk:
        raise ValidationError(_("An instrument cannot be related to itself."), code="self")
    if Relation.objects.filter(source_id=source.pk, target_id=target.pk, kind=kind).exists():
        raise ValidationError(
            _("This instrument already %(relation)s “%(title)s”.")
            % {"relation": RelationKind(kind).label, "title": target.title},
            code="duplicate",
        )


def _relation_message(template: str, kind: str, target: Instrument) -> str:
    return template % {"relation": RelationKind(kind).label, "title": target.title}


@transaction.atomic
def relation_add(
    *, instrument: Instrument, actor: User | None, kind: str, target: Instrument, expected_version: int
) -> Relation:
    """`instrument` amends / implements / replaces `target`: a change of `instrument`, with a revision."""
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.version != expected_version:
        raise StaleEditError
    _check_relation(source=locked, kind=kind, target=target)
    relation = Relation.objects.create(source=locked, target=target, kind=kind)
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _record_revision(instrument=locked, actor=actor,
                     message=_relation_message(_("Related instrument added: %(relation)s “%(title)s”"), kind, target))
    return relation


@transaction.atomic
def relation_remove(
    *, instrument: Instrument, actor: User | None, relation_id: int, expected_version: int
) -> Instrument:
    locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if locked.version != expected_version:
        raise StaleEditError
    relation = Relation.objects.select_related("target").filter(pk=relation_id, source=locked).first()
    if relation is None:
        raise ValidationError(_("This link between instruments no longer exists."), code="missing")
    relation.delete()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _record_revision(
        instrument=locked, actor=actor,
        message=_relation_message(_("Related instrument removed: %(relation)s “%(title)s”"),
                                  relation.kind, relation.target),
    )
    return locked


@transaction.atomic
def instrument_create_with_relations(
    *, actor: User | None, data: dict[str, Any], relations: list[tuple[str, Instrument]], message: str = ""
) -> Instrument:
    """Create a draft and its links in one step; its first revision shows both."""
    instrument = instrument_create(actor=actor, data=data, message=message)
    for kind, target in relations:
        _check_relation(source=instrument, kind=kind, target=target)
        Relation.objects.create(source=instrument, target=target, kind=kind)
    if relations:
        revision = instrument.revisions.order_by("-number").first()
        revision.snapshot = instrument_snapshot(
            Instrument.objects.select_related("institution").prefetch_related("themes", "sources").get(
                pk=instrument.pk))
        revision.save(update_fields=["snapshot"])
    return instrument


# --- institutions (edited on the editors' pages) -------------------------------------------------

INSTITUTION_FIELDS = ("name", "name_local", "country", "kind", "role", "website")


def institution_snapshot(institution: Institution) -> dict[str, Any]:
    return {
        "name": institution.name,
        "name_local": institution.name_local,
        "country": str(institution.country),
        "kind": institution.kind,
        "role": institution.role,
        "website": institution.website,
    }


def _record_institution_revision(*, institution: Institution, actor: User | None, message: str) -> InstitutionRevision:
    last = institution.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return InstitutionRevision.objects.create(
        institution=institution, number=last + 1, author=actor, message=message[:300],
        snapshot=institution_snapshot(institution),
    )


def _apply_institution(institution: Institution, data: dict[str, Any]) -> None:
    for key in INSTITUTION_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "country":
            value = str(value or "").upper()
        elif isinstance(value, str):
            value = value.strip()
        setattr(institution, key, value)


@transaction.atomic
def institution_create(*, actor: User | None, data: dict[str, Any]) -> Institution:
    """A new institution; bad input (unknown country, invalid web address, duplicate name) raises
    ValidationError and nothing is written."""
    institution = Institution()
    _apply_institution(institution, data)
    institution.full_clean()
    institution.save()
    _record_institution_revision(institution=institution, actor=actor, message=_("Created"))
    return institution


@transaction.atomic
def institution_update(
    *, institution: Institution, actor: User | None, data: dict[str, Any], expected_version: int
) -> tuple[Institution, list[str]]:
    """Apply `data`; refuse when someone else saved since `expected_version`. Returns changed fields."""
    locked = Institution.objects.select_for_update().get(pk=institution.pk)
    if locked.version != expected_version:
        raise StaleEditError
    before = institution_snapshot(locked)
    _apply_institution(locked, data)
    after = institution_snapshot(locked)
    changed = [key for key in INSTITUTION_FIELDS if before[key] != after[key]]
    if not changed:
        return locked, []
    locked.full_clean()
    locked.version += 1
    locked.save()
    if "name" in changed or "name_local" in changed:
        # Its instruments are found by the institution's names: keep their search text current.
        for instrument in locked.instruments.select_related("institution"):
            _refresh_search_text(instrument)
    _record_institution_revision(institution=locked, actor=actor, message=", ".join(changed))
    return locked, changed
