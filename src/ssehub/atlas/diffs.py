"""What changed: a revision against the one before it, a proposal against the current record.
Shown as per-field line diffs (difflib) on the revision and proposal pages."""

import difflib
import json

from ssehub.atlas.enums import RelationKind
from ssehub.atlas.models import Instrument, Proposal, Revision
from ssehub.atlas.services import EDITABLE_FIELDS, data_to_json, instrument_snapshot


def _lines(value) -> list[str]:
    if value is None:  # an empty field, or a field of a record proposed new
        return [""]
    if isinstance(value, str):
        return value.splitlines() or [""]
    return json.dumps(value, ensure_ascii=False, indent=1).splitlines()


def _relation_lines(relations: list[dict]) -> list[str]:
    labels = dict(RelationKind.choices)
    return [f"{labels.get(item['kind'], item['kind'])}: {item['target']['title']} (#{item['target']['id']})"
            for item in relations]


def snapshot_diff(before: dict, after: dict) -> list[dict]:
    """Per changed field: the lines removed and added (difflib), for the revision diff page."""
    changes = []
    for key in (*EDITABLE_FIELDS, "relations", "is_published"):
        old, new = before.get(key), after.get(key)
        if key == "relations":
            # Revisions made before links were recorded have no "relations": read them as none.
            old, new = _relation_lines(old or []), _relation_lines(new or [])
        if old == new:
            continue
        if key == "relations":
            old_lines, new_lines = old or [""], new or [""]
        else:
            old_lines, new_lines = _lines(old), _lines(new)
        diff = list(difflib.unified_diff(old_lines, new_lines, lineterm="", n=1))[2:]
        changes.append({
            "field": key,
            "lines": [{"kind": {"+": "added", "-": "removed", "@": "context"}.get(line[:1], "same"), "text": line}
                      for line in diff],
        })
    return changes


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
