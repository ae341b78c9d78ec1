"""Bulk creation of imported records (ssehub.atlas.bulk, ADR 0108): the same rules as one record made
alone, the same revisions, the same search index, in chunks, all or nothing."""

import datetime as dt

import pytest
from django.db import connection, models, transaction
from django.utils import translation

from ssehub.atlas import bulk
from ssehub.atlas.exchange import import_file
from ssehub.atlas.facet_cache import lock_writes
from ssehub.atlas.models import Instrument, Revision, Source
from ssehub.atlas.services import _new_instrument, instrument_snapshot
from ssehub.core.errors import ServiceError
from tests.atlas.factories import make_institution
from tests.atlas.test_exchange import _csv
from tests.atlas.test_import_rules import _row


def _data(agency, **changes) -> dict:
    """A new record as the importer hands it to the service."""
    return {"country": "KR", "title": "Framework Act on Cooperatives", "title_local": "협동조합 기본법",
            "title_local_language": "ko", "year_adopted": 2012, "type": "law", "status": "in_force",
            "dimensions": ["legal_framework", "finance"], "entity_types": ["cooperative"],
            "summary": "A general law for cooperatives.", "verified": False, "institution": agency,
            "sources": [{"title": "CICOPA", "url": "https://example.org/a", "accessed_on": None}], **changes}


# Each one refused by full_clean(), several with more than one error; and odd values it accepts.
ODD_ROWS = [
    {}, {"title": ""}, {"title": "x" * 401}, {"type": "statute"}, {"status": ""}, {"year_adopted": -5},
    {"year_adopted": "abc"}, {"year_adopted": 40_000}, {"year_adopted": "1999"}, {"summary": ""},
    {"title_local_language": "xx"}, {"country": "XX"}, {"country": "kr"}, {"place": "x" * 201},
    {"title": "", "type": "bad", "summary": ""}, {"level": "galactic"}, {"level": "provincial", "place": "Jeju"},
    {"last_reviewed_on": "2020-13-01"}, {"last_reviewed_on": dt.date(2020, 1, 2)}, {"verified": "maybe"},
    {"verified": 1}, {"verified": True}, {"institution": None}, {"dimensions": [], "entity_types": []},
    {"year_in_force": 1.0}, {"title_local": "", "title_local_language": ""},
]


def _full_clean_outcome(data):
    try:
        instrument, _themes = _new_instrument(data)
    except ServiceError as error:
        return "refused", str(error.message), error.errors
    columns = [f for f in Instrument._meta.concrete_fields if not f.primary_key]
    return "ok", {f.attname: f.get_db_prep_save(f.pre_save(instrument, True), connection) for f in columns
                  if not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
                  and f.name not in ("search_text", "search_chars", "title_search")}


def _bulk_outcome(rules, rows, data):
    try:
        values, _institution = rules.clean(data)
    except ServiceError as error:
        return "refused", str(error.message), error.errors
    prepared = dict(zip([f.attname for f in rows.columns], rows.row({**values, "search_text": "",
                                                                      "search_chars": "", "title_search": ""}),
                        strict=True))
    expected = _full_clean_outcome(data)[1]
    return "ok", {name: prepared[name] for name in expected}


@pytest.mark.django_db
def test_the_bulk_rules_refuse_and_store_exactly_as_full_clean():
    institution = make_institution(country="KR")
    rules, rows = bulk.Rules(), bulk._Rows(Instrument, connection, now=dt.datetime.now(dt.UTC))
    cases = [_data(institution, **changes) for changes in ODD_ROWS]
    # Twice, the second time in reverse: a value cleaned before is answered from memory.
    for data in [*cases, *reversed(cases)]:
        assert _bulk_outcome(rules, rows, data) == _full_clean_outcome(data), data
    outcomes = [_full_clean_outcome(data) for data in cases]
    # 14 refused on SQLite; PostgreSQL also refuses the year 40,000 (a smallint).
    assert sum(outcome[0] == "refused" for outcome in outcomes) >= 14
    assert set(outcomes[14][2]) == {"title", "type", "summary"}


def test_full_clean_of_an_instrument_is_its_field_checks_only():
    """`bulk.Rules` runs the field checks only: if the model gains a clean(), a constraint or a unique
    field, the rules must run them too (this test says so by failing)."""
    meta = Instrument._meta
    assert (Instrument.clean, Instrument.clean_fields, Instrument.full_clean, Instrument.validate_unique,
            Instrument.validate_constraints) == (models.Model.clean, models.Model.clean_fields,
                                                 models.Model.full_clean, models.Model.validate_unique,
                                                 models.Model.validate_constraints)
    assert (meta.constraints, meta.unique_together, meta.total_unique_constraints) == ([], (), [])
    assert [f.name for f in meta.fields if f.unique] == ["id"]
    assert not any(f.unique_for_date or f.unique_for_month or f.unique_for_year for f in meta.fields)


CHUNKED_ROWS = [
    _row(title=f"Cooperative Act {number}", title_local=f"협동조합법 {number}",
         source_title="Gazette\nCICOPA", source_url=f"https://example.org/{number}\nhttps://cicopa.coop/{number}",
         source_accessed_on="2024-05-01\n") for number in range(4)
] + [
    # No address: a draft; the original title's script gives its language.
    _row(country="JP", title="Worker Cooperatives Act", title_local="労働者協同組合法", title_local_language="",
         agency="Ministry of Health", source_url=""),
]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 2)


def test_every_imported_record_has_the_revision_one_made_alone_would_have(db, small_chunks, user_with_role):
    editor = user_with_role("editor")
    report = import_file(name="a.csv", raw=_csv(*CHUNKED_ROWS), actor=editor, dry_run=False)
    assert (report.problems, report.created) == ([], 5)
    instruments = list(Instrument.objects.order_by("id").prefetch_related("sources", "revisions"))
    # Ids in the file's order, each record with its own sources (written in three chunks of two).
    assert [i.title for i in instruments] == [*(f"Cooperative Act {n}" for n in range(4)), "Worker Cooperatives Act"]
    assert [[(s.url, s.accessed_on) for s in i.sources.all()] for i in instruments[:2]] == [
        [("https://example.org/0", dt.date(2024, 5, 1)), ("https://cicopa.coop/0", None)],
        [("https://example.org/1", dt.date(2024, 5, 1)), ("https://cicopa.coop/1", None)]]
    assert [(i.is_published, i.level, i.title_local_language) for i in instruments[3:]] == [
        (True, "national", "ko"), (False, "national", "ja")]
    for instrument in instruments:
        (revision,) = instrument.revisions.all()
        assert (revision.number, revision.author, revision.message) == (1, editor, "Imported")
        assert revision.snapshot == instrument_snapshot(instrument)


@pytest.mark.parametrize(("query", "found"), [
    ("cooperative act 3", ["Cooperative Act 3"]),  # Latin words (the word index on PostgreSQL)
    ("협동조합법", [f"Cooperative Act {n}" for n in range(4)]),  # Korean
    ("労働", ["Worker Cooperatives Act"]),  # two CJK characters: the character index
    ("社", []),
])
def test_imported_records_are_found_by_the_search(client, user_with_role, db, small_chunks, query, found):
    client.force_login(user_with_role("editor"))
    import_file(name="a.csv", raw=_csv(*CHUNKED_ROWS), actor=None, dry_run=True)
    assert Instrument.objects.count() == 0  # a preview leaves nothing to find
    import_file(name="a.csv", raw=_csv(*CHUNKED_ROWS), actor=None, dry_run=False)
    # The Japanese record is a draft (no address): an editor's search of the drafts finds it.
    drafts = {"drafts": "1"} if found == ["Worker Cooperatives Act"] else {}
    page = client.get("/atlas/", {"q": query, "sort": "title", **drafts})
    assert [instrument.title for instrument in page.context["page"]] == found


def test_rules_go_on_after_a_refusal_but_nothing_more_is_written(db, small_chunks):
    institution = make_institution(country="KR")
    rows = [(number, _data(institution, title=f"Act {number}")) for number in range(1, 6)]
    rows[3] = (4, _data(institution, title="Act 4", type="statute"))
    rows[4] = (5, _data(institution, title="Act 5", summary=""))
    with transaction.atomic():
        lock_writes()
        result = bulk.instruments_create_many(actor=None, rows=rows, message="Imported")
        written = Instrument.objects.count()
        transaction.set_rollback(True)
    assert (result.checked, sorted(result.refused)) == (3, [4, 5])
    assert (len(result.ids), written) == (2, 2)  # the first chunk; the caller rolls it back


def test_a_failure_in_a_later_chunk_leaves_nothing_written(db, small_chunks, monkeypatch):
    calls = []
    real_refresh = bulk.search_index_refresh

    def refresh_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real_refresh(*args, **kwargs)

    monkeypatch.setattr(bulk, "search_index_refresh", refresh_then_fail)
    with pytest.raises(RuntimeError):
        import_file(name="a.csv", raw=_csv(*CHUNKED_ROWS), actor=None, dry_run=False)
    assert (Instrument.objects.count(), Source.objects.count(), Revision.objects.count()) == (0, 0, 0)


def test_the_preview_checks_every_row_and_writes_nothing(db, small_chunks):
    report = import_file(name="a.csv", raw=_csv(*CHUNKED_ROWS), actor=None, dry_run=True)
    assert (report.problems, report.created) == ([], 5)
    assert (Instrument.objects.count(), Revision.objects.count()) == (0, 0)


def test_refusals_are_in_the_language_of_the_import(db, small_chunks):
    """The rows are checked in a helper thread; its refusals speak the job's language all the same."""
    institution = make_institution(country="KR")
    rows = [(number, _data(institution, title=f"Act {number}")) for number in range(1, 4)]
    rows[2] = (3, _data(institution, title="Act 3", type="statute"))
    with translation.override("ja"), transaction.atomic():
        lock_writes()
        result = bulk.instruments_create_many(actor=None, rows=rows, message="Imported", check_only=True)
    assert list(result.refused) == [3]
    with translation.override("ja"):
        expected = str(Instrument._meta.get_field("type").error_messages["invalid_choice"]) % {"value": "statute"}
    assert result.refused[3].message == expected
    assert "valid choice" not in expected  # Django's Japanese, not its English
