"""Writes to the atlas. Every change of an instrument goes through here, leaves a Revision and an
action-log entry, and refuses with `ServiceError` (a stale form: code "stale", naming who saved)."""

import datetime as dt
import functools
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as all_countries

from ssehub.accounts.models import User
from ssehub.atlas.enums import Dimension, EntityType, ProposalStatus, RelationKind
from ssehub.atlas.facet_cache import data_changed, lock_writes
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
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.errors import ServiceError, full_clean_or_refuse
from ssehub.core.stale import bump_version, lock_for_edit, lock_row
from ssehub.core.updates import model_update
from ssehub.programmes.models import Theme

# Fields a form, an import row or a proposal may set, in the order a diff shows them.
EDITABLE_FIELDS = (
    "title", "title_local", "title_local_language", "country", "type", "status", "level", "place",
    "year_adopted", "year_in_force", "institution", "dimensions", "entity_types", "themes", "summary",
    "verified", "last_reviewed_on", "sources",
)

# The model's own fields behind them: dimensions and entity types are stored as bit masks, sources
# in their own rows (written by `_write_sources`).
_MASKED = {"dimensions": ("dimension_mask", Dimension), "entity_types": ("entity_type_mask", EntityType)}
INSTRUMENT_MODEL_FIELDS = tuple(
    _MASKED[name][0] if name in _MASKED else name for name in EDITABLE_FIELDS if name != "sources"
)
_SEARCH_FIELDS = ["search_text", "search_chars", "title_search"]

# Scope of every entry: the instrument or institution (its history page reads the log by scope).
INSTRUMENT_CREATED = action_verb("atlas.instrument.create", gettext_lazy("Created an atlas record"))
INSTRUMENT_UPDATED = action_verb("atlas.instrument.update", gettext_lazy("Changed an atlas record"))
INSTRUMENT_RESTORED = action_verb("atlas.instrument.restore", gettext_lazy("Restored an earlier revision"))
INSTRUMENT_PUBLISHED = action_verb("atlas.instrument.publish", gettext_lazy("Published an atlas record"))
INSTRUMENT_UNPUBLISHED = action_verb("atlas.instrument.unpublish",
                                     gettext_lazy("Made an atlas record a draft again"))
RELATION_ADDED = action_verb("atlas.relation.add", gettext_lazy("Linked a related instrument"))
RELATION_REMOVED = action_verb("atlas.relation.remove", gettext_lazy("Removed a link to a related instrument"))
PROPOSAL_SUBMITTED = action_verb("atlas.proposal.submit", gettext_lazy("Proposed a change"))
PROPOSAL_SUBMITTED_NEW = action_verb("atlas.proposal.submit_new", gettext_lazy("Proposed a new record"))
PROPOSAL_ACCEPTED = action_verb("atlas.proposal.accept", gettext_lazy("Accepted a proposal"))
PROPOSAL_REJECTED = action_verb("atlas.proposal.reject", gettext_lazy("Rejected a proposal"))
INSTITUTION_CREATED = action_verb("atlas.institution.create", gettext_lazy("Added an institution"))
INSTITUTION_UPDATED = action_verb("atlas.institution.update", gettext_lazy("Changed an institution"))
IMPORTED = action_verb("atlas.import", gettext_lazy("Imported atlas records"))


# --- snapshots ---------------------------------------------------------------------------------

def instrument_snapshot(instrument: Instrument) -> dict[str, Any]:
    """A JSON-ready picture of everything an editor can change, plus the published flag."""
    return _snapshot(instrument, sources=list(instrument.sources.all()),
                     themes=[theme.code for theme in instrument.themes.all()],
                     relations=relations_snapshot(instrument))


def _snapshot(instrument: Instrument, *, sources: list, themes: list[str], relations: list) -> dict[str, Any]:
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
        "themes": sorted(themes),
        "summary": instrument.summary,
        "verified": instrument.verified,
        "last_reviewed_on": instrument.last_reviewed_on.isoformat() if instrument.last_reviewed_on else None,
        "sources": [
            {"title": source.title, "url": source.url,
             "accessed_on": source.accessed_on.isoformat() if source.accessed_on else None}
            for source in sources
        ],
        "relations": relations,
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

def _set_search_fields(instrument: Instrument) -> None:
    institution = instrument.institution
    instrument.search_text = build_search_text(
        instrument.title, instrument.title_local, instrument.summary, instrument.place,
        institution.name if institution else "", institution.name_local if institution else "",
    )
    instrument.search_chars = build_search_chars(instrument.search_text)
    instrument.title_search = build_title_search(instrument.title, instrument.title_local)


def _refresh_search_text(instrument: Instrument) -> None:
    _set_search_fields(instrument)
    Instrument.objects.filter(pk=instrument.pk).update(search_text=instrument.search_text,
                                                       search_chars=instrument.search_chars,
                                                       title_search=instrument.title_search)
    search_index_refresh([(instrument.pk, instrument.search_text)])


def _model_data(data: dict[str, Any]) -> dict[str, Any]:
    """Editor data (codes, themes) under the model's field names (masks); sources are not fields."""
    result = {}
    for key, value in data.items():
        if key in _MASKED:
            name, choices = _MASKED[key]
            result[name] = codes_to_mask(choices, value)
        elif key in INSTRUMENT_MODEL_FIELDS:
            result[key] = value
    return result


def _write_sources(instrument: Instrument, data: dict[str, Any]) -> None:
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
    _check_sources_publishable([source.url for source in instrument.sources.all()])


def _check_sources_publishable(urls: list[str]) -> None:
    if not any(urls):
        raise ServiceError(_("A record cannot be published without at least one source with a web address."),
                           code="unpublishable", field="source_url")


def _new_instrument(data: dict[str, Any]) -> tuple[Instrument, list | None]:
    """An unsaved, validated instrument and its themes: the rules every new record meets."""
    fields = _model_data(data)
    themes = fields.pop("themes", None)
    instrument = Instrument(**{"summary": "", **fields})
    _clean_new(instrument, country=str(fields.get("country") or ""))
    return instrument, themes


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(all_countries.countries)


def _clean_new(instrument: Instrument, *, country: str) -> None:
    """full_clean, with two of its checks made here at once: Django's walks the 249 translated
    country names and asks the database whether the institution exists, for every record (an
    import of 100,000 rows spent most of its time there)."""
    exclude = list(_SEARCH_FIELDS)
    if country in _country_codes():
        exclude.append("country")
    if instrument.institution_id is not None and instrument.institution._state.adding is False:
        exclude.append("institution")
    full_clean_or_refuse(instrument, exclude=exclude)


def _create(*, actor: User | None, data: dict[str, Any], publish: bool, message: str) -> Instrument:
    instrument, themes = _new_instrument(data)
    instrument.save()
    if themes is not None:
        instrument.themes.set(themes)
    _write_sources(instrument, data)
    _refresh_search_text(instrument)
    if publish:
        _check_publishable(instrument)
        instrument.is_published = True
        instrument.save(update_fields=["is_published"])
    _record_revision(instrument=instrument, actor=actor, message=message or _("Created"))
    return instrument


@transaction.atomic
def instrument_create(
    *, actor: User | None, data: dict[str, Any], publish: bool = False, message: str = ""
) -> Instrument:
    lock_writes()
    instrument = _create(actor=actor, data=data, publish=publish, message=message)
    log_action(actor=actor, verb=INSTRUMENT_CREATED, obj=instrument, data={"published": instrument.is_published})
    return instrument


def instrument_changes(instrument: Instrument, data: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} (as the snapshots write them) of each field `data` changes, in diff order."""
    return snapshot_changes(instrument_snapshot(instrument), data)


def snapshot_changes(before: dict[str, Any], data: dict[str, Any]) -> dict[str, list[Any]]:
    """`instrument_changes` against a record's snapshot `before` (a bulk update makes it from rows
    read for many records at once)."""
    after = data_to_json(data)
    unordered = {"dimensions", "entity_types", "themes"}

    def same(key):
        old, new = before[key], after[key]
        if old == new:  # most fields of most rows of an import: equal values stay equal normalised
            return True
        old, new = _normalised(old), _normalised(new)
        return sorted(old or []) == sorted(new or []) if key in unordered else old == new

    return {key: [before[key], after[key]] for key in EDITABLE_FIELDS if key in after and not same(key)}


def changed_fields(instrument: Instrument, data: dict[str, Any]) -> list[str]:
    return list(instrument_changes(instrument, data))


def _normalised(value):
    if isinstance(value, dict) and "id" in value:
        return value["id"]
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if item not in ("", None)}
    return value if value not in ("", None) else None


def _update(
    *, locked: Instrument, actor: User | None, data: dict[str, Any], message: str
) -> tuple[Instrument, dict[str, list[Any]]]:
    """Apply `data` to a row the caller has locked; a revision if anything changed."""
    changes = instrument_changes(locked, data)
    if not changes:
        return locked, {}
    changed_data = {key: value for key, value in data.items() if key in changes}
    _instance, model_changes = model_update(
        instance=locked, fields=INSTRUMENT_MODEL_FIELDS, data=_model_data(changed_data), version_field="version",
        clean_exclude=_SEARCH_FIELDS,
    )
    if not model_changes:  # only the sources changed: still a new version of the record
        locked.save(update_fields=[bump_version(locked), "updated_at"])
    _write_sources(locked, changed_data)
    if locked.is_published:
        _check_publishable(locked)
    _refresh_search_text(locked)
    _record_revision(instrument=locked, actor=actor, message=message or ", ".join(changes))
    return locked, changes


@transaction.atomic
def instrument_update(
    *, instrument: Instrument, actor: User | None, data: dict[str, Any], expected_version: int,
    message: str = "",
) -> tuple[Instrument, list[str]]:
    """Apply `data`; refuse (code "stale") when someone else saved since `expected_version`.
    Returns the changed fields."""
    lock_writes()
    locked = lock_for_edit(Instrument, pk=instrument.pk, expected_version=expected_version)
    locked, changes = _update(locked=locked, actor=actor, data=data, message=message)
    if changes:
        log_action(actor=actor, verb=INSTRUMENT_UPDATED, obj=locked, data=changes)
    return locked, list(changes)


@transaction.atomic
def instrument_restore(
    *, instrument: Instrument, revision: Revision, actor: User | None, expected_version: int
) -> tuple[Instrument, list[str]]:
    """Bring the record's fields back to what `revision` recorded, as a new revision. Links and the
    published state stay as they are (each has its own action)."""
    lock_writes()
    locked = lock_for_edit(Instrument, pk=instrument.pk, expected_version=expected_version)
    snapshot = revision.snapshot
    data = data_from_json({key: snapshot[key] for key in EDITABLE_FIELDS if key in snapshot})
    locked, changes = _update(locked=locked, actor=actor, data=data,
                              message=_("Restored revision %(number)s") % {"number": revision.number})
    if changes:
        log_action(actor=actor, verb=INSTRUMENT_RESTORED, obj=locked, data={"revision": revision.number, **changes})
    return locked, list(changes)


@transaction.atomic
def instrument_set_published(*, instrument: Instrument, actor: User | None, published: bool) -> Instrument:
    lock_writes()
    locked = lock_row(Instrument, pk=instrument.pk)
    if published:
        _check_publishable(locked)
    if locked.is_published == published:
        return locked
    locked.is_published = published
    locked.save(update_fields=["is_published", bump_version(locked), "updated_at"])
    _record_revision(instrument=locked, actor=actor, message=_("Published") if published else _("Unpublished"))
    log_action(actor=actor, verb=INSTRUMENT_PUBLISHED if published else INSTRUMENT_UNPUBLISHED, obj=locked)
    return locked


# --- proposals ---------------------------------------------------------------------------------

def _name(user: User) -> str:
    return str(user)  # the profile's full name, else the e-mail address


@transaction.atomic
def proposal_submit(*, instrument: Instrument, proposer: User, data: dict[str, Any], note: str = "") -> Proposal:
    changes = changed_fields(instrument, data)
    if not changes:
        raise ServiceError(_("The proposal changes nothing."), code="unchanged")
    proposal = Proposal.objects.create(
        instrument=instrument, proposer=proposer, base_version=instrument.version,
        data=data_to_json(data), note=note,
    )
    log_action(actor=proposer, verb=PROPOSAL_SUBMITTED, obj=proposal, scope=instrument,
               data={"fields": ", ".join(changes)})
    return proposal


@transaction.atomic
def proposal_submit_new(*, proposer: User, data: dict[str, Any], note: str = "") -> Proposal:
    """A researcher proposes a record the atlas does not have; an editor accepts it as a draft."""
    if Instrument.objects.filter(country=data["country"], title__iexact=data["title"].strip()).exists():
        raise ServiceError(_("This country already has a record with this title: propose a change to "
                             "that record instead."), code="duplicate", field="title")
    proposal = Proposal.objects.create(
        instrument=None, is_new_record=True, proposer=proposer, base_version=0,
        data=data_to_json(data), note=note,
    )
    log_action(actor=proposer, verb=PROPOSAL_SUBMITTED_NEW, obj=proposal,
               data={"title": proposal.title, "country": str(data["country"])})
    return proposal


def _lock_pending(proposal: Proposal) -> Proposal:
    # Lock the proposal row only: a new-record proposal has no instrument to join (PostgreSQL refuses
    # FOR UPDATE on the nullable side of an outer join).
    locked = lock_row(Proposal.objects.select_related("instrument", "proposer__profile"), pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ServiceError(_("This proposal has already been decided."), code="decided")
    return locked


def _decide(proposal: Proposal, *, status: str, editor: User, comment: str) -> None:
    proposal.status = status
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment
    proposal.save(update_fields=["instrument", "status", "decided_by", "decided_at", "decision_comment"])


@transaction.atomic
def proposal_accept(*, proposal: Proposal, editor: User, comment: str = "") -> Proposal:
    """Apply the proposal; refused (code "stale") when the record changed after it was proposed.
    The revision's author is the proposer; the log's actor is the editor who accepted."""
    lock_writes()
    proposal = _lock_pending(proposal)
    message = _("Proposal accepted by %(editor)s (proposed by %(proposer)s)") % {
        "editor": _name(editor), "proposer": _name(proposal.proposer)}
    facts = {"proposal": proposal.pk, "proposer": _name(proposal.proposer)}
    if proposal.is_new_record:
        # A draft: the editor checks its sources and publishes it like any new record.
        proposal.instrument = _create(actor=proposal.proposer, data=data_from_json(proposal.data), publish=False,
                                      message=message)
        changes = {}
    else:
        locked = lock_for_edit(Instrument, pk=proposal.instrument_id, expected_version=proposal.base_version)
        _locked, changes = _update(locked=locked, actor=proposal.proposer, data=data_from_json(proposal.data),
                                   message=message)
    _decide(proposal, status=ProposalStatus.ACCEPTED, editor=editor, comment=comment)
    # Logged on the instrument, which it changed (a later stale refusal names this editor).
    log_action(actor=editor, verb=PROPOSAL_ACCEPTED, obj=proposal.instrument,
               data={**facts, "comment": comment, **changes})
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, editor: User, comment: str) -> Proposal:
    proposal = _lock_pending(proposal)
    if not comment.strip():
        raise ServiceError(_("Say why the proposal is rejected."), code="comment", field="comment")
    _decide(proposal, status=ProposalStatus.REJECTED, editor=editor, comment=comment)
    log_action(actor=editor, verb=PROPOSAL_REJECTED, obj=proposal, scope=proposal.instrument,
               data={"proposer": _name(proposal.proposer), "comment": comment})
    return proposal


# --- related instruments (amends / implements / replaces) ---------------------------------------

def _check_relation(*, source: Instrument, kind: str, target: Instrument) -> None:
    if kind not in RelationKind.values:
        raise ServiceError(_("Choose how the instruments are related."), code="kind")
    if source.pk is not None and target.pk == source.pk:
        raise ServiceError(_("An instrument cannot be related to itself."), code="self")
    if Relation.objects.filter(source_id=source.pk, target_id=target.pk, kind=kind).exists():
        raise ServiceError(
            _("This instrument already %(relation)s “%(title)s”.")
            % {"relation": RelationKind(kind).label, "title": target.title},
            code="duplicate",
        )


def _relation_message(template: str, kind: str, target: Instrument) -> str:
    return template % {"relation": RelationKind(kind).label, "title": target.title}


def _relation_facts(kind: str, target: Instrument) -> dict[str, Any]:
    return {"kind": kind, "target": {"id": target.pk, "repr": target.title}}


@transaction.atomic
def relation_add(
    *, instrument: Instrument, actor: User | None, kind: str, target: Instrument, expected_version: int
) -> Relation:
    """`instrument` amends / implements / replaces `target`: a change of `instrument`, with a revision."""
    lock_writes()
    locked = lock_for_edit(Instrument, pk=instrument.pk, expected_version=expected_version)
    _check_relation(source=locked, kind=kind, target=target)
    relation = Relation.objects.create(source=locked, target=target, kind=kind)
    locked.save(update_fields=[bump_version(locked), "updated_at"])
    _record_revision(instrument=locked, actor=actor,
                     message=_relation_message(_("Related instrument added: %(relation)s “%(title)s”"), kind, target))
    log_action(actor=actor, verb=RELATION_ADDED, obj=locked, data=_relation_facts(kind, target))
    return relation


@transaction.atomic
def relation_remove(
    *, instrument: Instrument, actor: User | None, relation_id: int, expected_version: int
) -> Instrument:
    lock_writes()
    locked = lock_for_edit(Instrument, pk=instrument.pk, expected_version=expected_version)
    relation = Relation.objects.select_related("target").filter(pk=relation_id, source=locked).first()
    if relation is None:
        raise ServiceError(_("This link between instruments no longer exists."), code="missing")
    relation.delete()
    locked.save(update_fields=[bump_version(locked), "updated_at"])
    _record_revision(
        instrument=locked, actor=actor,
        message=_relation_message(_("Related instrument removed: %(relation)s “%(title)s”"),
                                  relation.kind, relation.target),
    )
    log_action(actor=actor, verb=RELATION_REMOVED, obj=locked, data=_relation_facts(relation.kind, relation.target))
    return locked


@transaction.atomic
def instrument_create_with_relations(
    *, actor: User | None, data: dict[str, Any], relations: list[tuple[str, Instrument]], message: str = ""
) -> Instrument:
    """Create a draft and its links in one step; its first revision and its log entry show both."""
    lock_writes()
    instrument = _create(actor=actor, data=data, publish=False, message=message)
    for kind, target in relations:
        _check_relation(source=instrument, kind=kind, target=target)
        Relation.objects.create(source=instrument, target=target, kind=kind)
    if relations:
        revision = instrument.revisions.order_by("-number").first()
        revision.snapshot = instrument_snapshot(
            Instrument.objects.select_related("institution").prefetch_related("themes", "sources").get(
                pk=instrument.pk))
        revision.save(update_fields=["snapshot"])
    log_action(actor=actor, verb=INSTRUMENT_CREATED, obj=instrument, data={
        "published": False, "relations": [_relation_facts(kind, target) for kind, target in relations]})
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


def _institution_data(data: dict[str, Any]) -> dict[str, Any]:
    """Country codes upper-case, text stripped: what an institution stores."""
    cleaned = {key: data[key] for key in INSTITUTION_FIELDS if key in data}
    if "country" in cleaned:
        cleaned["country"] = str(cleaned["country"] or "").upper()
    return {key: value.strip() if isinstance(value, str) else value for key, value in cleaned.items()}


@transaction.atomic
def institution_create(*, actor: User | None, data: dict[str, Any]) -> Institution:
    """A new institution; bad input (unknown country, invalid web address, duplicate name) raises
    ServiceError and nothing is written."""
    lock_writes()
    institution = Institution(**_institution_data(data))
    full_clean_or_refuse(institution)
    institution.save()
    _record_institution_revision(institution=institution, actor=actor, message=_("Created"))
    log_action(actor=actor, verb=INSTITUTION_CREATED, obj=institution,
               data={"name": institution.name, "country": str(institution.country)})
    return institution


@transaction.atomic
def institution_update(
    *, institution: Institution, actor: User | None, data: dict[str, Any], expected_version: int
) -> tuple[Institution, list[str]]:
    """Apply `data`; refuse (code "stale") when someone else saved since `expected_version`.
    Returns the changed fields."""
    lock_writes()
    locked = lock_for_edit(Institution, pk=institution.pk, expected_version=expected_version)
    locked, changes = model_update(instance=locked, fields=INSTITUTION_FIELDS, data=_institution_data(data),
                                   version_field="version")
    if not changes:
        return locked, []
    if "name" in changes or "name_local" in changes:
        # Its instruments are found by the institution's names: keep their search text current.
        for instrument in locked.instruments.select_related("institution"):
            _refresh_search_text(instrument)
    _record_institution_revision(institution=locked, actor=actor, message=", ".join(changes))
    log_action(actor=actor, verb=INSTITUTION_UPDATED, obj=locked, data=changes)
    return locked, list(changes)
