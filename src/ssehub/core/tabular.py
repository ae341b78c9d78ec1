"""The one writer of CSV and XLSX files. Every export of text people typed goes through here.

- CSV: UTF-8 with a byte-order mark (Excel reads it as UTF-8 only then), CRLF line ends.
- Text that a spreadsheet would run as a formula (a cell starting with =, +, -, @, tab or carriage
  return: `=HYPERLINK(...)` in an organisation name) is neutralised: in CSV by a leading apostrophe
  (OWASP's advice; readers of our own files strip it again, see `restore_cell`), in XLSX by storing
  it as a text cell, which Excel never evaluates.
- Numbers, dates and booleans are written as they are.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "__html__") or not isinstance(value, str | int | float | bool | dt.date | dt.datetime):
        return str(value)  # lazy translations, SafeStrings, enum labels
    return value


def neutralise(value: Any) -> Any:
    """A CSV cell that cannot run as a formula; numbers and dates unchanged."""
    value = _text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo `neutralise` when reading back a file we wrote (export, edit, import changes nothing)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, preamble: Sequence[str] = ()) -> bytes:
    """`preamble` lines come first, each as a "# ..." comment line (readers skip them)."""
    buffer = io.StringIO()
    for line in preamble:
        buffer.write(f"# {line}\r\n")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(value) for value in header])
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass
class Sheet:
    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def _xlsx_cell(sheet, value: Any):
    value = _text(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no zones; headers say UTC
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never "f": text stays text, whatever it starts with
    return cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for spec in sheets:
        title = str(spec.title)[:31] or "Sheet"
        while title in used:
            title = title[:28] + f"~{len(used)}"
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([_xlsx_cell(sheet, value) for value in spec.header])
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(content: bytes, *, filename: str) -> HttpResponse:
    content_type = XLSX_CONTENT_TYPE if filename.endswith(".xlsx") else (
        CSV_CONTENT_TYPE if filename.endswith(".csv") else "application/octet-stream")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_file(*, fmt: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]],
               preamble: Sequence[str] = ()) -> bytes:
    """One table as `fmt` ("csv" or "xlsx"); the preamble becomes comment lines or a first sheet row."""
    if fmt == "csv":
        return csv_bytes(header, rows, preamble=preamble)
    if fmt == "xlsx":
        return xlsx_bytes([Sheet(title=title, header=header, rows=rows)])
    raise ValueError(f"unknown table format {fmt!r}")
