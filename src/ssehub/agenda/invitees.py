"""Reading an organiser's list of people to invite: pasted lines or a CSV/XLSX file.

Parsing only (bounded in size and rows); the service decides what to write. Columns, by header or in
this order without one: e-mail, name, country, constituency, language."""

import csv
import functools
import io
import zipfile
from dataclasses import dataclass

from babel import Locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import load_workbook

from ssehub.accounts.enums import Constituency
from ssehub.core.tabular import restore_cell
from ssehub.core.timezones import babel_locale

MAX_BYTES = 2 * 1024 * 1024
MAX_PEOPLE = 500
COLUMNS = ("email", "name", "country", "constituency", "language")
HEADERS = {
    "email": ("email", "e-mail", "e-mail address", "email address", "mail"),
    "name": ("name", "full name", "full_name"),
    "country": ("country", "country code"),
    "constituency": ("constituency", "group"),
    "language": ("language", "lang", "language code"),
}


@dataclass(frozen=True)
class Invitee:
    line: int
    email: str
    name: str = ""
    country: str = ""
    constituency: str = ""
    language: str = ""


def rows_from_text(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    # Cells pasted from a spreadsheet are tab-separated; typed lists use commas or semicolons.
    delimiter = max("\t,;", key=lambda candidate: lines[0].count(candidate))
    return [[restore_cell(cell) for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)),
                                                                      delimiter=delimiter)]


def _rows_from_xlsx(raw: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(_("The XLSX file cannot be read.")) from error
    rows = []
    for values in workbook.worksheets[0].iter_rows(values_only=True):
        if len(rows) > MAX_PEOPLE:
            break
        rows.append(["" if value is None else restore_cell(str(value)) for value in values])
    workbook.close()
    return rows


def read_upload(*, name: str, raw: bytes) -> list[list[str]]:
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _rows_from_xlsx(raw)
    if lower.endswith((".csv", ".txt")):
        try:
            return rows_from_text(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from error
    raise ValidationError(_("Only CSV and XLSX files can be read."))


def _column_map(first: list[str]) -> tuple[dict[str, int], bool]:
    """Columns named by a header row if the first row is one, else in the documented order."""
    normalised = [" ".join(cell.strip().lower().split()) for cell in first]
    named = {}
    for column, spellings in HEADERS.items():
        for index, cell in enumerate(normalised):
            if cell in spellings:
                named[column] = index
                break
    if "email" in named:
        return named, True
    return {column: index for index, column in enumerate(COLUMNS)}, False


def _country(value: str) -> str | None:
    text = value.strip()
    if not text:
        return ""
    if len(text) == 2 and text.upper() in dict(countries):
        return text.upper()
    code = countries.by_name(text, insensitive=True) or countries.by_name(text, insensitive=True, language="en")
    return code or _country_names().get(text.casefold())


@functools.cache
def _country_names() -> dict[str, str]:
    """Every country's name in every interface language (CLDR), as the pages show them: an organiser
    pastes "대한민국" or "Filipina" as readily as "KR"."""
    names: dict[str, str] = {}
    for language, _label in settings.LANGUAGES:
        try:
            territories = Locale.parse(babel_locale(language)).territories
        except (ValueError, LookupError):
            continue
        for code, _name in countries:
            if code in territories:
                names.setdefault(territories[code].casefold(), code)
    return names


def _constituency(value: str) -> str | None:
    text = value.strip().lower()
    if not text:
        return ""
    for code, label in Constituency.choices:
        if text in (code, str(label).lower()):
            return code
    return None


def _language(value: str) -> str | None:
    text = value.strip().lower()
    if not text:
        return ""
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    found = codes.get(text) or codes.get(text.replace("_", "-"))
    if found:
        return found
    # A language by its own name ("한국어", "Bahasa Melayu") or its English one ("Korean").
    for code, english in settings.LANGUAGES:
        info = get_language_info(code)
        if text in (str(english).lower(), info["name"].lower(), info["name_local"].lower()):
            return code
    return None


def parse_invitees(rows: list[list[str]]) -> list[Invitee]:
    """Every person of the list, or ValidationError naming each bad line (nothing half-read)."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError(_("The list is empty."))
    columns, has_header = _column_map(rows[0])
    body = rows[1:] if has_header else rows
    if len(body) > MAX_PEOPLE:
        raise ValidationError(_("At most %(count)s people at a time; split the list.") % {"count": MAX_PEOPLE})
    people, errors, seen = [], [], set()
    for number, row in enumerate(body, start=2 if has_header else 1):

        def cell(column: str, row=row) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        email = cell("email").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Line %(line)s: “%(value)s” is not an e-mail address.") % {"line": number, "value": email})
            continue
        country, constituency, language = _country(cell("country")), _constituency(cell("constituency")), \
            _language(cell("language"))
        if country is None:
            errors.append(_("Line %(line)s: no country is called “%(value)s”.") % {
                "line": number, "value": cell("country")})
        if constituency is None:
            errors.append(_("Line %(line)s: “%(value)s” is not a constituency (%(choices)s).") % {
                "line": number, "value": cell("constituency"),
                "choices": ", ".join(str(label) for _code, label in Constituency.choices)})
        if language is None:
            errors.append(_("Line %(line)s: “%(value)s” is not a language of the site.") % {
                "line": number, "value": cell("language")})
        if None in (country, constituency, language) or email in seen:
            continue
        seen.add(email)
        people.append(Invitee(line=number, email=email, name=cell("name")[:200], country=country,
                              constituency=constituency, language=language))
    if errors:
        raise ValidationError(errors)
    return people
