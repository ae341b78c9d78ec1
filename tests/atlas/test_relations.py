"""Editors link instruments (amends / implements / replaces) from the instrument editor."""

import pytest

from ssehub.atlas.forms import RELATION_TARGET_LIMIT
from ssehub.atlas.models import Instrument, Relation
from ssehub.atlas.services import instrument_update, relation_add
from ssehub.core.errors import ServiceError
from tests.atlas.factories import make_instrument
from tests.atlas.test_editing import FORM
from tests.factories import make_user


@pytest.fixture
def editor_client(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    return client


def _add(client, instrument, target, *, kind="amends", version=None):
    return client.post(f"/atlas/instruments/{instrument.pk}/relations/add/", {
        "kind": kind, "target": str(target.pk), "version": str(version or instrument.version)})


def test_editor_adds_a_relation_with_a_revision(editor_client):
    instrument, target = make_instrument(title="Amending act"), make_instrument(title="Original act")
    response = _add(editor_client, instrument, target)
    instrument.refresh_from_db()
    revision = instrument.revisions.first()
    assert response.status_code == 302
    assert response["Location"] == f"/atlas/instruments/{instrument.pk}/edit/#relations"
    assert list(Relation.objects.values_list("source", "target", "kind")) == [(instrument.pk, target.pk, "amends")]
    assert instrument.version == 2
    assert revision.number == 2
    assert revision.snapshot["relations"] == [{"kind": "amends", "target": {"id": target.pk, "title": "Original act"}}]
    assert revision.message == "Related instrument added: amends “Original act”"


def test_editor_may_link_to_a_draft(editor_client):
    instrument, draft = make_instrument(), make_instrument(publish=False)
    assert _add(editor_client, instrument, draft, kind="replaces").status_code == 302
    assert Relation.objects.get().target == draft


def test_relation_to_itself_is_refused(editor_client):
    instrument = make_instrument()
    response = _add(editor_client, instrument, instrument)
    instrument.refresh_from_db()
    assert response.status_code == 400
    assert "An instrument cannot be related to itself." in response.content.decode()
    assert (Relation.objects.count(), instrument.version, instrument.revisions.count()) == (0, 1, 1)


def test_duplicate_relation_is_refused(editor_client):
    instrument, target = make_instrument(), make_instrument(title="Original act")
    relation_add(instrument=instrument, actor=None, kind="amends", target=target, expected_version=1)
    response = _add(editor_client, instrument, target, version=2)
    instrument.refresh_from_db()
    assert response.status_code == 400
    assert "This instrument already amends “Original act”." in response.content.decode()
    assert (Relation.objects.count(), instrument.version, instrument.revisions.count()) == (1, 2, 2)


def test_same_target_with_another_kind_is_allowed(editor_client):
    instrument, target = make_instrument(), make_instrument()
    relation_add(instrument=instrument, actor=None, kind="amends", target=target, expected_version=1)
    assert _add(editor_client, instrument, target, kind="implements", version=2).status_code == 302
    assert Relation.objects.count() == 2


def test_unknown_target_is_refused(editor_client):
    instrument = make_instrument()
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/relations/add/",
                                  {"kind": "amends", "target": "999999", "version": "1"})
    assert response.status_code == 400
    assert "Choose an instrument from the list." in response.content.decode()
    assert Relation.objects.count() == 0


def test_stale_relation_add_is_refused(editor_client):
    instrument, target = make_instrument(), make_instrument()
    other = make_user("editor", full_name="Bo Other")
    instrument_update(instrument=instrument, actor=other, data={"title": "Changed meanwhile"}, expected_version=1)
    response = _add(editor_client, instrument, target, version=1)
    instrument.refresh_from_db()
    assert response.status_code == 409
    assert "Bo Other changed this at" in response.content.decode()
    assert (Relation.objects.count(), instrument.version) == (0, 2)


def test_editor_removes_a_relation_with_a_revision(editor_client):
    instrument, target = make_instrument(), make_instrument(title="Original act")
    relation = relation_add(instrument=instrument, actor=None, kind="implements", target=target, expected_version=1)
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/relations/remove/",
                                  {"relation": str(relation.pk), "version": "2"})
    instrument.refresh_from_db()
    revision = instrument.revisions.first()
    assert response.status_code == 302
    assert Relation.objects.count() == 0
    assert (instrument.version, revision.number, revision.snapshot["relations"]) == (3, 3, [])
    assert revision.message == "Related instrument removed: implements “Original act”"


def test_stale_relation_remove_is_refused(editor_client):
    instrument, target = make_instrument(), make_instrument()
    relation = relation_add(instrument=instrument, actor=make_user("editor", full_name="Bo Other"), kind="implements",
                            target=target, expected_version=1)
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/relations/remove/",
                                  {"relation": str(relation.pk), "version": "1"})
    assert response.status_code == 409
    assert "Bo Other changed this at" in response.content.decode()
    assert Relation.objects.count() == 1


def test_removing_another_instruments_relation_is_refused(editor_client):
    instrument, other, target = make_instrument(), make_instrument(), make_instrument()
    relation = relation_add(instrument=other, actor=None, kind="amends", target=target, expected_version=1)
    response = editor_client.post(f"/atlas/instruments/{instrument.pk}/relations/remove/",
                                  {"relation": str(relation.pk), "version": "1"})
    instrument.refresh_from_db()
    assert response.status_code == 400
    assert "This link between instruments no longer exists." in response.content.decode()
    assert (Relation.objects.count(), instrument.version) == (1, 1)


def test_revision_diff_shows_the_relation_change(editor_client):
    instrument, target = make_instrument(), make_instrument(title="Original act")
    _add(editor_client, instrument, target)
    added = editor_client.get(f"/atlas/instruments/{instrument.pk}/history/2/").content.decode()
    relation = Relation.objects.get()
    editor_client.post(f"/atlas/instruments/{instrument.pk}/relations/remove/",
                       {"relation": str(relation.pk), "version": "2"})
    removed = editor_client.get(f"/atlas/instruments/{instrument.pk}/history/3/").content.decode()
    assert f"<ins>+amends: Original act (#{target.pk})</ins>" in added
    assert f"<del>-amends: Original act (#{target.pk})</del>" in removed


def test_field_edit_keeps_the_relations_in_the_snapshot(db):
    instrument, target = make_instrument(), make_instrument(title="Original act")
    relation_add(instrument=instrument, actor=None, kind="replaces", target=target, expected_version=1)
    instrument_update(instrument=instrument, actor=None, data={"title": "New title"}, expected_version=2)
    assert [r["target"]["title"] for r in instrument.revisions.first().snapshot["relations"]] == ["Original act"]


def test_create_with_a_relation_keeps_one_revision_showing_it(editor_client):
    target = make_instrument(title="Original act")
    response = editor_client.post("/atlas/instruments/new/", {
        **FORM, "relation-kind": "implements", "relation-target": str(target.pk)})
    instrument = Instrument.objects.get(title=FORM["title"])
    assert response.status_code == 302
    assert list(instrument.relations_out.values_list("target", "kind")) == [(target.pk, "implements")]
    assert [r.snapshot["relations"] for r in instrument.revisions.all()] == [
        [{"kind": "implements", "target": {"id": target.pk, "title": "Original act"}}]]


def test_create_with_half_a_relation_is_refused(editor_client):
    make_instrument()
    response = editor_client.post("/atlas/instruments/new/", {**FORM, "relation-kind": "implements"})
    assert response.status_code == 400
    assert "Choose both the relation and the related instrument, or neither." in response.content.decode()
    assert not Instrument.objects.filter(title=FORM["title"]).exists()


def test_edit_page_lists_targets_grouped_by_country_without_itself(editor_client):
    instrument = make_instrument(title="Edited act")
    make_instrument(title="Japanese act", country="JP")
    make_instrument(title="Korean draft", publish=False)
    page = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/?target_country=").content.decode()
    select = page[page.index('name="target"'):]
    select = select[:select.index("</select>")]
    assert '<optgroup label="Japan">' in select
    assert "Korean draft (draft)" in select
    assert "Edited act" not in select


def test_edit_page_lists_the_instruments_own_country_by_default(editor_client):
    instrument = make_instrument()
    make_instrument(title="Japanese act", country="JP")
    page = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/").content.decode()
    assert "Japanese act" not in page[page.index('name="target"'):]


def test_public_page_hides_a_link_to_a_draft(client, db):
    instrument, draft = make_instrument(), make_instrument(publish=False, title="Secret draft")
    relation_add(instrument=instrument, actor=None, kind="amends", target=draft, expected_version=1)
    assert "Secret draft" not in client.get(f"/atlas/instruments/{instrument.pk}/").content.decode()
    assert client.get(f"/api/v1/atlas/instruments/{instrument.pk}").json()["related"] == []


def _bulk_instruments(count: int) -> list[Instrument]:
    countries = ["KR", "JP", "CN", "PH", "MY", "ID"]
    return Instrument.objects.bulk_create([
        Instrument(title=f"Instrument {n}", country=countries[n % 6], type="law", summary="s", is_published=n % 3 > 0)
        for n in range(count)
    ])


EDITOR_QUERIES = 16
NEW_RECORD_QUERIES = 9


@pytest.mark.parametrize("count", [1, 200])
def test_instrument_editor_query_count_is_the_same_for_1_and_200(editor_client, count, django_assert_num_queries):
    instrument = make_instrument()
    others = _bulk_instruments(count)
    linked = others[:min(count, 20)]
    for other in linked:
        Relation.objects.create(source=instrument, target=other, kind="amends")
        Relation.objects.create(source=other, target=instrument, kind="implements")
    with django_assert_num_queries(EDITOR_QUERIES):
        page = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/?target_country=").content.decode()
    relations = page[page.index('id="relations"'):]
    assert [other.pk for other in linked  # linked both ways: it amends each, each implements it
            if f'href="/atlas/instruments/{other.pk}/"' in relations
            and f'href="/atlas/instruments/{other.pk}/edit/"' in relations] == [other.pk for other in linked]
    assert _target_select(page).count("<option") == min(count, RELATION_TARGET_LIMIT) + 1  # not itself
    with django_assert_num_queries(NEW_RECORD_QUERIES):
        page = editor_client.get("/atlas/instruments/new/").content.decode()
    assert _target_select(page).count("<option") == min(count + 1, RELATION_TARGET_LIMIT) + 1


def test_unknown_relation_kind_is_refused_by_the_service(db):
    instrument, target = make_instrument(), make_instrument()
    with pytest.raises(ServiceError) as refused:
        relation_add(instrument=instrument, actor=None, kind="cites", target=target, expected_version=1)
    assert refused.value.code == "kind"
    instrument.refresh_from_db()
    assert (Relation.objects.count(), instrument.version) == (0, 1)


def _target_select(page: str) -> str:
    select = page[page.index('name="relation-target"' if 'name="relation-target"' in page else 'name="target"'):]
    return select[:select.index("</select>")]


def test_forms_list_at_most_fifty_targets_and_say_so(editor_client):
    instrument = make_instrument()
    _bulk_instruments(120)
    for page in (editor_client.get("/atlas/instruments/new/").content.decode(),
                 editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/?target_country=").content.decode()):
        assert _target_select(page).count("<option") == RELATION_TARGET_LIMIT + 1  # with the empty choice
        assert "Only the first 50 instruments are listed." in page


def test_edit_page_narrows_targets_by_words(editor_client):
    instrument = make_instrument(title="Edited act")
    make_instrument(title="Framework Act on Cooperatives")
    make_instrument(title="Japanese cooperative law", country="JP")
    make_instrument(title="Social enterprise act")
    page = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/?target_q=cooperative").content.decode()
    assert "Framework Act on Cooperatives" in _target_select(page)
    assert "Japanese cooperative law" not in _target_select(page)  # still the record's own country
    assert "Social enterprise act" not in _target_select(page)
    page = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/?target_country=&target_q=cooperative")
    assert "Japanese cooperative law" in _target_select(page.content.decode())
    assert "Only the first" not in page.content.decode()


def test_new_record_form_finds_targets_keeping_what_was_typed_and_saving_nothing(editor_client):
    make_instrument(title="Framework Act on Cooperatives")
    make_instrument(title="Japanese cooperative law", country="JP")
    response = editor_client.post("/atlas/instruments/new/", {
        **FORM, "title": "", "relation-kind": "implements", "target_country": "JP",
        "target_q": "cooperative", "find_targets": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert not Instrument.objects.filter(title_local=FORM["title_local"]).exists()
    assert "Japanese cooperative law" in _target_select(page)
    assert "Framework Act on Cooperatives" not in _target_select(page)
    assert 'value="사회적기업 육성법"' in page  # typed values come back
    assert '<option value="implements" selected>' in page
    assert "field-errors" not in page  # finding is not saving: no "required" errors


@pytest.mark.parametrize("words", ['"', "co-op AND NOT", "x" * 500, "%_\\"])
def test_odd_picker_input_lists_what_matches_and_never_fails(editor_client, words):
    instrument = make_instrument(title="Edited act")
    make_instrument(title="Framework Act on Cooperatives")
    edit = editor_client.get(f"/atlas/instruments/{instrument.pk}/edit/",
                             {"target_country": "ZZ", "target_q": words})
    new = editor_client.post("/atlas/instruments/new/", {"target_country": "ZZ", "target_q": words,
                                                         "find_targets": "1"})
    assert edit.status_code == new.status_code == 200
    assert "Framework Act on Cooperatives" not in _target_select(edit.content.decode())
    assert '<option value="" selected>all countries</option>' in new.content.decode()
    assert not Instrument.objects.filter(title="").exists()
