"""Researchers propose records the atlas lacks; an editor accepts one as a draft or rejects it."""

import pytest

from ssehub.atlas.models import Instrument, Proposal
from ssehub.atlas.services import proposal_reject
from ssehub.core.personal_data import registered_sections
from tests.atlas.factories import make_instrument
from tests.atlas.test_editing import FORM

NEW = {**FORM, "title": "Act on the Promotion of Social Value Procurement", "note": "Found in the KLRI database."}


def test_researcher_proposes_a_new_record_without_creating_it(client, user_with_role, db):
    researcher = user_with_role("researcher")
    client.force_login(researcher)
    assert "Propose a new record" in client.get("/atlas/").content.decode()
    response = client.post("/atlas/instruments/propose/", NEW)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.is_new_record, proposal.instrument, proposal.proposer) == (True, None, researcher)
    assert proposal.data["title"] == NEW["title"]
    assert proposal.note == "Found in the KLRI database."
    assert not Instrument.objects.filter(title=NEW["title"]).exists()


def test_a_new_record_proposal_with_bad_input_writes_nothing(client, user_with_role, db):
    client.force_login(user_with_role("researcher"))
    response = client.post("/atlas/instruments/propose/", {**NEW, "title": "", "country": "XX"})
    assert response.status_code == 400
    assert "field-errors" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_record_the_atlas_already_has_is_not_proposed_again(client, user_with_role, db):
    make_instrument(title=NEW["title"], country="KR")
    client.force_login(user_with_role("researcher"))
    response = client.post("/atlas/instruments/propose/", {**NEW, "title": NEW["title"].upper()})
    assert response.status_code == 400
    assert "propose a change to that record instead" in response.content.decode()
    assert not Proposal.objects.exists()


def test_editor_accepts_a_new_record_as_a_draft_with_the_proposal_in_its_history(client, user_with_role, db):
    researcher, editor = user_with_role("researcher"), user_with_role("editor")
    client.force_login(researcher)
    client.post("/atlas/instruments/propose/", NEW)
    proposal = Proposal.objects.get()
    client.force_login(editor)
    desk = client.get("/atlas/desk/").content.decode()
    assert NEW["title"] in desk
    assert "(new record)" in desk
    review = client.get(f"/atlas/proposals/{proposal.pk}/").content.decode()
    assert "The proposed record" in review
    assert "Certification of social enterprises." in review
    response = client.post(f"/atlas/proposals/{proposal.pk}/", {"decision": "accept", "comment": "Thanks"})
    instrument = Instrument.objects.get(title=NEW["title"])
    assert response.status_code == 302
    assert response["Location"] == f"/atlas/instruments/{instrument.pk}/edit/"
    assert instrument.is_published is False
    assert instrument.sources.get().url == "https://elaw.klri.re.kr/"
    revision = instrument.revisions.get()
    assert revision.author == researcher
    assert "Proposal accepted by" in revision.message
    proposal.refresh_from_db()
    assert (proposal.status, proposal.instrument, proposal.decided_by) == ("accepted", instrument, editor)
    # Decided proposals keep their page, now linked to the record they became.
    assert f"/atlas/instruments/{instrument.pk}/" in client.get(f"/atlas/proposals/{proposal.pk}/").content.decode()


def test_editor_rejects_a_new_record_with_a_comment(client, user_with_role, db):
    client.force_login(user_with_role("researcher"))
    client.post("/atlas/instruments/propose/", NEW)
    proposal = Proposal.objects.get()
    proposal_reject(proposal=proposal, editor=user_with_role("editor"), comment="Already covered by the 2007 act.")
    assert not Instrument.objects.filter(title=NEW["title"]).exists()
    assert Proposal.objects.get().status == "rejected"


def test_other_roles_see_no_propose_link(client, user_with_role, db):
    assert "Propose a new record" not in client.get("/atlas/").content.decode()
    client.force_login(user_with_role("member"))
    assert "Propose a new record" not in client.get("/atlas/").content.decode()
    client.force_login(user_with_role("editor"))
    page = client.get("/atlas/").content.decode()
    assert "Propose a new record" not in page
    assert "Add a record" in page


def test_personal_data_export_lists_new_record_proposals(client, user_with_role, db):
    researcher = user_with_role("researcher")
    client.force_login(researcher)
    client.post("/atlas/instruments/propose/", NEW)
    data = registered_sections()["atlas"](user=researcher)
    assert data["proposals"][0]["instrument"] == NEW["title"]
    assert data["proposals"][0]["new_record"] is True


DESK_QUERIES = 7
HISTORY_QUERIES = 9


@pytest.mark.parametrize("count", [1, 30])
def test_desk_and_history_query_counts_are_the_same_for_1_and_30(client, user_with_role, db, count,
                                                                  django_assert_num_queries):
    from ssehub.atlas.forms import ProposalForm
    from ssehub.atlas.services import instrument_update, proposal_submit, proposal_submit_new

    researcher = user_with_role("researcher")
    instrument = make_instrument()
    form = ProposalForm(NEW)
    assert form.is_valid(), form.errors
    data = form.instrument_data()
    data.pop("note")
    for number in range(count):
        proposal_submit_new(proposer=researcher, data={**data, "title": f"Proposed act {number}"})
        proposal_submit(instrument=instrument, proposer=researcher, data={"summary": f"Summary {number}"})
        instrument, _changed = instrument_update(instrument=instrument, actor=researcher,
                                                 data={"summary": f"Edited {number}"},
                                                 expected_version=instrument.version)
    client.force_login(user_with_role("editor"))
    client.get(f"/atlas/instruments/{instrument.pk}/history/")  # warms the content-type cache
    with django_assert_num_queries(DESK_QUERIES):
        page = client.get("/atlas/desk/").content.decode()
    assert page.count("(new record)") == count
    assert all(f"Proposed act {number}</a>" in page for number in range(count))
    with django_assert_num_queries(HISTORY_QUERIES):
        page = client.get(f"/atlas/instruments/{instrument.pk}/history/").content.decode()
    # The first revision and one per edit; in the activity, the creation, each proposal and each edit.
    assert [number for number in range(1, count + 3)
            if f'href="/atlas/instruments/{instrument.pk}/history/{number}/"' in page] == list(range(1, count + 2))
    assert page.count('class="activity-entry"') == 1 + 2 * count
