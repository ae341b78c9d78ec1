"""Import (CSV/XLSX, all or nothing, matching, encodings, limits) and lossless export round trips."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from ssehub.atlas.exchange import (
    COLUMNS,
    REQUIRED_COLUMNS,
    export_csv,
    export_json,
    export_xlsx,
    import_file,
)
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.selectors import SearchParams, instrument_search
from ssehub.core.errors import ServiceError
from tests.atlas.factories import make_institution, make_instrument

HEADER = ",".join(COLUMNS)
GOOD = ('KR,Framework Act on Cooperatives,협동조합 기본법,2012,law,in_force,Ministry of Economy and Finance,'
        'legal_framework;institutional_framework,cooperative,"A general law for cooperatives.",CICOPA,'
        'http://www.cicopa.coop/New-legislation-for-cooperatives.html')
BAD = 'XX,,,"someday",statute,in_force,,unknown_dimension,,,,ftp://nope'


def _csv(*rows: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def test_import_reports_every_problem_and_writes_nothing(db):
    report = import_file(name="atlas.csv", raw=_csv(GOOD, BAD), actor=None, dry_run=False)
    problems = {(p.row, p.column) for p in report.problems}
    assert {(3, "country"), (3, "title"), (3, "year"), (3, "type"), (3, "dimensions"), (3, "summary"),
            (3, "source_url")} <= problems
    assert Instrument.objects.count() == 0


def test_import_creates_then_updates_then_leaves_unchanged(db):
    first = import_file(name="atlas.csv", raw=_csv(GOOD), actor=None, dry_run=False)
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    instrument = Instrument.objects.get()
    assert instrument.is_published is True
    assert instrument.institution.name == "Ministry of Economy and Finance"
    again = import_file(name="atlas.csv", raw=_csv(GOOD), actor=None, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = import_file(name="atlas.csv", raw=_csv(GOOD.replace("2012", "2011")), actor=None, dry_run=False)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    assert Instrument.objects.get().year_adopted == 2011


def test_import_matches_on_the_original_title(db):
    import_file(name="atlas.csv", raw=_csv(GOOD), actor=None, dry_run=False)
    renamed = GOOD.replace("Framework Act on Cooperatives", "Basic Act on Cooperatives")
    report = import_file(name="atlas.csv", raw=_csv(renamed), actor=None, dry_run=False)
    assert (report.created, report.updated) == (0, 1)
    assert Instrument.objects.get().title == "Basic Act on Cooperatives"


def test_dry_run_writes_nothing(db):
    report = import_file(name="atlas.csv", raw=_csv(GOOD), actor=None, dry_run=True)
    assert report.created == 1
    assert Instrument.objects.count() == 0
    assert Institution.objects.count() == 0


@pytest.mark.parametrize("raw", [
    _csv(GOOD, encoding="utf-8-sig"),
    _csv(GOOD).replace(b"\r\n", b"\n"),
    "EXCEL_CP1252_SEMICOLON",
])
def test_import_reads_bom_excel_and_semicolon_csv(db, raw):
    if raw == "EXCEL_CP1252_SEMICOLON":
        # What Excel on a French or German Windows writes: cp1252 text, ';' between cells.
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerow(["PH", "Coopérative code", "", "1990", "law", "amended", "", "legal_framework;finance",
                         "cooperative", "Résumé of the code.", "CDA", "https://cda.gov.ph"])
        raw = buffer.getvalue().encode("cp1252")
    report = import_file(name="atlas.csv", raw=raw, actor=None, dry_run=True)
    assert report.problems == []
    assert report.created == 1


@pytest.mark.parametrize(("encoding", "country", "title", "local"), [
    ("cp949", "KR", "Social Value Procurement Act", "사회적가치 구매 촉진법"),   # Korean Excel's "CSV"
    ("cp932", "JP", "Worker Cooperatives Act", "労働者協同組合法"),           # Japanese Excel's
    ("gb18030", "CN", "Charity Law", "中华人民共和国慈善法"),                # Chinese Excel's
])
def test_excel_csv_in_an_asian_code_page_is_read_in_it_not_as_mojibake(db, encoding, country, title, local):
    row = (f'{country},{title},{local},2016,law,in_force,,legal_framework,cooperative,"A law.",'
           f'Official gazette,https://example.org/{country.lower()}')
    report = import_file(name="atlas.csv", raw=_csv(row, encoding=encoding), actor=None, dry_run=False)
    assert (report.problems, report.created) == ([], 1)
    assert Instrument.objects.get().title_local == local


def test_import_refuses_large_and_foreign_files(db):
    with pytest.raises(ServiceError, match="10 MB"):
        import_file(name="big.csv", raw=b"x" * (10 * 1024 * 1024 + 1), actor=None, dry_run=True)
    with pytest.raises(ServiceError, match="CSV and XLSX"):
        import_file(name="atlas.pdf", raw=b"%PDF-1.4", actor=None, dry_run=True)
    with pytest.raises(ServiceError, match="not an Excel"):
        import_file(name="atlas.xlsx", raw=b"country,title", actor=None, dry_run=True)


def test_import_reports_missing_columns(db):
    report = import_file(name="atlas.csv", raw=b"country,title\nKR,x\n", actor=None, dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [(1, ", ".join(c for c in REQUIRED_COLUMNS if c not in ("country", "title")))]


def _rows(instruments):
    return json.loads(export_json(instruments))["records"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_lossless(seeded_atlas, fmt):
    instruments = instrument_search(SearchParams()).prefetch_related("sources")
    before = _rows(instruments)
    raw = export_csv(instruments) if fmt == "csv" else export_xlsx(instruments)
    # Into the same database: every row is recognised and nothing changes.
    report = import_file(name=f"atlas.{fmt}", raw=raw, actor=None, dry_run=False)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(before))
    # Into an empty atlas: the records come back identical.
    Instrument.objects.all().delete()
    report = import_file(name=f"atlas.{fmt}", raw=raw, actor=None, dry_run=False)
    assert report.created == len(before)
    assert _rows(instrument_search(SearchParams()).prefetch_related("sources")) == before


def test_xlsx_export_has_a_licence_sheet(seeded_atlas):
    workbook = load_workbook(io.BytesIO(export_xlsx(Instrument.objects.filter(is_published=True))))
    assert workbook.sheetnames == ["Instruments", "Licence"]
    assert "CC BY 4.0" in workbook["Licence"]["A1"].value


def test_import_command_dry_run_and_real(db, tmp_path):
    path = tmp_path / "atlas.csv"
    path.write_bytes(_csv(GOOD))
    out = io.StringIO()
    call_command("atlas_import", str(path), "--dry-run", stdout=out)
    assert "created 1" in out.getvalue()
    assert Instrument.objects.count() == 0
    call_command("atlas_import", str(path), stdout=out)
    assert Instrument.objects.count() == 1


def test_import_command_fails_on_a_bad_row(db, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "atlas.csv"
    path.write_bytes(_csv(GOOD, BAD))
    with pytest.raises(CommandError):
        call_command("atlas_import", str(path), stdout=io.StringIO())
    assert Instrument.objects.count() == 0


def _upload(client, raw: bytes, name: str = "a.csv"):
    """Upload on the import page and follow to the job's page (the task ran at once in tests)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/atlas/import/", {"file": SimpleUploadedFile(name, raw)}, follow=True)


def test_import_page_preview_then_import(client, user_with_role, db):
    client.force_login(user_with_role("editor"))
    bad = _upload(client, _csv(GOOD, BAD))
    assert bad.status_code == 400
    assert "is not an ISO 3166" in bad.content.decode()
    preview = _upload(client, _csv(GOOD))
    assert preview.status_code == 200
    assert preview.context["can_confirm"] is True
    assert Instrument.objects.count() == 0
    done = client.post(f"/atlas/import/{preview.context['token']}/", follow=True)
    assert done.status_code == 200
    assert "1 record created" in done.content.decode()
    assert Instrument.objects.count() == 1


def test_example_file_imports_cleanly(db):
    from pathlib import Path

    raw = (Path(__file__).resolve().parents[2] / "docs/examples/atlas-import-example.csv").read_bytes()
    report = import_file(name="atlas-import-example.csv", raw=raw, actor=None, dry_run=True)
    assert report.problems == []
    assert report.created >= 3


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)"])
def test_formula_looking_text_cannot_run_in_exports_and_survives_the_round_trip(db, text):
    institution = make_institution(country="KR", name=text)
    make_instrument(title=text, summary=text, institution=institution)
    fields = ("title", "summary", "agency")

    def exported():
        return Instrument.objects.select_related("institution").prefetch_related("sources")

    raw_csv = export_csv(exported())
    assert raw_csv.startswith("\ufeff# Licence: CC BY 4.0".encode())
    lines = list(csv.reader(io.StringIO(raw_csv.decode("utf-8-sig").split("\r\n", 1)[1])))
    record = dict(zip(lines[0], lines[1], strict=True))
    assert [record[field] for field in fields] == ["'" + text] * 3  # an apostrophe: text, never a formula
    raw_xlsx = export_xlsx(exported())
    sheet = load_workbook(io.BytesIO(raw_xlsx))["Instruments"]
    header = [cell.value for cell in sheet[1]]
    cells = [sheet.cell(row=2, column=header.index(field) + 1) for field in fields]
    assert [(cell.data_type, cell.value) for cell in cells] == [("s", text)] * 3  # text cells, not "f"
    for fmt, raw in (("csv", raw_csv), ("xlsx", raw_xlsx)):
        again = import_file(name=f"atlas.{fmt}", raw=raw, actor=None, dry_run=False)
        assert (again.problems, again.created, again.updated, again.unchanged) == ([], 0, 0, 1)
    Instrument.objects.all().delete()
    Institution.objects.all().delete()
    for fmt, raw in (("csv", raw_csv), ("xlsx", raw_xlsx)):
        report = import_file(name=f"atlas.{fmt}", raw=raw, actor=None, dry_run=False)
        instrument = Instrument.objects.select_related("institution").get()
        assert (report.created, instrument.title, instrument.summary, instrument.institution.name) == (
            1 if fmt == "csv" else 0, text, text, text)
