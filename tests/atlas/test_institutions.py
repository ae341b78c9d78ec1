"""Editors create and edit institutions on their own pages; stale edits are refused, edits are recorded."""

import re

import pytest

from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.search import filter_text
from ssehub.atlas.services import institution_update
from tests.atlas.factories import make_institution, make_instrument
from tests.atlas.test_editing import FORM
from tests.factories import make_user

NEW = {
    "name": "Ministry of Cooperatives and SMEs", "name_local": "Kementerian Koperasi dan UKM", "country": "ID",
    "kind": "ministry", "role": "Registers and supervises cooperatives.", "website": "https://kemenkopukm.go.id/",
}


@pytest.fixture
def editor_client(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    return client


def test_editor_creates_an_institution_with_a_revision(editor_client):
    response = editor_client.post("/atlas/institutions/new/", NEW)
    institution = Institution.objects.get(name=NEW["name"])
    revision = institution.revisions.get()
    assert response.status_code == 302
    assert response["Location"] == f"/atlas/institutions/{institution.pk}/"
    assert (str(institution.country), institution.kind, institution.version) == ("ID", "ministry", 1)
    assert (revision.number, revision.snapshot["name_local"]) == (1, "Kementerian Koperasi dan UKM")


def test_new_institution_can_be_chosen_in_the_instrument_editor(editor_client):
    editor_client.post("/atlas/institutions/new/", NEW)
    institution = Institution.objects.get(name=NEW["name"])
    assert NEW["name"] in editor_client.get("/atlas/instruments/new/").content.decode()
    response = editor_client.post("/atlas/instruments/new/", {**FORM, "institution": str(institution.pk)})
    assert response.status_code == 302
    assert Instrument.objects.get(title=FORM["title"]).institution == institution


@pytest.mark.parametrize(("field", "value", "message"), [
    ("website", "not a web address", "Enter a valid URL."),
    ("country", "XX", "Select a valid choice. XX is not one of the available choices."),
    ("kind", "club", "Select a valid choice. club is not one of the available choices."),
    ("name", "", "This field is required."),
])
def test_institution_with_bad_input_is_refused(editor_client, field, value, message):
    response = editor_client.post("/atlas/institutions/new/", {**NEW, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Institution.objects.count() == 0


def test_duplicate_institution_in_a_country_is_refused(editor_client):
    make_institution(country="ID", name=NEW["name"])
    response = editor_client.post("/atlas/institutions/new/", NEW)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Institution.objects.count() == 1


def test_editor_edits_an_institution_and_its_instruments_are_found_by_the_new_name(editor_client):
    institution = make_institution(name="Old name")
    instrument = make_instrument(institution=institution)
    response = editor_client.post(f"/atlas/institutions/{institution.pk}/edit/",
                                  {**NEW, "country": "KR", "name": "Cooperative Promotion Board", "version": "1"})
    institution.refresh_from_db()
    assert response.status_code == 302
    assert (institution.name, institution.version) == ("Cooperative Promotion Board", 2)
    assert institution.revisions.first().message == "name, name_local, role, website"
    assert list(filter_text(Instrument.objects.all(), "promotion board")) == [instrument]
    assert list(filter_text(Instrument.objects.all(), "old name")) == []


def test_edit_with_bad_input_is_refused_and_changes_nothing(editor_client):
    institution = make_institution(name="Kept name")
    response = editor_client.post(f"/atlas/institutions/{institution.pk}/edit/",
                                  {**NEW, "name": "Changed", "website": "ftp:/broken", "version": "1"})
    institution.refresh_from_db()
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert "<p><a href=\"/atlas/institutions/" in response.content.decode()
    assert (institution.name, institution.version, institution.revisions.count()) == ("Kept name", 1, 0)


def test_stale_institution_edit_is_refused(editor_client):
    institution = make_institution(name="Original")
    institution_update(institution=institution, actor=make_user("editor", full_name="Bo Other"),
                       data={"name": "First editor's name"}, expected_version=1)
    response = editor_client.post(f"/atlas/institutions/{institution.pk}/edit/",
                                  {**NEW, "country": "KR", "name": "Second", "version": "1"})
    institution.refresh_from_db()
    assert response.status_code == 409
    assert "Bo Other changed this at" in response.content.decode()
    assert (institution.name, institution.version) == ("First editor's name", 2)


def test_unchanged_institution_save_records_nothing(editor_client):
    institution = make_institution(**{**NEW, "country": "ID"})
    response = editor_client.post(f"/atlas/institutions/{institution.pk}/edit/", {**NEW, "version": "1"})
    institution.refresh_from_db()
    assert response.status_code == 302
    assert (institution.version, institution.revisions.count()) == (1, 0)


def test_edit_page_shows_the_institution_history(editor_client):
    institution = make_institution(name="Original")
    institution_update(institution=institution, actor=None, data={"role": "Funds cooperatives."}, expected_version=1)
    page = editor_client.get(f"/atlas/institutions/{institution.pk}/edit/").content.decode()
    assert "Revision 1" in page
    assert 'name="version" value="2"' in page


def test_institution_page_shows_edit_link_to_editors_only(client, user_with_role, db):
    institution = make_institution()
    edit_link = f'href="/atlas/institutions/{institution.pk}/edit/"'
    assert edit_link not in client.get(f"/atlas/institutions/{institution.pk}/").content.decode()
    client.force_login(user_with_role("researcher"))
    assert edit_link not in client.get(f"/atlas/institutions/{institution.pk}/").content.decode()
    client.force_login(user_with_role("editor"))
    assert edit_link in client.get(f"/atlas/institutions/{institution.pk}/").content.decode()


@pytest.mark.parametrize("edits", [1, 40])
def test_institution_edit_page_query_count_is_the_same_for_1_and_40(editor_client, edits, django_assert_num_queries):
    institution, author = make_institution(name="Edited often"), make_user("editor", full_name="Ola Author")
    for number in range(edits):
        institution = institution_update(institution=institution, actor=author, data={"role": f"Role {number}"},
                                         expected_version=institution.version)[0]
    with django_assert_num_queries(8):
        page = editor_client.get(f"/atlas/institutions/{institution.pk}/edit/").content.decode()
    shown = list(range(edits, max(edits - 20, 0), -1))  # the latest twenty, newest first
    assert [int(number) for number in re.findall(r"Revision (\d+)</th>", page)] == shown
    assert page.count("Ola Author") == len(shown)
