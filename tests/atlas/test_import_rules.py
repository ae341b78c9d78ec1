"""Import: the preview applies the write's rules, the added columns, agency suggestions, hostile
files (zip bombs, stale sheet dimensions, broken UTF-8) and imports as background jobs."""

import datetime as dt
import io
import os
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ssehub.atlas.exchange import COLUMNS, MAX_ROWS, import_file, read_table
from ssehub.atlas.imports import folder, job_start, job_state, jobs_cleanup
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.scripts import guess_language
from ssehub.core.errors import ServiceError
from tests.atlas.factories import make_institution, make_instrument
from tests.atlas.test_exchange import GOOD, HEADER, _csv

BAD_UTF8_AFTER_BOM = b"\xef\xbb\xbf" + HEADER.encode() + b"\r\nKR,Caf\xe9 law\r\n"


def _row(**values) -> str:
    """One CSV row under all the columns (the GOOD row's values, changed by `values`)."""
    import csv

    cells = next(csv.reader([GOOD]))
    row = dict(zip(COLUMNS, [*cells, "", "", ""], strict=True))
    row.update(values)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([row[column] for column in COLUMNS])
    return out.getvalue()


@pytest.fixture
def published_without_address(db):
    """A published record whose only source has an address; the file keeps the title, drops the address."""
    return make_instrument(title="Framework Act on Cooperatives", country="KR")


# --- 1. the preview applies every rule of the write -----------------------------------------------

def test_preview_refuses_a_row_the_write_would_refuse(published_without_address):
    row = _row(source_url="")
    preview = import_file(name="a.csv", raw=_csv(row), actor=None, dry_run=True)
    assert [(p.row, p.column, p.message) for p in preview.problems] == [
        (2, "source_url", "A record cannot be published without at least one source with a web address.")]
    written = import_file(name="a.csv", raw=_csv(row), actor=None, dry_run=False)
    assert [(p.row, p.column) for p in written.problems] == [(2, "source_url")]
    assert Instrument.objects.get().sources.get().url == "https://example.org/gazette"


def test_dry_run_and_real_run_of_the_command_agree(published_without_address, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(_csv(_row(source_url="")))
    for options in ({"dry_run": True}, {}):
        errors = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("atlas_import", str(path), stdout=io.StringIO(), stderr=errors, **options)
        assert str(refused.value) == "1 problem(s); nothing was imported."
        assert "row 2, column source_url: A record cannot be published" in errors.getvalue()


def test_import_page_shows_the_refused_row_in_the_preview(client, user_with_role, published_without_address):
    client.force_login(user_with_role("editor"))
    page = client.post("/atlas/import/", {"file": SimpleUploadedFile("a.csv", _csv(_row(source_url="")))},
                       follow=True)
    assert page.status_code == 400
    assert page.context["can_confirm"] is False
    assert "A record cannot be published without at least one source with a web address." in page.content.decode()


# --- 2. language, verified, access dates ----------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("협동조합 기본법", "ko"), ("ソーシャルビジネス推進法", "ja"), ("労働者協同組合法", "zh"),
    ("中华人民共和国农民专业合作社法", "zh"),
    ("Akta Koperasi 1993", ""), ("", ""),
])
def test_language_is_guessed_from_the_script(text, language):
    assert guess_language(text) == language


def test_a_han_only_title_of_a_japanese_record_is_japanese():
    assert (guess_language("労働者協同組合法", country="JP"), guess_language("労働者協同組合法", country="CN")) == (
        "ja", "zh")


def test_import_sets_language_verified_and_access_dates(db):
    rows = [
        _row(),  # Hangul, no language given: guessed
        _row(country="JP", title="Social Business Act", title_local="ソーシャルビジネス推進法",
             title_local_language="", verified="yes", source_accessed_on="2024-05-01"),
        _row(country="MY", title="Cooperative Act", title_local="Akta Koperasi", title_local_language="ms",
             verified="no"),
    ]
    report = import_file(name="a.csv", raw=_csv(*rows), actor=None, dry_run=False)
    assert report.problems == []
    found = {i.country.code: (i.title_local_language, i.verified, [s.accessed_on for s in i.sources.all()])
             for i in Instrument.objects.prefetch_related("sources")}
    assert found == {"KR": ("ko", False, [None]), "JP": ("ja", True, [dt.date(2024, 5, 1)]),
                     "MY": ("ms", False, [None])}


def test_import_refuses_unknown_language_verified_and_dates(db):
    row = _row(title_local_language="klingon", verified="maybe", source_accessed_on="1 May 2024")
    report = import_file(name="a.csv", raw=_csv(row), actor=None, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "title_local_language"), (2, "verified"), (2, "source_accessed_on")]


def test_an_update_with_empty_new_columns_keeps_what_the_record_says(db):
    instrument = make_instrument(title="Framework Act on Cooperatives", title_local="협동조합 기본법",
                                 title_local_language="ko", verified=True,
                                 sources=[{"title": "CICOPA", "accessed_on": dt.date(2020, 1, 2),
                                           "url": "http://www.cicopa.coop/New-legislation-for-cooperatives.html"}])
    report = import_file(name="a.csv", raw=_csv(GOOD), actor=None, dry_run=False)
    assert (report.problems, report.updated) == ([], 1)  # the agency is new
    instrument.refresh_from_db()
    assert (instrument.title_local_language, instrument.verified,
            instrument.sources.get().accessed_on) == ("ko", True, dt.date(2020, 1, 2))


def test_export_then_import_with_the_new_columns_changes_nothing(db):
    from ssehub.atlas.exchange import export_csv

    make_instrument(title_local="労働者協同組合法", title_local_language="ja", verified=False,
                    sources=[{"title": "Gazette", "url": "https://example.org/g", "accessed_on": dt.date(2023, 3, 4)}])
    raw = export_csv(Instrument.objects.prefetch_related("sources"))
    report = import_file(name="a.csv", raw=raw, actor=None, dry_run=False)
    assert (report.problems, report.created, report.updated, report.unchanged) == ([], 0, 0, 1)


# --- 4. the closest existing institutions -----------------------------------------------------------

def test_preview_offers_the_closest_institutions_of_the_same_country(db):
    close = make_institution(country="KR", name="Ministry of Economy and Finance")
    make_institution(country="JP", name="Ministry of Economy, Trade and Industry")
    make_institution(country="KR", name="Korea Social Enterprise Promotion Agency")
    row = _row(agency="Ministry of Economy & Finance")
    report = import_file(name="a.csv", raw=_csv(row), actor=None, dry_run=True)
    assert [(a.key, a.suggestions) for a in report.new_agencies] == [
        ("KR|Ministry of Economy & Finance", [(close.pk, "Ministry of Economy and Finance")])]
    assert Institution.objects.count() == 3


def test_choosing_a_suggested_institution_creates_none(client, user_with_role, db):
    close = make_institution(country="KR", name="Ministry of Economy and Finance")
    client.force_login(user_with_role("editor"))
    raw = _csv(_row(agency="Ministry of Economy & Finance"))
    preview = client.post("/atlas/import/", {"file": SimpleUploadedFile("a.csv", raw)}, follow=True)
    page = preview.content.decode()
    assert f'name="agency-0" value="{close.pk}"' in page
    client.post(f"/atlas/import/{preview.context['token']}/", {"agency-0": str(close.pk)})
    assert Institution.objects.count() == 1
    assert Instrument.objects.get().institution == close


# --- 8. hostile files -------------------------------------------------------------------------------

def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_parsed(db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (51 * 1024 * 1024))
    raw = buffer.getvalue()
    assert len(raw) < 1024 * 1024
    with pytest.raises(ServiceError) as refused:
        read_table(name="bomb.xlsx", raw=raw)
    assert str(refused.value) == "The XLSX file unpacks to more than 50 MB. Split it into smaller files."


def test_a_sheet_with_a_stale_dimension_imports_every_row(db):
    rows = [list(COLUMNS)] + [
        ["KR", f"Act {n}", "", 2012, "law", "in_force", "", "finance", "", "A law.", "G", f"https://e.org/{n}"]
        for n in range(3)]
    raw = _xlsx(rows)
    # Rewrite the stored <dimension> as another program may have left it: the header row only.
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, replaced = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:L1"', data)
                assert replaced == 1
            target.writestr(info, data)
    report = import_file(name="a.xlsx", raw=buffer.getvalue(), actor=None, dry_run=False)
    assert (report.problems, report.created) == ([], 3)


def test_too_many_rows_are_refused(db):
    raw = (HEADER + "\r\n" + "KR,x\r\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(ServiceError) as refused:
        read_table(name="a.csv", raw=raw)
    assert str(refused.value) == "The file has more than 100,000 rows. Split it into smaller files."


def test_broken_utf8_after_a_bom_is_the_usual_message_in_the_page_and_the_command(client, user_with_role,
                                                                               tmp_path, db):
    message = "The file is not UTF-8 text. Save it as &#x27;CSV UTF-8&#x27; and try again."
    client.force_login(user_with_role("editor"))
    page = client.post("/atlas/import/", {"file": SimpleUploadedFile("a.csv", BAD_UTF8_AFTER_BOM)}, follow=True)
    assert page.status_code == 400
    assert message in page.content.decode()
    path = tmp_path / "a.csv"
    path.write_bytes(BAD_UTF8_AFTER_BOM)
    with pytest.raises(CommandError) as refused:
        call_command("atlas_import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(refused.value) == "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."


# --- 9. background jobs -----------------------------------------------------------------------------

def test_a_refused_file_shows_its_problems_to_the_page_that_polls(client, user_with_role, db):
    """htmx swaps only 2xx answers: the poll gets the report with 200 and stops polling, while the
    page itself keeps its 400."""
    client.force_login(user_with_role("editor"))
    page = client.post("/atlas/import/", {"file": SimpleUploadedFile("a.csv", BAD_UTF8_AFTER_BOM)}, follow=True)
    token = page.context["token"]
    assert page.status_code == 400
    poll = client.get(f"/atlas/import/{token}/", headers={"HX-Request": "true"})
    partial = poll.content.decode()
    assert poll.status_code == 200
    assert "The file is not UTF-8 text." in partial
    assert "hx-trigger" not in partial


def test_a_queued_job_page_shows_progress_and_polls(client, user_with_role, db):
    token = job_start(name="a.csv", raw=_csv(GOOD), user=None, language="en")
    client.force_login(user_with_role("editor"))
    page = client.get(f"/atlas/import/{token}/").content.decode()
    assert '<progress id="import-progress" max="100" value="0">' in page
    assert f'hx-get="/atlas/import/{token}/" hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    partial = client.get(f"/atlas/import/{token}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<section id="import-job"')
    assert "<h1>" not in partial


def test_a_job_survives_a_reload_and_its_upload_goes_when_it_ends(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    preview = client.post("/atlas/import/", {"file": SimpleUploadedFile("a.csv", _csv(GOOD))}, follow=True)
    token = preview.context["token"]
    assert sorted(path.name for path in folder().iterdir()) == [f"{token}.csv", f"{token}.json"]
    client.post(f"/atlas/import/{token}/")
    assert sorted(path.name for path in folder().iterdir()) == [f"{token}.json"]
    again = client.get(f"/atlas/import/{token}/").content.decode()
    assert "1 record created" in again
    assert "Import now" not in again
    assert job_state(token)["state"] == "done"
    # A second confirmation does nothing.
    client.post(f"/atlas/import/{token}/")
    assert Instrument.objects.count() == 1


def test_cleanup_removes_files_older_than_a_day(db):
    old = job_start(name="a.csv", raw=_csv(GOOD), user=None, language="en")
    new = job_start(name="a.csv", raw=_csv(GOOD), user=None, language="en")
    day_ago = time.time() - 25 * 3600
    for path in folder().glob(f"{old}.*"):
        os.utime(path, (day_ago, day_ago))
    assert jobs_cleanup() == 2
    assert sorted(path.name for path in folder().iterdir()) == [f"{new}.csv", f"{new}.json"]


def test_the_command_reports_progress(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(_csv(*[_row(title=f"Act {n}") for n in range(3)]))
    errors, out = io.StringIO(), io.StringIO()
    call_command("atlas_import", str(path), stdout=out, stderr=errors)
    assert out.getvalue().startswith("created 3, updated 0, unchanged 0 (were written)")
    assert errors.getvalue().splitlines()[-1] == "3/3 rows"


def test_a_job_whose_process_died_says_so(client, user_with_role, db):
    token = job_start(name="a.csv", raw=_csv(GOOD), user=None, language="en")
    state_file = folder() / f"{token}.json"
    state_file.write_text(state_file.read_text().replace('"state": "queued"', '"state": "running"'))
    hour_ago = time.time() - 3600
    os.utime(state_file, (hour_ago, hour_ago))
    client.force_login(user_with_role("editor"))
    page = client.get(f"/atlas/import/{token}/")
    assert page.status_code == 400
    assert "The import stopped before it ended" in page.content.decode()
