"""Editors restore an earlier revision's fields; the restore is itself a revision."""

import pytest

from ssehub.atlas.models import Instrument, Relation, Revision
from ssehub.atlas.services import instrument_set_published, instrument_update, relation_add
from tests.atlas.factories import make_instrument
from tests.factories import make_user


@pytest.fixture
def editor_client(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    return client


def _edited(instrument: Instrument, actor=None, **data) -> Instrument:
    instrument, _changed = instrument_update(instrument=instrument, actor=actor, data=data,
                                             expected_version=instrument.version)
    return instrument


def test_editor_restores_an_earlier_revision_as_a_new_one(editor_client):
    instrument = make_instrument(title="Original title", summary="First summary.")
    instrument = _edited(instrument, title="Changed title", summary="Second summary.", dimensions=["finance"])
    page = editor_client.get(f"/atlas/instruments/{instrument.pk}/history/1/").content.decode()
    assert "Restore revision 1" in page
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/",
                                  {"version": str(instrument.version)})
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert (instrument.title, instrument.summary, instrument.dimensions) == (
        "Original title", "First summary.", ["legal_framework"])
    latest = instrument.revisions.order_by("-number").first()
    assert (latest.number, latest.message) == (3, "Restored revision 1")
    assert instrument.search_text.startswith("original title")  # the search follows the restore


def test_restore_keeps_links_and_the_published_state(editor_client, user_with_role):
    instrument, target = make_instrument(title="Original"), make_instrument()
    instrument = _edited(instrument, title="Changed")
    relation_add(instrument=instrument, actor=None, kind="amends", target=target, expected_version=instrument.version)
    instrument.refresh_from_db()
    instrument = instrument_set_published(instrument=instrument, actor=user_with_role("editor"), published=False)
    instrument.refresh_from_db()
    editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/", {"version": str(instrument.version)})
    instrument.refresh_from_db()
    assert instrument.title == "Original"
    assert instrument.is_published is False
    assert Relation.objects.filter(source=instrument, target=target).exists()


def test_a_stale_restore_is_refused(editor_client):
    instrument = _edited(make_instrument(title="Original"), actor=make_user("editor", full_name="Bo Other"),
                         title="Changed")
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/",
                                  {"version": str(instrument.version - 1)})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bo Other changed this at" in page
    assert "Look at the latest revision before restoring." in page
    assert Instrument.objects.get(pk=instrument.pk).title == "Changed"


def test_restoring_what_the_record_already_says_adds_nothing(editor_client):
    instrument = make_instrument()
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/",
                                  {"version": str(instrument.version)}, follow=True)
    assert "The record already matches revision 1." in response.content.decode()
    assert Revision.objects.filter(instrument=instrument).count() == 1


def test_a_published_record_cannot_go_back_to_a_version_without_a_web_source(editor_client, user_with_role):
    instrument = make_instrument(title="Draft first", publish=False,
                                 sources=[{"title": "Gazette in print", "url": "", "accessed_on": None}])
    instrument = _edited(instrument, sources=[{"title": "Gazette", "url": "https://example.org/g", "accessed_on": None}])
    instrument = instrument_set_published(instrument=instrument, actor=user_with_role("editor"), published=True)
    instrument.refresh_from_db()
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/",
                                  {"version": str(instrument.version)})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Instrument.objects.get(pk=instrument.pk).sources.get().url == "https://example.org/g"


def test_bad_input_and_the_latest_revision(editor_client, client, user_with_role):
    instrument = _edited(make_instrument(title="Original"), title="Changed")
    assert editor_client.post(f"/atlas/instruments/{instrument.pk}/history/1/restore/",
                              {"version": "x"}).status_code == 400
    latest = editor_client.get(f"/atlas/instruments/{instrument.pk}/history/2/").content.decode()
    assert "Restore revision" not in latest
    client.force_login(user_with_role("researcher"))
    assert "Restore revision" not in client.get(f"/atlas/instruments/{instrument.pk}/history/1/").content.decode()
