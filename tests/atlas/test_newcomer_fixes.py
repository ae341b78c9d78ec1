"""Search defaults, drafts for editors, numbers in XLSX, country names in the reader's language,
drafts private on every page, and one status for an edit conflict."""

import io

import pytest
from openpyxl import load_workbook

from ssehub.atlas.exchange import COLUMNS, export_xlsx
from ssehub.atlas.models import Instrument
from ssehub.atlas.services import instrument_update, proposal_submit
from tests.atlas.factories import make_institution, make_instrument
from tests.factories import make_user

# --- 5. with words, best match first --------------------------------------------------------------

def test_the_sort_list_without_words_does_not_carry_title_into_a_search(client, db):
    make_instrument(title="Cooperative act")
    page = client.get("/atlas/").content.decode()
    assert '<option value="" selected>Title (A to Z)</option>' in page
    assert 'value="title"' not in page  # pressing Enter after typing words would send sort=title
    words = client.get("/atlas/", {"q": "cooperative", "sort": ""})
    assert words.context["params"].sort == "relevance"
    assert '<option value="" selected>Best match</option>' in words.content.decode()


def test_a_sort_chosen_with_words_stays_chosen(client, db):
    make_instrument(title="Cooperative act")
    page = client.get("/atlas/", {"q": "cooperative", "sort": "title"}).content.decode()
    assert '<option value="title" selected>Title (A to Z)</option>' in page
    assert '<option value="">Best match</option>' in page


# --- 3. editors find drafts -------------------------------------------------------------------------

@pytest.mark.parametrize("words", ["", "cooperative"])
def test_editors_find_drafts_on_the_search_page(client, user_with_role, db, words):
    make_instrument(title="Published cooperative act")
    make_instrument(title="Draft cooperative act", publish=False)
    client.force_login(user_with_role("editor"))
    page = client.get("/atlas/", {"q": words})
    assert 'name="drafts" value="1" id="id_drafts"' in page.content.decode()
    assert [i.title for i in page.context["page"].object_list] == ["Published cooperative act"]
    drafts = client.get("/atlas/", {"q": words, "drafts": "1"})
    assert [i.title for i in drafts.context["page"].object_list] == ["Draft cooperative act"]
    assert drafts.context["facets"]["total"] == 1


@pytest.mark.parametrize("role", ["anonymous", "researcher"])
def test_others_never_see_drafts_nor_the_switch(client, user_with_role, db, role):
    make_instrument(title="Published cooperative act")
    make_instrument(title="Draft cooperative act", publish=False)
    if role != "anonymous":
        client.force_login(user_with_role(role))
    page = client.get("/atlas/", {"drafts": "1"})
    assert [i.title for i in page.context["page"].object_list] == ["Published cooperative act"]
    assert 'name="drafts"' not in page.content.decode()
    exported = client.get("/atlas/export.json", {"drafts": "1"}).json()
    assert [record["title"] for record in exported["records"]] == ["Published cooperative act"]


# --- 6. numbers are numbers in XLSX ------------------------------------------------------------------

def test_xlsx_export_writes_the_year_as_a_number(db):
    make_instrument(year_adopted=2012)
    sheet = load_workbook(io.BytesIO(export_xlsx(Instrument.objects.prefetch_related("sources")))).worksheets[0]
    year = sheet.cell(row=2, column=COLUMNS.index("year") + 1)
    assert (year.value, year.data_type) == (2012, "n")
    assert sheet.cell(row=2, column=COLUMNS.index("title") + 1).data_type == "s"


# --- 7. country names in the interface language ---------------------------------------------------

NAMES = {"ms": "Korea Selatan", "fil": "Timog Korea", "ko": "대한민국"}


@pytest.mark.parametrize("language", ["ms", "fil", "ko"])
def test_country_names_follow_the_interface_language(client, db, language):
    instrument = make_instrument(country="KR", title="Cooperative act")
    institution = make_institution(country="KR", name="Ministry of Economy and Finance")
    client.cookies["ssehub_language"] = language
    name = NAMES[language]
    search = client.get("/atlas/")
    assert [value.label for value in search.context["facets"]["country"]] == [name]
    assert f'<p class="meta">{name} ·' in search.content.decode()
    assert name in client.get(f"/atlas/instruments/{instrument.pk}/").content.decode()
    assert name in client.get(f"/atlas/institutions/{institution.pk}/").content.decode()
    assert name in client.get("/atlas/countries/KR/").content.decode()
    assert name in client.get("/atlas/compare/").content.decode()
    exported = client.get("/atlas/export.csv").content.decode("utf-8-sig")
    assert exported.splitlines()[1] == ",".join(COLUMNS)
    assert exported.splitlines()[2].startswith("KR,")


def test_the_country_list_of_the_editor_form_follows_the_interface_language(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    client.cookies["ssehub_language"] = "ms"
    page = client.get("/atlas/instruments/new/").content.decode()
    assert '<option value="KR">Korea Selatan</option>' in page
    assert '<option value="PH">Filipina</option>' in page


# --- 10. drafts stay private on every path ------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "history/", "history/1/", "propose/"])
def test_a_researcher_gets_404_on_every_page_of_a_draft(client, db, path):
    draft = make_instrument(title="Secret draft", publish=False)
    client.force_login(make_user("researcher"))
    response = client.get(f"/atlas/instruments/{draft.pk}/{path}")
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()


@pytest.mark.parametrize("path", ["", "history/", "history/1/"])
def test_an_editor_still_reads_every_page_of_a_draft(client, user_with_role, db, path):
    draft = make_instrument(title="Secret draft", publish=False)
    client.force_login(user_with_role("editor"))
    response = client.get(f"/atlas/instruments/{draft.pk}/{path}")
    assert response.status_code == 200
    assert "Secret draft" in response.content.decode()


def test_a_researcher_still_reads_the_history_of_a_published_record(client, db):
    instrument = make_instrument(title="Public record")
    client.force_login(make_user("researcher"))
    assert client.get(f"/atlas/instruments/{instrument.pk}/history/1/").status_code == 200


# --- 11. one status for a conflict ------------------------------------------------------------------

def test_a_stale_proposal_decision_answers_409(client, user_with_role, db):
    instrument = make_instrument(title="Original")
    researcher = make_user("researcher")
    proposal = proposal_submit(instrument=instrument, proposer=researcher, data={"title": "Proposed"})
    instrument_update(instrument=instrument, actor=None, data={"title": "Changed meanwhile"}, expected_version=1)
    client.force_login(user_with_role("editor"))
    response = client.post(f"/atlas/proposals/{proposal.pk}/", {"decision": "accept", "comment": ""})
    assert response.status_code == 409
    assert "The record changed after this proposal was made." in response.content.decode()


def test_a_published_record_s_history_does_not_name_a_linked_draft(client, user_with_role, db):
    from ssehub.atlas.services import relation_add

    instrument = make_instrument(title="Public record")
    draft = make_instrument(title="Secret draft", publish=False)
    editor = user_with_role("editor")
    relation_add(instrument=instrument, actor=editor, kind="amends", target=draft, expected_version=1)
    number = instrument.revisions.order_by("-number").first().number
    client.force_login(make_user("researcher"))
    for path in ("history/", f"history/{number}/"):
        page = client.get(f"/atlas/instruments/{instrument.pk}/{path}")
        assert page.status_code == 200
        assert "Secret draft" not in page.content.decode()
    client.force_login(editor)
    assert "Secret draft" in client.get(f"/atlas/instruments/{instrument.pk}/history/{number}/").content.decode()
