"""Every atlas write leaves an action-log entry with the actor and the change; editors read a
record's log on its history page."""

import pytest

from ssehub.atlas.exchange import import_file
from ssehub.atlas.forms import ProposalForm
from ssehub.atlas.models import Instrument
from ssehub.atlas.services import (
    institution_create,
    institution_update,
    instrument_restore,
    instrument_set_published,
    instrument_update,
    proposal_accept,
    proposal_reject,
    proposal_submit,
    proposal_submit_new,
    relation_add,
    relation_remove,
)
from ssehub.core.actionlog import entries_filtered, entries_for_object
from ssehub.core.models import ActionLogEntry
from tests.atlas.factories import make_institution, make_instrument
from tests.atlas.test_exchange import GOOD, _csv
from tests.atlas.test_new_record_proposals import NEW
from tests.factories import make_user


def _log(obj) -> list[tuple[str, str]]:
    """(verb, actor's name) of the entries scoped to `obj`, oldest first."""
    return [(entry.verb, entry.actor_name()) for entry in reversed(entries_filtered(scope=obj))]


@pytest.fixture
def editor(db):
    return make_user("editor", full_name="Eda Editor")


@pytest.fixture
def researcher(db):
    return make_user("researcher", full_name="Rex Researcher")


def test_every_change_of_an_instrument_is_logged_with_its_actor(editor):
    instrument = make_instrument(actor=editor, title="Original", publish=False)
    target = make_instrument(title="Target act")
    instrument, _changed = instrument_update(instrument=instrument, actor=editor, data={"title": "Changed"},
                                             expected_version=1)
    instrument = instrument_set_published(instrument=instrument, actor=editor, published=True)
    relation = relation_add(instrument=instrument, actor=editor, kind="amends", target=target,
                            expected_version=instrument.version)
    instrument = relation_remove(instrument=instrument, actor=editor, relation_id=relation.pk,
                                 expected_version=instrument.version + 1)
    instrument = instrument_set_published(instrument=instrument, actor=editor, published=False)
    instrument, _changed = instrument_restore(instrument=instrument, revision=instrument.revisions.get(number=1),
                                              actor=editor, expected_version=instrument.version)
    assert _log(instrument) == [
        ("atlas.instrument.create", "Eda Editor"),
        ("atlas.instrument.update", "Eda Editor"),
        ("atlas.instrument.publish", "Eda Editor"),
        ("atlas.relation.add", "Eda Editor"),
        ("atlas.relation.remove", "Eda Editor"),
        ("atlas.instrument.unpublish", "Eda Editor"),
        ("atlas.instrument.restore", "Eda Editor"),
    ]
    update, restore = (entries_for_object(instrument).get(verb=verb) for verb in
                       ("atlas.instrument.update", "atlas.instrument.restore"))
    assert update.data == {"title": ["Original", "Changed"]}
    assert restore.data == {"revision": 1, "title": ["Changed", "Original"]}
    added = entries_for_object(instrument).get(verb="atlas.relation.add")
    assert added.data == {"kind": "amends", "target": {"id": target.pk, "repr": "Target act"}}


def test_a_refused_or_unchanged_write_logs_nothing(editor):
    instrument = make_instrument(actor=editor, title="Same")
    before = ActionLogEntry.objects.count()
    instrument_update(instrument=instrument, actor=editor, data={"title": "Same"}, expected_version=1)
    with pytest.raises(Exception, match="after you opened it"):
        instrument_update(instrument=instrument, actor=editor, data={"title": "Other"}, expected_version=9)
    with pytest.raises(Exception, match="without at least one source"):
        instrument_update(instrument=instrument, actor=editor, data={"sources": []}, expected_version=1)
    assert ActionLogEntry.objects.count() == before


def test_proposals_are_logged_in_the_record_log(editor, researcher):
    instrument = make_instrument(summary="Old.")
    accepted = proposal_submit(instrument=instrument, proposer=researcher, data={"summary": "New."})
    rejected = proposal_submit(instrument=instrument, proposer=researcher, data={"title": "Unsupported"})
    proposal_accept(proposal=accepted, editor=editor, comment="Thanks")
    proposal_reject(proposal=rejected, editor=editor, comment="No source says so")
    assert _log(instrument)[1:] == [
        ("atlas.proposal.submit", "Rex Researcher"),
        ("atlas.proposal.submit", "Rex Researcher"),
        ("atlas.proposal.accept", "Eda Editor"),
        ("atlas.proposal.reject", "Eda Editor"),
    ]
    accept = entries_for_object(instrument).get(verb="atlas.proposal.accept")
    assert accept.data == {"proposal": accepted.pk, "proposer": "Rex Researcher", "comment": "Thanks",
                           "summary": ["Old.", "New."]}


def test_a_new_record_proposal_is_logged_and_its_acceptance_on_the_new_record(editor, researcher):
    form = ProposalForm(NEW)
    assert form.is_valid(), form.errors
    data = form.instrument_data()
    data.pop("note")
    proposal = proposal_submit_new(proposer=researcher, data=data)
    assert _log(proposal) == [("atlas.proposal.submit_new", "Rex Researcher")]
    proposal = proposal_accept(proposal=proposal, editor=editor)
    assert _log(proposal.instrument) == [("atlas.proposal.accept", "Eda Editor")]


def test_institution_changes_are_logged_with_the_change(editor):
    institution = institution_create(actor=editor, data={"name": " Council ", "country": "kr", "kind": "council"})
    institution, changed = institution_update(institution=institution, actor=editor,
                                              data={"role": "Advises.", "name": "Council"}, expected_version=1)
    assert changed == ["role"]
    assert _log(institution) == [("atlas.institution.create", "Eda Editor"),
                                 ("atlas.institution.update", "Eda Editor")]
    assert entries_for_object(institution).first().data == {"role": ["", "Advises."]}


def test_an_import_is_one_entry_with_its_counts_and_the_editor(editor):
    make_institution(country="KR", name="Ministry of Economy and Finance")
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=True)
    assert not ActionLogEntry.objects.filter(verb="atlas.import").exists()  # a preview writes nothing
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=False)
    import_file(name="atlas.csv", raw=_csv(GOOD.replace("2012", "2011")), actor=editor, dry_run=False)
    entries = ActionLogEntry.objects.filter(verb="atlas.import").order_by("id")
    assert [(entry.actor_name(), entry.data) for entry in entries] == [
        ("Eda Editor", {"created": 1, "updated": 0, "unchanged": 0, "new_institutions": 0}),
        ("Eda Editor", {"created": 0, "updated": 1, "unchanged": 0, "new_institutions": 0}),
    ]
    instrument = Instrument.objects.get()
    # Besides the import's one entry, each record has its own, as one made or changed in a form: its
    # Activity starts with its creation by the editor (it was empty: found by a new user's trial).
    assert _log(instrument) == [("atlas.instrument.create", "Eda Editor"), ("atlas.instrument.update", "Eda Editor")]
    created = ActionLogEntry.objects.get(verb="atlas.instrument.create")
    assert (created.object_repr, created.data) == (instrument.title, {"published": True})
    first = instrument.revisions.get(number=1)
    assert (first.author, first.message) == (editor, "Imported")


def test_history_page_shows_the_activity(client, editor):
    instrument = make_instrument(actor=editor, title="Original", publish=False)
    instrument_update(instrument=instrument, actor=editor, data={"title": "Changed"}, expected_version=1)
    client.force_login(editor)
    page = client.get(f"/atlas/instruments/{instrument.pk}/history/").content.decode()
    activity = page[page.index('id="activity"'):]
    assert activity.count('class="activity-entry"') == 2
    assert "Changed an atlas record" in activity
    assert "title: Original → Changed" in activity
    assert "Eda Editor" in activity


@pytest.mark.parametrize("edits", [1, 20])
def test_history_page_query_count_is_the_same_for_1_and_20_entries(client, editor, edits,
                                                                   django_assert_num_queries):
    instrument = make_instrument(actor=editor, title="Edited")
    for number in range(edits - 1):
        instrument, _changed = instrument_update(instrument=instrument, actor=editor,
                                                 data={"summary": f"Summary {number}"},
                                                 expected_version=instrument.version)
    client.force_login(editor)
    client.get(f"/atlas/instruments/{instrument.pk}/history/")  # warms the content-type cache
    # session, user, profile, groups, MFA; the instrument (permission, page); the log; the revisions
    with django_assert_num_queries(9):
        page = client.get(f"/atlas/instruments/{instrument.pk}/history/").content.decode()
    assert page.count('class="activity-entry"') == edits
    assert [number for number in range(1, edits + 2)
            if f'href="/atlas/instruments/{instrument.pk}/history/{number}/"' in page] == list(range(1, edits + 1))
