"""Editors edit and publish, researchers propose, every change leaves a revision, no silent overwrite."""

import pytest

from ssehub.atlas.models import Instrument, Proposal, Revision
from ssehub.atlas.services import (
    instrument_set_published,
    instrument_update,
    proposal_accept,
    proposal_reject,
    proposal_submit,
)
from ssehub.core.errors import ServiceError
from tests.atlas.factories import make_instrument
from tests.factories import make_user

FORM = {
    "title": "Social Enterprise Promotion Act", "title_local": "사회적기업 육성법", "title_local_language": "ko",
    "country": "KR", "type": "law", "status": "in_force", "level": "national", "place": "",
    "year_adopted": "2007", "year_in_force": "2007", "dimensions": ["legal_framework"],
    "entity_types": ["social_enterprise"], "summary": "Certification of social enterprises.",
    "sources": "KLRI eLaw | https://elaw.klri.re.kr/ | 2024-05-01",
}


def test_editor_creates_a_draft_then_publishes(client, user_with_role, db):
    editor = user_with_role("editor")
    client.force_login(editor)
    response = client.post("/atlas/instruments/new/", FORM)
    instrument = Instrument.objects.get(title="Social Enterprise Promotion Act")
    assert response.status_code == 302
    assert instrument.is_published is False
    assert instrument.sources.get().accessed_on.isoformat() == "2024-05-01"
    client.post(f"/atlas/instruments/{instrument.pk}/publish/", {"publish": "1"})
    instrument.refresh_from_db()
    assert instrument.is_published is True
    assert list(instrument.revisions.values_list("number", "author")) == [(2, editor.pk), (1, editor.pk)]


def test_publishing_without_a_source_is_refused(db, user_with_role):
    instrument = make_instrument(publish=False, sources=[])
    with pytest.raises(ServiceError):
        instrument_set_published(instrument=instrument, actor=user_with_role("editor"), published=True)
    instrument.refresh_from_db()
    assert instrument.is_published is False


def test_removing_the_last_source_of_a_published_record_is_refused(db):
    instrument = make_instrument()
    with pytest.raises(ServiceError):
        instrument_update(instrument=instrument, actor=None, data={"sources": []}, expected_version=1)
    assert instrument.sources.count() == 1


def test_stale_edit_is_refused_not_overwritten_and_names_who_saved(client, user_with_role, db):
    instrument = make_instrument(title="Original")
    first = make_user("editor", full_name="Ana First")
    instrument_update(instrument=instrument, actor=first, data={"title": "First editor's title"}, expected_version=1)
    client.force_login(user_with_role("editor"))
    response = client.post(f"/atlas/instruments/{instrument.pk}/edit/", {**FORM, "title": "Second", "version": "1"})
    instrument.refresh_from_db()
    assert response.status_code == 409  # as every other form (was 200)
    page = response.content.decode()
    assert "Ana First changed this at" in page
    assert "after you opened it" in page
    assert instrument.title == "First editor's title"


def test_stale_update_raises_in_the_service(db):
    instrument = make_instrument()
    with pytest.raises(ServiceError) as refused:
        instrument_update(instrument=instrument, actor=None, data={"title": "x"}, expected_version=7)
    assert refused.value.code == "stale"


def test_researcher_proposal_accepted_by_editor_appears_in_history(client, user_with_role, db):
    researcher, editor = user_with_role("researcher"), user_with_role("editor")
    instrument = make_instrument(summary="Old summary.")
    client.force_login(researcher)
    form = {**FORM, "summary": "A clearer summary.", "version": "1", "note": "Clarified."}
    assert client.post(f"/atlas/instruments/{instrument.pk}/propose/", form).status_code == 302
    instrument.refresh_from_db()
    assert instrument.summary == "Old summary."  # unchanged until an editor accepts
    proposal = Proposal.objects.get()
    client.force_login(editor)
    response = client.post(f"/atlas/proposals/{proposal.pk}/", {"decision": "accept", "comment": "Thanks"})
    assert response.status_code == 302
    instrument.refresh_from_db()
    proposal.refresh_from_db()
    assert instrument.summary == "A clearer summary."
    assert proposal.status == "accepted"
    revision = instrument.revisions.first()
    assert revision.author == researcher
    assert "Proposal accepted" in revision.message
    diff = client.get(f"/atlas/instruments/{instrument.pk}/history/{revision.number}/").content.decode()
    assert "<ins>+A clearer summary.</ins>" in diff


def test_rejection_needs_a_comment(db, user_with_role):
    instrument = make_instrument()
    proposal = proposal_submit(instrument=instrument, proposer=user_with_role("researcher"), data={"summary": "New"})
    with pytest.raises(ServiceError):
        proposal_reject(proposal=proposal, editor=user_with_role("editor"), comment=" ")
    rejected = proposal_reject(proposal=proposal, editor=user_with_role("editor"), comment="Not supported by the source")
    assert rejected.status == "rejected"
    instrument.refresh_from_db()
    assert instrument.summary != "New"


def test_proposal_on_a_changed_record_cannot_be_accepted(db, user_with_role):
    instrument = make_instrument()
    proposal = proposal_submit(instrument=instrument, proposer=user_with_role("researcher"), data={"summary": "New"})
    instrument_update(instrument=instrument, actor=None, data={"title": "Changed meanwhile"}, expected_version=1)
    with pytest.raises(ServiceError) as refused:
        proposal_accept(proposal=proposal, editor=user_with_role("editor"))
    assert refused.value.code == "stale"
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_empty_proposal_is_refused(db, user_with_role):
    instrument = make_instrument()
    with pytest.raises(ServiceError):
        proposal_submit(instrument=instrument, proposer=user_with_role("researcher"),
                        data={"summary": instrument.summary})


def test_every_change_keeps_a_revision_with_a_snapshot(db):
    instrument = make_instrument(title="One")
    instrument_update(instrument=instrument, actor=None, data={"title": "Two"}, expected_version=1)
    snapshots = [r.snapshot["title"] for r in Revision.objects.filter(instrument=instrument).order_by("number")]
    assert snapshots == ["One", "Two"]


def test_unchanged_save_makes_no_revision(db):
    instrument = make_instrument(title="Same")
    _instrument, changed = instrument_update(instrument=instrument, actor=None, data={"title": "Same"},
                                             expected_version=1)
    assert changed == []
    assert instrument.revisions.count() == 1


def test_personal_data_export_lists_revisions_and_proposals(db, user_with_role):
    from ssehub.core.personal_data import registered_sections

    researcher = user_with_role("researcher")
    instrument = make_instrument(actor=researcher)
    proposal_submit(instrument=instrument, proposer=researcher, data={"summary": "Mine."}, note="My note")
    data = registered_sections()["atlas"](user=researcher)
    assert [r["number"] for r in data["revisions"]] == [1]
    assert [(p["note"], p["changes"]) for p in data["proposals"]] == [("My note", {"summary": "Mine."})]
