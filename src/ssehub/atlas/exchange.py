"""Import and export of instruments as CSV, XLSX and JSON, with one set of columns.

A row: country,title,title_local,year,type,status,agency,dimensions,entity_types,summary,
source_title,source_url, then three optional columns: title_local_language, verified and
source_accessed_on. `dimensions` and `entity_types` hold scheme codes separated by ';'. Several
sources go on separate lines inside the source cells, title n matching address n and date n.
Lines before the header that start with '#' (the licence note) are skipped.

Files are written by `ssehub.core.tabular`, which neutralises text a spreadsheet would run as a
formula (a leading apostrophe in CSV, text cells in XLSX); the importer takes the apostrophe off
again (`restore_cell`), so an export imported back changes nothing.

A preview (and `atlas_import --dry-run`) runs the write's own code: new records and changed ones go
through `bulk.instruments_create_many` and `bulk_update.instruments_update_many` with `check_only`,
which apply every rule and stop before writing; new agencies are really created, then rolled back.
It cannot call a file valid that the write then refuses (one code path).
"""

import contextlib
import csv
import datetime as dt
import difflib
import gc
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any

import charset_normalizer
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries as all_countries
from openpyxl import load_workbook

from ssehub.atlas.bulk import instruments_create_many
from ssehub.atlas.bulk_update import LISTED, Change, instruments_update_many
from ssehub.atlas.enums import TITLE_LANGUAGES, Dimension, EntityType, InstitutionKind, InstrumentType, Status
from ssehub.atlas.facet_cache import data_changed, lock_writes
from ssehub.atlas.models import Institution, Instrument
from ssehub.atlas.scripts import guess_language
from ssehub.atlas.services import IMPORTED, institution_create
from ssehub.core.actionlog import log_action
from ssehub.core.errors import STALE, ServiceError
from ssehub.core.tabular import Sheet, csv_bytes, restore_cell, xlsx_bytes
from ssehub.core.timezones import zone_label

REQUIRED_COLUMNS = (
    "country", "title", "title_local", "year", "type", "status", "agency", "dimensions", "entity_types",
    "summary", "source_title", "source_url",
)
# Optional on import (older files lack them); every export writes them.
OPTIONAL_COLUMNS = ("title_local_language", "verified", "source_accessed_on")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_BYTES = 10 * 1024 * 1024
# An XLSX is a zip: a small file can unpack to gigabytes. Refused before it is parsed.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "SSE Policy Hub, Policy Atlas"
YES = {"yes", "true", "1", "y", "x"}
NO = {"no", "false", "0", "n"}
# A refused row's field, as the column that holds it.
FIELD_COLUMNS = {"year_adopted": "year", "institution": "agency", "sources": "source_url",
                 "dimension_mask": "dimensions", "entity_type_mask": "entity_types"}


def licence_note() -> str:
    return f"Licence: {LICENCE_NAME} ({LICENCE_URL}). Attribution: {ATTRIBUTION}."


# --- export ------------------------------------------------------------------------------------

def instrument_row(instrument: Instrument) -> dict[str, Any]:
    """One record under the import columns; the year is a number (a number cell in XLSX)."""
    sources = list(instrument.sources.all())
    return {
        "country": str(instrument.country),
        "title": instrument.title,
        "title_local": instrument.title_local,
        "year": instrument.year_adopted,
        "type": instrument.type,
        "status": instrument.status,
        "agency": instrument.institution.name if instrument.institution else "",
        "dimensions": ";".join(instrument.dimensions),
        "entity_types": ";".join(instrument.entity_types),
        "summary": instrument.summary,
        "source_title": "\n".join(source.title for source in sources),
        "source_url": "\n".join(source.url for source in sources),
        "title_local_language": instrument.title_local_language,
        "verified": "yes" if instrument.verified else "no",
        "source_accessed_on": "\n".join(source.accessed_on.isoformat() if source.accessed_on else ""
                                        for source in sources).rstrip("\n"),
    }


def _table_rows(instruments):
    for instrument in instruments:
        row = instrument_row(instrument)
        yield ["" if row[column] is None else row[column] for column in COLUMNS]


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
class NewAgency:
    """A free-text agency no institution matches, with the closest names of that country."""

    key: str  # "KR|Ministry of Economy", what the confirm form sends back
    country: str
    name: str
    suggestions: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_agencies: list[NewAgency] = field(default_factory=list)
    # Row number -> (record id, version) of each row that changes a record, as this run found them:
    # the write confirmed after a preview is held to what the preview showed (`expected`).
    matched: dict[int, tuple[int, int]] = field(default_factory=dict)
    # What the file does to the first rows, for the editor to see before confirming: {"row", "title",
    # and for a change "pk", "was" (its title before) and "fields"}.
    listed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_institutions(self) -> list[str]:
        return [f"{agency.country}: {agency.name}" for agency in self.new_agencies]

    def summary(self) -> dict[str, Any]:
        """JSON-ready, without the checked rows (what the status page and the command show)."""
        return {"problems": [asdict(problem) for problem in self.problems], "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged,
                "new_agencies": [asdict(agency) for agency in self.new_agencies], "listed": self.listed}

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> "ImportReport":
        return cls(problems=[Problem(**problem) for problem in data["problems"]], created=data["created"],
                   updated=data["updated"], unchanged=data["unchanged"], listed=data.get("listed", []),
                   new_agencies=[NewAgency(key=agency["key"], country=agency["country"], name=agency["name"],
                                           suggestions=[tuple(pair) for pair in agency["suggestions"]])
                                 for agency in data["new_agencies"]])


FILE_REFUSED = "file"


def file_refused(message) -> ServiceError:
    """The file as a whole cannot be read (the one error type, code "file"); the message says why."""
    return ServiceError(message, code=FILE_REFUSED)


LEGACY_ENCODINGS = ("cp1252", "cp949", "cp932", "gb18030", "big5")


def _not_text() -> ServiceError:
    return file_refused(_("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."))


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            # A BOM promises UTF-8: no guessing at another encoding.
            raise _not_text() from error
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excel saves "CSV" in the Windows code page of the machine: cp1252 in the West, cp949 in Korea,
    # cp932 in Japan, GB18030 in China, Big5 in Taiwan. Read as cp1252 unconditionally, a Korean
    # file became mojibake that the preview accepted; the encoding is detected among these instead.
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise _not_text()
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise _not_text() from error


def _too_many_rows() -> ServiceError:
    return file_refused(_("The file has more than %(limit)s rows. Split it into smaller files.")
                           % {"limit": f"{MAX_ROWS:,}"})


def _read_csv(raw: bytes) -> list[list[str]]:
    text = _decode(raw)
    lines = text.splitlines(keepends=True)
    while lines and lines[0].lstrip().startswith("#"):
        lines.pop(0)
    if not lines:
        raise file_refused(_("The file is empty."))
    header = lines[0]
    # Excel writes ';' where the decimal separator is a comma; the header tells which one it used.
    delimiter = max(",;\t", key=lambda candidate: len(header.split(candidate)))
    rows = []
    for row in csv.reader(io.StringIO("".join(lines)), delimiter=delimiter):
        rows.append([restore_cell(cell) for cell in row])
        if len(rows) > MAX_ROWS + 1:
            raise _too_many_rows()
    return rows


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore_cell(str(value))


def _read_xlsx(raw: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise file_refused(_("The XLSX file cannot be read.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise file_refused(_("The XLSX file unpacks to more than 50 MB. Split it into smaller files."))
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise file_refused(_("The XLSX file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        # The stored <dimension> may be out of date (rows added by another program): read every row.
        sheet.reset_dimensions()
        rows = []
        for values in sheet.iter_rows(values_only=True):
            cells = [_xlsx_text(value) for value in values]
            if cells and cells[0].lstrip().startswith("#") and not rows:
                continue
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows()
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise file_refused(_("The XLSX file cannot be read.")) from error
    finally:
        workbook.close()
    return rows


def read_table(*, name: str, raw: bytes) -> list[list[str]]:
    if len(raw) > MAX_BYTES:
        raise file_refused(_("The file is larger than 10 MB. Split it into smaller files."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not raw.startswith(b"PK"):
            raise file_refused(_("The file is named .xlsx but is not an Excel workbook."))
        return _read_xlsx(raw)
    if lower.endswith(".csv"):
        if raw.startswith(b"PK") or b"\x00" in raw[:2048]:
            raise file_refused(_("The file is named .csv but is not text."))
        return _read_csv(raw)
    raise file_refused(_("Only CSV and XLSX files can be imported."))


# --- import: checking --------------------------------------------------------------------------

def _split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.replace(",", ";").split(";") if code.strip()]


class _Vocabulary:
    """The allowed codes, built once per file (not per row: 100,000 rows)."""

    def __init__(self):
        self.countries = frozenset(code for code, _name in all_countries)
        self.choices = {"type": tuple(InstrumentType.values), "status": tuple(Status.values),
                        "dimensions": frozenset(Dimension.values), "entity_types": frozenset(EntityType.values)}
        self.languages = frozenset(code for code, _label in TITLE_LANGUAGES)


def _check_row(number: int, row: dict[str, str], report: ImportReport, vocabulary: _Vocabulary
               ) -> dict[str, Any] | None:
    problems_before = len(report.problems)

    def problem(column: str, message: str) -> None:
        report.problems.append(Problem(row=number, column=column, message=message))

    country = row["country"].strip().upper()
    if not country:
        problem("country", _("The country is missing."))
    elif country not in vocabulary.countries:
        problem("country", _("'%(value)s' is not an ISO 3166 two-letter country code.") % {"value": country})
    title = row["title"].strip()
    if not title:
        problem("title", _("The title is missing."))
    elif len(title) > 400:
        problem("title", _("The title is longer than 400 characters."))
    title_local = row["title_local"].strip()
    if len(title_local) > 400:
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
    for column in ("type", "status"):
        value = row[column].strip()
        allowed = vocabulary.choices[column]
        if not value:
            problem(column, _("This column is required."))
        elif value not in allowed:
            problem(column, _("'%(value)s' is not one of: %(allowed)s.") % {
                "value": value, "allowed": ", ".join(allowed)})
    codes = {}
    for column in ("dimensions", "entity_types"):
        codes[column] = _split_codes(row[column])
        unknown = [code for code in codes[column] if code not in vocabulary.choices[column]]
        if unknown:
            problem(column, _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if not codes["dimensions"] and "dimensions" not in {p.column for p in report.problems[problems_before:]}:
        problem("dimensions", _("Give at least one policy dimension."))
    if not row["summary"].strip():
        problem("summary", _("The summary is missing."))
    language = row["title_local_language"].strip().lower()
    if language and language not in vocabulary.languages:
        problem("title_local_language", _("'%(value)s' is not one of: %(allowed)s.") % {
            "value": language, "allowed": ", ".join(sorted(vocabulary.languages))})
    verified_text = row["verified"].strip().lower()
    verified = True if verified_text in YES else False if verified_text in NO else None
    if verified_text and verified is None:
        problem("verified", _("Write yes or no."))
    titles = [line.strip() for line in row["source_title"].splitlines() if line.strip()]
    urls = [line.strip() for line in row["source_url"].splitlines()]
    urls = urls + [""] * (len(titles) - len(urls))
    for url in urls:
        if url and not url.startswith(("http://", "https://")):
            problem("source_url", _("'%(value)s' is not a web address.") % {"value": url})
    if len([u for u in urls if u]) > len(titles):
        problem("source_title", _("Every source address needs a title on the same line."))
    dates = []
    for line in row["source_accessed_on"].splitlines():
        try:
            dates.append(dt.date.fromisoformat(line.strip()) if line.strip() else None)
        except ValueError:
            problem("source_accessed_on", _("Write the date accessed as YYYY-MM-DD."))
    if len([d for d in dates if d]) > len(titles):
        problem("source_accessed_on", _("Every date accessed needs a source title on the same line."))
    dates = dates + [None] * (len(titles) - len(dates))
    if len(report.problems) > problems_before:
        return None
    return {
        "country": country, "title": title, "title_local": title_local, "year_adopted": year,
        "type": row["type"].strip(), "status": row["status"].strip(), "agency": row["agency"].strip(),
        "dimensions": codes["dimensions"], "entity_types": codes["entity_types"],
        "summary": row["summary"].strip(),
        # Empty: the script of the original title tells, where it can (a record keeps its own otherwise).
        "title_local_language": language, "language_guess": guess_language(title_local, country=country) if not language else "",
        "verified": verified,
        "sources": [{"title": t, "url": u, "accessed_on": d} for t, u, d in zip(titles, urls, dates, strict=False)],
        "dates_given": any(dates),
    }


def check_table(table: list[list[str]], *, progress=None) -> ImportReport:
    report = ImportReport()
    if not table:
        report.problems.append(Problem(row=1, column="", message=_("The file is empty.")))
        return report
    header = [cell.strip().lower().lstrip("\ufeff") for cell in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.problems.append(Problem(row=1, column=", ".join(missing), message=_(
            "These columns are missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    positions = {column: header.index(column) for column in COLUMNS if column in header}
    vocabulary = _Vocabulary()
    seen = {}
    for number, cells in enumerate(table[1:], start=2):
        if progress is not None and number % 5000 == 0:
            progress(number)
        if not any(cell.strip() for cell in cells):
            continue
        row = {column: (cells[positions[column]] if positions.get(column, len(cells)) < len(cells) else "")
               for column in COLUMNS}
        checked = _check_row(number, row, report, vocabulary)
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

def _normalised_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def closest_institutions(name: str, candidates: list[Institution], *, limit: int = 3,
                         cutoff: float = 0.6) -> list[tuple[int, str]]:
    """The institutions (of the same country) whose normalised names are closest to `name`."""
    wanted = _normalised_name(name)
    scored = []
    for institution in candidates:
        best = max(difflib.SequenceMatcher(None, wanted, _normalised_name(other)).ratio()
                   for other in (institution.name, institution.name_local) if other)
        if best >= cutoff:
            scored.append((-best, institution.name, institution.pk))
    return [(pk, name) for _score, name, pk in sorted(scored)[:limit]]


def _busy(error: OperationalError) -> bool:
    """The database gave up waiting for another write (SQLite's lock timeout, a PostgreSQL deadlock)."""
    text = str(error).lower()
    return "locked" in text or "deadlock" in text


def apply_import(report: ImportReport, *, actor, dry_run: bool = False, agency_choices: dict | None = None,
                 progress=None, expected: dict[int, tuple[int, int]] | None = None) -> ImportReport:
    """Write every checked row in one transaction, logged as one import with its counts. A dry run
    (the preview) runs the same code, which checks the new and the changed records by the write's
    rules without writing them (`instruments_create_many`, `instruments_update_many`). A row they
    refuse becomes a problem of that row and nothing is written. Imports run one at a time: the
    second of two confirmed at once waits, then finds the first one's records (and counts them
    unchanged).
    `agency_choices` maps a new agency's key ("KR|name") to an institution id, or "new".
    `expected` (the preview's `matched`) holds a confirmed write to what its preview showed: a row
    whose record was saved, added, renamed or deleted since is refused, and nothing is written."""
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            lock_writes()
            _write_rows(report, actor=actor, agency_choices=agency_choices or {}, progress=progress,
                        dry_run=dry_run, expected=expected)
            if dry_run or report.problems:
                transaction.set_rollback(True)
            else:
                log_action(actor=actor, verb=IMPORTED, data={
                    "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                    "new_institutions": len(report.new_agencies)})
    except OperationalError as error:
        if not _busy(error):
            raise
        raise ServiceError(_("Another change to the atlas was being saved at the same time and the import "
                             "could not wait for it. Nothing was imported: try again."), code="busy") from error
    report.problems.sort(key=lambda problem: problem.row)
    return report


def changed_since_preview(error: ServiceError | None = None) -> ServiceError:
    """A row whose record changed between the preview and the write: the write refuses rather than
    overwrite a save the editor who confirmed never saw (`error`: the stale refusal naming who saved)."""
    detail = error.detail if error is not None else {}
    if detail.get("by"):
        at = dt.datetime.fromisoformat(detail["at"])
        # Written by the worker in the editor's zone (the job's), named: they may read it elsewhere.
        when = (f"{date_format(timezone.localtime(at), 'DATETIME_FORMAT')} "
                f"({zone_label(timezone.get_current_timezone_name(), at=at)})")
        message = _("%(person)s changed this record at %(time)s, after the preview. Nothing was imported: "
                    "upload the file again to see what it changes now.") % {"person": detail["by"], "time": when}
    else:
        message = _("The record this row matches was added, renamed or deleted after the preview. Nothing "
                    "was imported: upload the file again to see what it changes now.")
    return ServiceError(message, code=STALE, detail=detail)


def _refused(report: ImportReport, row_number: int, error: ServiceError) -> None:
    column = FIELD_COLUMNS.get(error.field or "", error.field or "")
    report.problems.append(Problem(row=row_number, column=column if column in COLUMNS else "",
                                   message=" ".join(error.messages())))


class _Institutions:
    """The file's countries' institutions, read once; new names created through the service."""

    def __init__(self, countries: set[str], choices: dict, report: ImportReport, actor):
        self.known = list(Institution.objects.filter(country__in=countries).order_by("country", "name"))
        self.by_id = {institution.pk: institution for institution in self.known}
        self.by_name = {}
        for institution in self.known:
            self.by_name.setdefault((str(institution.country), institution.name.lower()), institution)
            if institution.name_local:
                self.by_name.setdefault((str(institution.country), institution.name_local.lower()), institution)
        self.choices, self.report, self.actor = choices, report, actor

    def get(self, row: dict[str, Any]) -> Institution | None:
        name, country = row["agency"], row["country"]
        if not name:
            return None
        found = self.by_name.get((country, name.lower()))
        if found is not None:
            return found
        key = f"{country}|{name}"
        choice = self.choices.get(key, "new")
        chosen = self.by_id.get(int(choice)) if str(choice).isdigit() else None
        if chosen is not None and str(chosen.country) == country:
            self.by_name[(country, name.lower())] = chosen
            return chosen
        same_country = [institution for institution in self.known if str(institution.country) == country]
        self.report.new_agencies.append(NewAgency(key=key, country=country, name=name,
                                                  suggestions=closest_institutions(name, same_country)))
        created = institution_create(actor=self.actor, data={"country": country, "name": name,
                                                             "kind": InstitutionKind.AGENCY})
        self.by_name[(country, name.lower())] = created
        return created


def _write_rows(report: ImportReport, *, actor, agency_choices: dict, progress, dry_run: bool,
                expected: dict[int, tuple[int, int]] | None) -> None:
    countries = {row["country"] for row in report.rows}
    by_title, by_local, versions = {}, {}, {}
    for pk, country, title, title_local, version in (
            Instrument.objects.filter(country__in=countries).order_by("id")
            .values_list("id", "country", "title", "title_local", "version")):
        by_title.setdefault((country, title.lower()), pk)
        if title_local:
            by_local.setdefault((country, title_local), pk)
        versions[pk] = version
    institutions = _Institutions(countries, agency_choices, report, actor)
    creates, updates = [], []
    for row in report.rows:
        try:
            institution = institutions.get(row)
        except ServiceError as error:
            _refused(report, row["row"], error)
            continue
        data = {key: value for key, value in row.items()
                if key not in ("agency", "row", "language_guess", "dates_given", "verified")}
        data["institution"] = institution
        match = by_title.get((row["country"], row["title"].lower()))
        if match is None and row["title_local"]:
            match = by_local.get((row["country"], row["title_local"]))
        planned = expected.get(row["row"]) if expected is not None else None
        if expected is not None and (planned[0] if planned else None) != match:
            _refused(report, row["row"], changed_since_preview())
            continue
        if match is None:
            data["title_local_language"] = row["title_local_language"] or row["language_guess"]
            data["verified"] = bool(row["verified"])
            creates.append((row["row"], data))
        else:
            # Made against the version read above, as an editor's form is (two rows matching one
            # record: the second is refused as a stale edit when the first changed it).
            version = planned[1] if planned else versions[match]
            report.matched[row["row"]] = (match, version)
            updates.append(Change(key=row["row"], pk=match, expected_version=version, data=data))
    total = len(report.rows)

    def rows_done(before: int):
        return None if progress is None else lambda done: progress(before + done, total)

    # Nothing is written by a preview, nor after a refused row (the whole import is rolled back).
    created = instruments_create_many(actor=actor, rows=creates, message="Imported", check_only=dry_run,
                                      progress=rows_done(0))
    report.created = created.checked
    for row_number, error in created.refused.items():
        _refused(report, row_number, error)
    rows_by_number = {row["row"]: row for row in report.rows}
    updated = instruments_update_many(
        actor=actor, rows=updates, message="Imported", check_only=dry_run or bool(report.problems),
        complete=lambda record, number, data: _completed(record, rows_by_number[number], data),
        progress=rows_done(len(creates)))
    report.updated, report.unchanged = len(updated.ids), updated.unchanged
    report.listed = sorted(
        [{"row": number, "title": data["title"], "new": True, "pk": pk}
         for (number, data), pk in zip(creates[:LISTED], [*created.ids, *[None] * LISTED], strict=False)]
        + [{"row": key, "pk": pk, "title": after, "was": before if before != after else "", "fields": fields}
           for key, pk, before, after, fields in updated.listed],
        key=lambda line: line["row"])[:LISTED]
    for row_number, error in updated.refused.items():
        _refused(report, row_number, changed_since_preview(error) if expected is not None and error.is_stale else error)
    if not dry_run and not report.problems and (created.ids or updated.ids):
        data_changed()  # once for the import, not once per record


def _completed(record, row: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A matched row's data with its empty columns taken from the record: its language (else the
    script's guess), its verified flag, the access dates already recorded for the same source. An
    update leaves the published/draft state as the editors set it."""
    data["title_local_language"] = (row["title_local_language"] or record.title_local_language
                                    or row["language_guess"])
    if row["verified"] is not None:
        data["verified"] = row["verified"]
    if not row["dates_given"]:
        known = {(s.title, s.url): s.accessed_on for s in record.sources}
        data["sources"] = [{**s, "accessed_on": known.get((s["title"], s["url"]))} for s in data["sources"]]
    return data


@contextlib.contextmanager
def _cycle_collector_paused():
    """While a file is read, checked and written, CPython's cycle collector waits: it ran every few
    thousand new objects and, at its oldest generation, walked the 100,000 rows the import holds
    (4 of the 11 s of a 100,000-row preview of changes). Reference counting still frees what the
    import lets go of; only reference cycles wait for the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_file(*, name: str, raw: bytes, actor, dry_run: bool, agency_choices: dict | None = None,
                progress=None, expected: dict[int, tuple[int, int]] | None = None) -> ImportReport:
    """Read, check and write (or preview) a file; `progress(done, total)` is told as rows pass."""
    with _cycle_collector_paused():
        table = read_table(name=name, raw=raw)
        total = max(len(table) - 1, 0)
        report = check_table(table, progress=(lambda done: progress(done, total)) if progress else None)
        return apply_import(report, actor=actor, dry_run=dry_run, agency_choices=agency_choices,
                            progress=progress, expected=expected)
