"""What changed: a revision against the one before it, a proposal against the current record.
Shown as per-field line diffs (the kernel's core.diffs) on the revision and proposal pages."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ssehub.atlas.enums import RelationKind
from ssehub.atlas.models import Instrument, Proposal, Revision, Source
from ssehub.atlas.services import EDITABLE_FIELDS, data_to_json, instrument_snapshot
from ssehub.core import diffs

DIFF_FIELDS = (*EDITABLE_FIELDS, "relations", "is_published")


def field_labels() -> dict[str, str]:
    """Each field of a record's snapshot as a reader calls it, in the active language ("summary"
    was shown as it is named in the code)."""
    labels = {}
    for name in DIFF_FIELDS:
        try:
            model_field = Instrument._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if hasattr(model_field, "verbose_name"):  # not a reverse relation (sources: below)
            labels[name] = capfirst(model_field.verbose_name)
    # The form's words for the fields stored as bit masks.
    return labels | {"dimensions": _("Policy dimensions"), "entity_types": _("SSE entity types"),
                     "relations": capfirst(_("related instruments")),
                     "sources": capfirst(Source._meta.verbose_name_plural)}


def _relation_lines(relations: list[dict] | None) -> list[str]:
    # Revisions made before links were recorded have no "relations": read them as none.
    labels = dict(RelationKind.choices)
    return [f"{labels.get(item['kind'], item['kind'])}: {item['target']['title']} (#{item['target']['id']})"
            for item in relations or []]


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    """Per changed field: the lines removed and added, for the revision diff page (core.diffs)."""
    return diffs.snapshot_diff(before, after, DIFF_FIELDS, as_lines={"relations": _relation_lines},
                               labels=field_labels())


def _without_drafts(snapshots: list[dict]) -> list[dict]:
    """The snapshots with their links to records that are drafts now left out (one query)."""
    ids = {item["target"]["id"] for snapshot in snapshots for item in snapshot.get("relations") or []}
    public = set(Instrument.objects.filter(pk__in=ids, is_published=True).values_list("pk", flat=True))
    return [{**snapshot, "relations": [item for item in snapshot.get("relations") or []
                                       if item["target"]["id"] in public]} for snapshot in snapshots]


def revision_changes(revision: Revision, *, hide_drafts: bool = False) -> dict:
    """The revision's diff with the previous one, that previous revision, and whether it is the latest.
    `hide_drafts`: links to drafts are left out (for readers who may not see drafts)."""
    previous = Revision.objects.filter(instrument_id=revision.instrument_id, number__lt=revision.number).order_by(
        "-number").first()
    before, after = previous.snapshot if previous else {}, revision.snapshot
    if hide_drafts:
        before, after = _without_drafts([before, after])
    return {
        "previous": previous,
        "changes": snapshot_diff(before, after),
        "is_latest": not Revision.objects.filter(instrument_id=revision.instrument_id,
                                                 number__gt=revision.number).exists(),
    }


def proposal_changes(proposal: Proposal, instrument: Instrument | None) -> list[dict]:
    """A proposed change against the current record; a proposed new record against nothing (also once
    accepted, when `instrument` is the record it became)."""
    current = instrument_snapshot(instrument) if instrument and not proposal.is_new_record else {}
    return snapshot_diff(current, data_to_json({**current, **proposal.data}))
