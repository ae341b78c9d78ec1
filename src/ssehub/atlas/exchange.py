"""Import and export of instruments as CSV, XLSX and JSON, with one set of columns.

A row: country,title,title_local,year,type,status,agency,dimensions,entity_types,summary,
source_title,source_url. `dimensions` and `entity_types` hold scheme codes separated by ';'.
Several sources go on separate lines inside the two source cells, title n matching address n.
Lines before the header that start with '#' (the licence note) are skipped.

Files are written by `ssehub.core.tabular`, which neutralises text a spreadsheet would run as a
formula (a leading apostrophe in CSV, text cells in XLSX); the importer takes the apostrophe off
again (`restore_cell`), so an export imported back changes nothing.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import OperationalError, transaction
from django.utils.translation import gettext as _
from django_countries import countries as all_countries
from openpyxl import load_workbook

from ssehub.atlas.enums import Dimension, EntityType, InstitutionKind, InstrumentType, Status
from ssehub.atlas.facet_cache import lock_writes
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.services import (
    IMPORTED,
    changed_fields,
    institution_create,
    instrument_create,
    instrument_update,
)
from ssehub.core.actionlog import log_action
from ssehub.core.errors import ServiceError
from ssehub.core.tabular import Sheet, csv_bytes, restore_cell, xlsx_bytes

COLUMNS = (
    "country", "title", "title_local", "year", "type", "status", "agency", "dimensions", "entity_types",
    "summary", "source_title", "source_url",
)
MAX_BYTES = 10 * 1024 * 1024
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "SSE Policy Hub, Policy Atlas"


def licence_note() -> str:
    return f"Licence: {LICENCE_NAME} ({LICENCE_URL}). Attribution: {ATTRIBUTION}."


# --- export ------------------------------------------------------------------------------------

def instrument_row(instrument: Instrument) -> dict[str, str]:
    sources = list(instrument.sources.all())
    return {
        "country": str(instrument.country),
        "title": instrument.title,
        "title_local": instrument.title_local,
        "year": "" if instrument.year_adopted is None else str(instrument.year_adopted),
        "type": instrument.type,
        "status": instrument.status,
        "agency": instrument.institution.name if instrument.institution else "",
        "dimensions": ";".join(instrument.dimensions),
        "entity_types": ";".join(instrument.entity_types),
        "summary": instrument.summary,
        "source_title": "\n".join(source.title for source in sources),
        "source_url": "\n".join(source.url for source in sources),
    }


def _table_rows(instruments):
    for instrument in instruments:
        row = instrument_row(instrument)
        yield [row[column] for column in COLUMNS]


def export_csv(instruments) -> bytes:
    """The licence note first (a '#' line the importer skips), then the header and one row each."""
    return csv_bytes(COLUMNS, _table_rows(instruments), preamble=[licence_note()])


def export_xlsx(instruments) -> bytes:
    return xlsx_bytes([
        Sheet(title="Instruments", header=COLUMNS, rows=_table_rows(instruments)),
        Sheet(title="Licence", header=[licence_note()]),
    ])


def export_json(instruments) -> bytes:
    document = {
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION},
        "columns": list(COLUMNS),
        "records": [instrument_row(instrument) for instrument in instruments],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


# --- import: reading ---------------------------------------------------------------------------

@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_institutions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why."""


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Western Windows saves "CSV" in cp1252; anything else is refused below.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")) from error


def _read_csv(raw: bytes) -> list[list[str]]:
    text = _decode(raw)
    lines = text.splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    if not lines:
        raise ImportFileError(_("The file is empty."))
    header = lines[0]
    # Excel writes ';' where the decimal separator is a comma; the header tells which one it used.
    delimiter = max(",;\t", key=lambda candidate: len(header.split(candidate)))
    return [[restore_cell(cell) for cell in row]
            for row in csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)]


def _read_xlsx(raw: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if value is None else restore_cell(str(value)) for value in values]
        if cells and cells[0].lstrip().startswith("#") and not rows:
            continue
        rows.append(cells)
    workbook.close()
    return rows


def read_table(*, name: str, raw: bytes) -> list[list[str]]:
    if len(raw) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB. Split it into smaller files."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not raw.startswith(b"PK"):
            raise ImportFileError(_("The file is named .xlsx but is not an Excel workbook."))
        return _read_xlsx(raw)
    if lower.endswith(".csv"):
        if raw.startswith(b"PK") or b"\x00" in raw[:2048]:
            raise ImportFileError(_("The file is named .csv but is not text."))
        return _read_csv(raw)
    raise ImportFileError(_("Only CSV and XLSX files can be imported."))


# --- import: checking --------------------------------------------------------------------------

def _split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.replace(",", ";").split(";") if code.strip()]


def _check_row(number: int, row: dict[str, str], report: ImportReport) -> dict[str, Any] | None:
    problems_before = len(report.problems)

    def problem(column: str, message: str) -> None:
        report.problems.append(Problem(row=number, column=column, message=message))

    country = row["country"].strip().upper()
    if not country:
        problem("country", _("The country is missing."))
    elif country not in dict(all_countries):
        problem("country", _("'%(value)s' is not an ISO 3166 two-letter country code.") % {"value": country})
    title = row["title"].strip()
    if not title:
        problem("title", _("The title is missing."))
    elif len(title) > 400:
        problem("title", _("The title is longer than 400 characters."))
    if len(row["title_local"].strip()) > 400:
        problem("title_local", _("The title is longer than 400 characters."))
    if len(row["agency"].strip()) > 300:
        problem("agency", _("The name is longer than 300 characters."))
    year = None
    if row["year"].strip():
        try:
            year = int(float(row["year"].strip()))
            if not 1800 <= year <= 2100:
                raise ValueError
        except ValueError:
            problem("year", _("'%(value)s' is not a year.") % {"value": row["year"]})
    for column, choices in (("type", InstrumentType), ("status", Status)):
        value = row[column].strip()
        if not value:
            problem(column, _("This column is required."))
        elif value not in choices.values:
            problem(column, _("'%(value)s' is not one of: %(allowed)s.") % {
                "value": value, "allowed": ", ".join(choices.values)})
    codes = {}
    for column, choices in (("dimensions", Dimension), ("entity_types", EntityType)):
        codes[column] = _split_codes(row[column])
        unknown = [code for code in codes[column] if code not in choices.values]
        if unknown:
            problem(column, _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not codes["dimensions"] and "dimensions" not in {p.column for p in report.problems[problems_before:]}:
        problem("dimensions", _("Give at least one policy dimension."))
    if not row["summary"].strip():
        problem("summary", _("The summary is missing."))
    titles = [line.strip() for line in row["source_title"].splitlines() if line.strip()]
    urls = [line.strip() for line in row["source_url"].splitlines()]
    urls = urls + [""] * (len(titles) - len(urls))
    for url in urls:
        if url and not url.startswith(("http://", "https://")):
            problem("source_url", _("'%(value)s' is not a web address.") % {"value": url})
    if len([u for u in urls if u]) > len(titles):
        problem("source_title", _("Every source address needs a title on the same line."))
    if len(report.problems) > problems_before:
        return None
    return {
        "country": country, "title": title, "title_local": row["title_local"].strip(), "year_adopted": year,
        "type": row["type"].strip(), "status": row["status"].strip(), "agency": row["agency"].strip(),
        "dimensions": codes["dimensions"], "entity_types": codes["entity_types"],
        "summary": row["summary"].strip(),
        "sources": [{"title": t, "url": u, "accessed_on": None} for t, u in zip(titles, urls, strict=False)],
    }


def check_table(table: list[list[str]]) -> ImportReport:
    report = ImportReport()
    if not table:
        report.problems.append(Problem(row=1, column="", message=_("The file is empty.")))
        return report
    header = [cell.strip().lower().lstrip("\ufeff") for cell in table[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        report.problems.append(Problem(row=1, column=", ".join(missing), message=_(
            "These columns are missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    positions = {column: header.index(column) for column in COLUMNS}
    seen = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {column: (cells[index] if index < len(cells) else "") for column, index in positions.items()}
        checked = _check_row(number, row, report)
        if checked is None:
            continue
        key = (checked["country"], checked["title"].lower())
        if key in seen:
            report.problems.append(Problem(row=number, column="title", message=_(
                "The same country and title are already on row %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = number
        checked["row"] = number
        report.rows.append(checked)
    return report


# --- import: writing ---------------------------------------------------------------------------

def _match(row: dict[str, Any]) -> Instrument | None:
    candidates = Instrument.objects.filter(country=row["country"], title__iexact=row["title"])
    found = candidates.first()
    if found is None and row["title_local"]:
        found = Instrument.objects.filter(country=row["country"], title_local=row["title_local"]).first()
    return found


def _institution(row: dict[str, Any], report: ImportReport, *, actor, dry_run: bool) -> Institution | None:
    name = row["agency"]
    if not name:
        return None
    found = (Institution.objects.filter(country=row["country"], name__iexact=name).first()
             or Institution.objects.filter(country=row["country"], name_local=name).first())
    if found:
        return found
    report.new_institutions.append(f"{row['country']}: {name}")
    if dry_run:
        return None
    return institution_create(actor=actor, data={"country": row["country"], "name": name,
                                                 "kind": InstitutionKind.AGENCY})


def _busy(error: OperationalError) -> bool:
    """The database gave up waiting for another write (SQLite's lock timeout, a PostgreSQL deadlock)."""
    text = str(error).lower()
    return "locked" in text or "deadlock" in text


def apply_import(report: ImportReport, *, actor, dry_run: bool = False) -> ImportReport:
    """Write every checked row in one transaction (or only count, for a dry run), logged as one
    import with its counts. Imports run one at a time: the second of two confirmed at once waits,
    then finds the first one's records (and counts them unchanged) instead of creating them again.
    A row the services refuse, or a database too busy to wait for, is a ServiceError; nothing is written."""
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            if not dry_run:
                lock_writes()
            _write_rows(report, actor=actor, dry_run=dry_run)
            if not dry_run:
                log_action(actor=actor, verb=IMPORTED, data={
                    "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                    "new_institutions": len(report.new_institutions)})
    except OperationalError as error:
        if not _busy(error):
            raise
        raise ServiceError(_("Another change to the atlas was being saved at the same time and the import "
                             "could not wait for it. Nothing was imported: try again."), code="busy") from error
    return report


def _write_rows(report: ImportReport, *, actor, dry_run: bool) -> None:
    for row in report.rows:
        try:
            _write_row(row, report, actor=actor, dry_run=dry_run)
        except ServiceError as error:
            raise ServiceError(_("Row %(row)s: %(message)s") % {"row": row["row"], "message": error.message},
                               code=error.code, errors=error.errors) from error


def _write_row(row: dict[str, Any], report: ImportReport, *, actor, dry_run: bool) -> None:
    data = {key: value for key, value in row.items() if key not in ("agency", "row")}
    existing = _match(row)
    data["institution"] = _institution(row, report, actor=actor, dry_run=dry_run)
    if dry_run and row["agency"] and data["institution"] is None and existing:
        data.pop("institution")
    if existing is None:
        report.created += 1
        if not dry_run:
            instrument_create(actor=actor, data=data, publish=any(s["url"] for s in data["sources"]),
                              message="Imported")
        return
    # The columns carry no access dates: keep the ones already recorded for the same source.
    known = {(s.title, s.url): s.accessed_on for s in existing.sources.all()}
    data["sources"] = [{**s, "accessed_on": known.get((s["title"], s["url"]))} for s in data["sources"]]
    if not changed_fields(existing, data):
        report.unchanged += 1
        return
    report.updated += 1
    if not dry_run:
        # An update leaves the published/draft state as the editors set it.
        instrument_update(instrument=existing, actor=actor, data=data,
                          expected_version=existing.version, message="Imported")


def import_file(*, name: str, raw: bytes, actor, dry_run: bool) -> ImportReport:
    report = check_table(read_table(name=name, raw=raw))
    return apply_import(report, actor=actor, dry_run=dry_run)
