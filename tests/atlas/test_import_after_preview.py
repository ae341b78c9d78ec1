"""A confirmed import writes what its preview showed, or nothing: a record an editor saved, or one
added, after the preview is never silently overwritten or doubled (found by a new user's trial)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ssehub.atlas.exchange import import_file
from ssehub.atlas.imports import job_state
from ssehub.atlas.models import Instrument
from ssehub.atlas.services import instrument_create, instrument_update
from tests.atlas.test_exchange import GOOD, _csv
from tests.atlas.test_import_rules import _row
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    person = make_user("editor", full_name="Amani Okafor")
    client.force_login(person)
    return person


def _preview(client, *rows: str) -> str:
    page = client.post("/atlas/import/", {"file": SimpleUploadedFile("atlas.csv", _csv(*rows))}, follow=True)
    return page.context["token"]


def _confirm(client, token: str) -> dict:
    client.post(f"/atlas/import/{token}/")
    return job_state(token)


def test_a_record_saved_after_the_preview_is_refused_not_overwritten(client, editor):
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=False)
    record = Instrument.objects.get()
    token = _preview(client, _row(summary="The file's summary."))
    assert job_state(token)["report"]["updated"] == 1
    other = make_user("editor", full_name="Wang Lei")
    instrument_update(instrument=record, actor=other, data={"summary": "Wang Lei's summary."},
                      expected_version=record.version)
    revisions = record.revisions.count()

    state = _confirm(client, token)

    record.refresh_from_db()
    assert record.summary == "Wang Lei's summary."
    assert record.revisions.count() == revisions
    [problem] = state["report"]["problems"]
    assert problem["row"] == 2
    assert "Wang Lei changed this record" in problem["message"]
    assert "after the preview" in problem["message"]
    page = client.get(f"/atlas/import/{token}/").content.decode()
    assert "after the preview" in page


def test_a_record_added_after_the_preview_is_not_doubled(client, editor):
    token = _preview(client, GOOD)
    assert job_state(token)["report"]["created"] == 1
    instrument_create(actor=make_user("editor"), data={
        "country": "KR", "title": "Framework Act on Cooperatives", "type": "law", "status": "in_force",
        "year": 2012, "summary": "Entered by hand.", "dimensions": ["legal_framework"],
    })

    state = _confirm(client, token)

    assert Instrument.objects.filter(title="Framework Act on Cooperatives").count() == 1
    assert Instrument.objects.get().summary == "Entered by hand."
    [problem] = state["report"]["problems"]
    assert "added, renamed or deleted after the preview" in problem["message"]


def test_with_nothing_saved_in_between_the_preview_is_what_is_written(client, editor):
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=False)
    token = _preview(client, _row(summary="The file's summary."), _row(title="Social Enterprise Promotion Act",
                                                                          title_local="사회적기업 육성법"))
    state = _confirm(client, token)
    assert (state["report"]["problems"], state["report"]["updated"], state["report"]["created"]) == ([], 1, 1)
    assert Instrument.objects.get(title="Framework Act on Cooperatives").summary == "The file's summary."


def test_the_preview_names_each_record_and_what_changes_in_the_readers_language(client, editor):
    """It gave only counts (found by a new user's trial)."""
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=False)
    record = Instrument.objects.get()
    client.cookies["ssehub_language"] = "ja"
    token = _preview(client, _row(title="Framework Act on Cooperatives", summary="新しい概要。"),
                     _row(title="Social Enterprise Promotion Act", title_local="사회적기업 육성법"))
    page = client.get(f"/atlas/import/{token}/").content.decode()
    changes = page[page.index('class="import-changes"'):page.index("</table>", page.index('class="import-changes"'))]
    assert f'<a href="/atlas/instruments/{record.pk}/">Framework Act on Cooperatives</a>' in changes
    assert "概要" in changes  # the summary, named as the form names it in Japanese
    assert "summary" not in changes
    assert "Social Enterprise Promotion Act" in changes
    assert "新しい記録" in changes or "新規" in changes


def test_the_refusal_gives_the_time_in_the_editors_zone_and_names_it(client, editor):
    """The worker wrote it in UTC, unnamed (found by a new user's trial in Jakarta)."""
    import zoneinfo

    from django.utils import timezone
    from django.utils.formats import date_format

    from ssehub.core.models import ActionLogEntry

    import_file(name="atlas.csv", raw=_csv(GOOD), actor=editor, dry_run=False)
    record = Instrument.objects.get()
    client.cookies["ssehub_tz"] = "Asia/Jakarta"
    token = _preview(client, _row(summary="The file's summary."))
    instrument_update(instrument=record, actor=make_user("editor", full_name="Wang Lei"),
                      data={"summary": "Wang Lei's summary."}, expected_version=record.version)
    saved_at = ActionLogEntry.objects.filter(verb="atlas.instrument.update").latest("id").created_at
    [problem] = _confirm(client, token)["report"]["problems"]
    jakarta = date_format(timezone.localtime(saved_at, zoneinfo.ZoneInfo("Asia/Jakarta")), "DATETIME_FORMAT")
    assert f"Wang Lei changed this record at {jakarta} (Western Indonesia Time)" in problem["message"]


def test_the_result_links_the_new_records_too(client, editor):
    token = _preview(client, GOOD)
    _confirm(client, token)
    record = Instrument.objects.get()
    page = client.get(f"/atlas/import/{token}/").content.decode()
    assert f'<a href="/atlas/instruments/{record.pk}/">Framework Act on Cooperatives</a>' in page
