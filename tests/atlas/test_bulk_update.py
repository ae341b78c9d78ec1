"""Bulk update of records an import changes (ssehub.atlas.bulk_update, ADR 0109): the rules, refusals,
revisions, log entries and search index of `instrument_update` row by row, written chunk by chunk."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from ssehub.atlas import bulk, bulk_update
from ssehub.atlas.bulk_update import Change, UpdatedMany, instruments_update_many
from ssehub.atlas.exchange import import_file
from ssehub.atlas.facet_cache import lock_writes
from ssehub.atlas.models import FacetCache, Instrument, Revision, Source
from ssehub.atlas.search import filter_text
from ssehub.atlas.services import changed_fields, instrument_update, relation_add
from ssehub.core.actionlog import action_entry
from ssehub.core.errors import ServiceError
from ssehub.core.models import ActionLogEntry
from ssehub.core.stale import stale_refusal
from ssehub.programmes.models import Programme, Theme
from tests.atlas.factories import make_institution, make_instrument
from tests.atlas.test_exchange import _csv
from tests.atlas.test_import_rules import _row
from tests.factories import make_user

SEARCHES = ["cooperative", "solidarity", "협동조합", "mutual", "basic", "jeju"]


@pytest.fixture
def editor(db):
    return make_user("editor", full_name="Eda Editor")


@pytest.fixture
def atlas(db, editor):
    """Five records: published and draft, with two sources, a theme, a link, two institutions."""
    ministry, agency = make_institution(country="KR", name="Ministry of Economy"), make_institution(
        country="KR", name="Jeju Agency", name_local="제주청")
    theme = Theme.objects.create(programme=Programme.objects.create(slug="p", title="P", summary=""),
                                 code="finance", title="Finance")
    records = {
        "kr": make_instrument(actor=editor, title="Framework Act on Cooperatives", title_local="협동조합 기본법",
                              institution=ministry, themes=[theme]),
        "draft": make_instrument(actor=editor, title="Social Enterprise Bill", publish=False,
                                 sources=[{"title": "Draft", "url": "https://example.org/draft", "accessed_on": None}]),
        "two_sources": make_instrument(actor=editor, title="Mutual Aid Decree", sources=[
            {"title": "Gazette", "url": "https://example.org/g", "accessed_on": dt.date(2020, 1, 2)},
            {"title": "Archive", "url": "", "accessed_on": None}]),
        "linking": make_instrument(actor=editor, title="Cooperative Fund Rules"),
        "plain": make_instrument(actor=editor, title="Solidarity Economy Strategy", verified=False),
    }
    relation_add(instrument=records["linking"], actor=editor, kind="implements", target=records["kr"],
                 expected_version=records["linking"].version)
    return {"ministry": ministry, "agency": agency,
            **{name: Instrument.objects.get(pk=record.pk) for name, record in records.items()}}


def _one_by_one(changes: list[Change], *, actor) -> UpdatedMany:
    """What the import did before: each record read once, then `instrument_update` row by row, a row
    that changes nothing skipped."""
    records = {pk: Instrument.objects.select_related("institution").prefetch_related("sources", "themes").get(pk=pk)
               for pk in {change.pk for change in changes}}
    outcome = UpdatedMany()
    for change in changes:
        instrument = records[change.pk]
        if not changed_fields(instrument, change.data):
            outcome.unchanged += 1
            continue
        try:
            instrument_update(instrument=instrument, actor=actor, data=change.data,
                              expected_version=change.expected_version, message="Imported")
        except ServiceError as error:
            outcome.refused[change.key] = error
            continue
        outcome.ids.append(change.pk)
    return outcome


def _refusal(error: ServiceError) -> tuple:
    message = str(error.message)
    if error.detail.get("at"):
        # A stale refusal names the time of the change it lost to: a moment apart in the two runs.
        at = dt.datetime.fromisoformat(error.detail["at"])
        message = message.replace(date_format(timezone.localtime(at), "DATETIME_FORMAT"), "<time>")
    return error.code, error.field, error.errors, message, error.detail.get("by")


def _state(first_entry: int) -> dict:
    """Everything an update writes (times and new rows' ids aside), and what the search finds."""
    fields = [f.attname for f in Instrument._meta.concrete_fields if f.name not in ("created_at", "updated_at")]
    return {
        "instruments": list(Instrument.objects.order_by("id").values_list(*fields)),
        "sources": list(Source.objects.order_by("instrument_id", "position")
                        .values_list("instrument_id", "position", "title", "url", "accessed_on")),
        "revisions": list(Revision.objects.order_by("instrument_id", "number")
                          .values_list("instrument_id", "number", "author_id", "message", "snapshot")),
        "log": list(ActionLogEntry.objects.filter(pk__gt=first_entry).order_by("id").values_list(
            "verb", "actor_id", "by_platform", "content_type_id", "object_id", "object_repr", "scope", "data")),
        "found": {query: sorted(filter_text(Instrument.objects.all(), query).values_list("id", flat=True))
                  for query in SEARCHES},
    }


def _run(path) -> tuple[UpdatedMany, dict]:
    """Run one path in a transaction of its own, note what it did and wrote, and roll it back."""
    first_entry = ActionLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with transaction.atomic():
        lock_writes()
        outcome = path()
        state = _state(first_entry)
        transaction.set_rollback(True)
    return outcome, state


def _compare(changes: list[Change], actor) -> tuple[UpdatedMany, dict]:
    expected, expected_state = _run(lambda: _one_by_one(changes, actor=actor))
    got, state = _run(lambda: instruments_update_many(actor=actor, rows=changes, message="Imported"))
    assert (got.ids, got.unchanged) == (expected.ids, expected.unchanged)
    assert {key: _refusal(error) for key, error in got.refused.items()} == {
        key: _refusal(error) for key, error in expected.refused.items()}
    if expected.refused:
        # One by one, the other rows were written and then rolled back with the import; in bulk,
        # nothing is written once a row of the chunk is refused.
        _unwritten, before = _run(lambda: None)
        expected_state = before
    for part in expected_state:
        assert state[part] == expected_state[part], part
    return got, state


def _change(key, record, **data) -> Change:
    return Change(key=key, pk=record.pk, expected_version=record.version, data=data)


def test_changed_records_are_stored_revised_logged_and_found_as_one_by_one(atlas, editor, monkeypatch):
    kr, draft, two, linking, plain = (atlas[name] for name in ("kr", "draft", "two_sources", "linking", "plain"))
    changes = [
        _change(1, kr, title="Basic Act on Cooperatives", summary="Mutual cooperatives, solidarity.",
                institution=atlas["agency"]),  # renamed: the record linking to it shows the new title
        _change(2, draft, year_adopted="1999", sources=[{"title": "Bill", "url": "", "accessed_on": None}]),
        _change(3, two, title=two.title, summary=two.summary, sources=[  # the same: unchanged
            {"title": "Gazette", "url": "https://example.org/g", "accessed_on": dt.date(2020, 1, 2)},
            {"title": "Archive", "url": "", "accessed_on": None}]),
        _change(4, linking, status="repealed", verified=False, dimensions=["finance", "legal_framework"]),
        _change(5, plain, sources=[{"title": "Gazette", "url": "https://example.org/s",
                                    "accessed_on": dt.date(2024, 5, 1)}]),  # the sources alone
        _change(6, two, entity_types=["cooperative", "mutual"], title_local="", place="Jeju", level="subnational"),
    ]
    # A value full_clean refuses, stored by other means: a change of the sources alone is not
    # validated, and goes through.
    Instrument.objects.filter(pk=plain.pk).update(status="withdrawn")
    # Two chunks, the second reading what the first wrote.
    monkeypatch.setattr(bulk_update, "CHUNK", 4)
    got, state = _compare(changes, editor)
    assert (got.ids, got.unchanged, got.refused) == ([kr.pk, draft.pk, linking.pk, plain.pk, two.pk], 1, {})
    assert state["found"]["jeju"] == [kr.pk, two.pk]  # the new agency's name, the new place
    revisions = {row[0]: row for row in state["revisions"]}
    assert revisions[linking.pk][4]["relations"] == [
        {"kind": "implements", "target": {"id": kr.pk, "title": "Basic Act on Cooperatives"}}]
    assert revisions[kr.pk][4]["themes"] == ["finance"]
    # The next number, by the importing editor (the link made the linking record's second).
    assert {pk: row[1:4] for pk, row in revisions.items()} == {
        kr.pk: (2, editor.pk, "Imported"), draft.pk: (2, editor.pk, "Imported"), two.pk: (2, editor.pk, "Imported"),
        linking.pk: (3, editor.pk, "Imported"), plain.pk: (2, editor.pk, "Imported")}


def test_refusals_are_those_of_one_by_one(atlas, editor):
    """Every refusal of `instrument_update` with its message, in rows the import never sends (an
    unknown country, an invalid status) as well as in those it does; the rest as one by one."""
    kr, draft, two, linking, plain = (atlas[name] for name in ("kr", "draft", "two_sources", "linking", "plain"))
    other = make_user("editor", full_name="Otto Other")
    instrument_update(instrument=plain, actor=other, data={"summary": "Changed meanwhile."},
                      expected_version=plain.version)
    changes = [
        _change(1, kr, status="repealed_by_law"),
        _change(2, kr, country="XX", title="Unknown country"),
        _change(3, two, sources=[{"title": "Gazette", "url": "", "accessed_on": None}]),  # published: needs an address
        _change(4, draft, sources=[{"title": "Bill", "url": "", "accessed_on": None}]),  # a draft may have none
        _change(5, linking, title="", type="statute", year_adopted=40_000),
        _change(6, linking, summary="A second row for the same record: the first changed it."),
        _change(7, plain, summary="Made on the version before Otto's change."),
        _change(8, plain, summary="Changed meanwhile."),  # the same as the record now: unchanged
        _change(9, draft, title="Another row for the draft, after the first changed it."),
        _change(10, two, summary="Any change of a field validates them all: its stored status is refused."),
    ]
    Instrument.objects.filter(pk=two.pk).update(status="withdrawn")
    got, _state = _compare(changes, editor)
    # The draft's second row is stale; the linking record's second row is not (its first was refused).
    assert (got.ids, got.unchanged) == ([draft.pk, linking.pk], 1)
    assert sorted(got.refused) == [1, 2, 3, 5, 7, 9, 10]
    assert set(got.refused[10].errors) == {"status"}
    assert got.refused[3].code == "unpublishable"
    assert (got.refused[7].code, got.refused[7].detail["by"]) == ("stale", "Otto Other")
    assert (got.refused[9].code, got.refused[9].detail["by"]) == ("stale", "Eda Editor")
    # PostgreSQL's smallint also refuses the year 40,000, as full_clean does there.
    assert set(got.refused[5].errors) == {"title", "type", *(["year_adopted"] if connection.vendor == "postgresql" else [])}


def test_a_preview_applies_the_same_rules_and_only_reads(atlas, editor):
    kr, draft, two = atlas["kr"], atlas["draft"], atlas["two_sources"]
    changes = [_change(1, kr, summary="New."), _change(2, two, status="bad"), _change(3, draft, title=draft.title),
               _change(4, kr, title="Stale: the first row changed it.")]
    first_entry = ActionLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    before = _state(first_entry)
    with CaptureQueriesContext(connection) as queries:
        preview = instruments_update_many(actor=editor, rows=changes, message="Imported", check_only=True)
    assert [query["sql"].split()[0] for query in queries] == ["SELECT"] * len(queries)
    assert _state(first_entry) == before
    with transaction.atomic():
        written = instruments_update_many(actor=editor, rows=changes, message="Imported")
        transaction.set_rollback(True)
    assert (preview.ids, preview.unchanged) == (written.ids, written.unchanged) == ([kr.pk], 1)
    assert {key: _refusal(error) for key, error in preview.refused.items()} == {
        key: _refusal(error) for key, error in written.refused.items()}
    assert sorted(preview.refused) == [2, 4]


# Reads: records, institutions, sources; then the records' update, sources deleted and inserted,
# last revision numbers, themes, links, revisions, log entries, the search index (SQLite: rows out of
# its two tables, then in; PostgreSQL: vocabulary, then words).
CHUNK_QUERIES = {"sqlite": 15, "postgresql": 13}


@pytest.mark.parametrize("size", [20, 60])
def test_a_chunk_runs_the_same_queries_for_20_and_60_records(db, editor, size, django_assert_num_queries):
    institution = make_institution(country="KR")
    rows = [(n, {"country": "KR", "title": f"Cooperative Act {n}", "type": "law", "status": "in_force",
                 "dimensions": ["finance"], "entity_types": ["cooperative"], "summary": "A law.",
                 "institution": institution, "sources": [{"title": "G", "url": f"https://e.org/{n}"}]})
            for n in range(size)]
    with transaction.atomic():
        lock_writes()
        ids = bulk.instruments_create_many(actor=editor, rows=rows, message="Imported").ids
    changes = [Change(key=n, pk=pk, expected_version=1, data={
        "summary": f"Solidarity law {n}.", "sources": [{"title": "Gazette", "url": f"https://e.org/g/{n}"}]})
        for n, pk in enumerate(ids)]
    ContentType.objects.get_for_model(Instrument)  # cached for the process, as in a running server
    with transaction.atomic(), django_assert_num_queries(CHUNK_QUERIES[connection.vendor]):
        updated = instruments_update_many(actor=editor, rows=changes, message="Imported")
    assert (len(updated.ids), updated.refused) == (size, {})
    assert sorted(filter_text(Instrument.objects.all(), "solidarity").values_list("id", flat=True)) == ids
    assert set(Revision.objects.filter(number=2).values_list("instrument_id", "message")) == {
        (pk, "Imported") for pk in ids}
    assert Source.objects.filter(url__startswith="https://e.org/g/").count() == size


# --- through the import -----------------------------------------------------------------------------

def _file_rows(count: int, **changes) -> list[str]:
    return [_row(title=f"Cooperative Act {n}", title_local=f"협동조합법 {n}", source_url=f"https://example.org/{n}",
                 **changes) for n in range(count)]


def test_an_import_changes_records_chunk_by_chunk_and_announces_it_once(db, editor, monkeypatch):
    monkeypatch.setattr(bulk_update, "CHUNK", 2)
    import_file(name="a.csv", raw=_csv(*_file_rows(5)), actor=editor, dry_run=False)
    counter = FacetCache.objects.get(key="version").version
    done = []
    rows = [*_file_rows(4, summary="A revised law."), *_file_rows(5)[4:], _row(title="A new act", title_local="")]
    report = import_file(name="a.csv", raw=_csv(*rows), actor=editor, dry_run=False,
                         progress=lambda rows_done, total: done.append((rows_done, total)))
    assert (report.problems, report.created, report.updated, report.unchanged) == ([], 1, 4, 1)
    assert done == [(1, 6), (3, 6), (5, 6), (6, 6)]  # the new record, then the changes two by two
    assert FacetCache.objects.get(key="version").version == counter + 1
    changed = Instrument.objects.filter(summary="A revised law.").order_by("id")
    assert [i.version for i in changed] == [2, 2, 2, 2]
    assert {r.message for i in changed for r in i.revisions.filter(number=2)} == {"Imported"}
    assert ActionLogEntry.objects.filter(verb="atlas.instrument.update", actor=editor).count() == 4


def test_a_file_with_two_rows_for_one_record_refuses_the_second_in_the_preview_and_the_write(db, editor):
    import_file(name="a.csv", raw=_csv(_row()), actor=editor, dry_run=False)
    # The second row matches the same record by its original title, and changes it again.
    rows = [_row(summary="First change."), _row(title="Another English title", summary="Second change.")]
    for dry_run in (True, False):
        report = import_file(name="a.csv", raw=_csv(*rows), actor=editor, dry_run=dry_run)
        assert [(p.row, p.column) for p in report.problems] == [(3, "")]
        assert report.problems[0].message.startswith("Eda Editor changed this at ")
    assert Instrument.objects.get().summary == "A general law for cooperatives."


def test_refusals_are_in_the_language_of_the_import(atlas, editor):
    """Rows are checked in a helper thread; its refusals, and the stale ones made afterwards in the
    caller's thread, speak the job's language all the same."""
    kr, draft = atlas["kr"], atlas["draft"]
    changes = [_change(1, kr, status="repealed_by_law"), _change(2, draft, summary="New."),
               _change(3, draft, summary="Newer.")]
    with translation.override("ja"):
        result = instruments_update_many(actor=editor, rows=changes, check_only=True)
        expected = str(Instrument._meta.get_field("status").error_messages["invalid_choice"]) % {
            "value": "repealed_by_law"}
        stale = stale_refusal(action_entry(actor=editor, verb="atlas.instrument.update", at=timezone.now()))
    assert result.refused[1].message == expected
    assert _refusal(result.refused[3]) == _refusal(stale)
    assert "valid choice" not in expected  # Django's Japanese, not its English
    assert "after you opened it" not in stale.message


def test_a_second_change_of_a_record_on_top_of_the_first_is_not_made_in_bulk(atlas, editor):
    """Row by row it would start from the first change's result; the bulk path keeps only the record
    as it found it, so it refuses to guess (an import always sends versions: its second row is stale)."""
    kr = atlas["kr"]
    for second in (None, kr.version + 1):
        rows = [_change(1, kr, summary="First."), Change(key=2, pk=kr.pk, expected_version=second,
                                                        data={"summary": "Second."})]
        with pytest.raises(ValueError, match="changed by an earlier row"):
            instruments_update_many(actor=editor, rows=rows, check_only=True)
