"""Reading Zoom's participant report (CSV). Parsing only: the service decides what to write."""

import csv
import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Zoom has renamed its columns over the years; each field accepts every spelling we have seen.
COLUMNS = {
    "name": ("name (original name)", "name", "participant", "user name"),
    "email": ("user email", "email", "attendee email", "e-mail"),
    "join": ("join time", "join time (utc)"),
    "leave": ("leave time", "leave time (utc)"),
    "duration": ("duration (minutes)", "duration (mins)", "duration", "time in session (minutes)"),
}
REQUIRED = ("email", "join", "leave")
DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",  # 03/29/2021 09:58:12 AM: Zoom's usual report format
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%b %d, %Y %I:%M:%S %p",  # Mar 29, 2021 10:58:12 AM: the web report's wording
    "%b %d, %Y %I:%M %p",
)


@dataclass(frozen=True)
class ZoomRow:
    line: int
    name: str
    email: str
    joined_at: dt.datetime
    left_at: dt.datetime
    minutes: int


def _normalise(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().lower().split())


def parse_time(value: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    raise ValueError(text)


def _header_map(row: list[str]) -> dict[str, int] | None:
    normalised = [_normalise(cell) for cell in row]
    found = {}
    for field, spellings in COLUMNS.items():
        for index, cell in enumerate(normalised):
            if cell in spellings:
                found[field] = index
                break
    return found if all(field in found for field in REQUIRED) else None


def parse_report(content: bytes, *, zone_name: str) -> list[ZoomRow]:
    """All rows of the report, or ValidationError listing every bad line (nothing half-read)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text; export the report from Zoom again as CSV.")) from error
    zone = zoneinfo.ZoneInfo(zone_name)
    rows = list(csv.reader(io.StringIO(text)))
    header_at, columns = None, None
    # Some reports start with a block about the meeting; the participant table follows it.
    for index, row in enumerate(rows):
        columns = _header_map(row)
        if columns:
            header_at = index
            break
    if header_at is None or columns is None:
        raise ValidationError(
            _("No participant table found: the file needs the columns User Email, Join Time and Leave Time.")
        )
    parsed, errors = [], []
    for index, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str, row=row) -> str:
            position = columns.get(field)
            return row[position].strip() if position is not None and position < len(row) else ""

        try:
            joined_at = parse_time(cell("join"), zone)
            left_at = parse_time(cell("leave"), zone)
        except ValueError:
            errors.append(_("Line %(line)s: the join or leave time is not a date Zoom writes.") % {"line": index})
            continue
        duration = cell("duration")
        try:
            minutes = int(float(duration)) if duration else int((left_at - joined_at).total_seconds() // 60)
        except ValueError:
            errors.append(_("Line %(line)s: the duration is not a number.") % {"line": index})
            continue
        if left_at < joined_at:
            errors.append(_("Line %(line)s: the leave time is before the join time.") % {"line": index})
            continue
        parsed.append(ZoomRow(
            line=index, name=cell("name"), email=cell("email").lower(),
            joined_at=joined_at.astimezone(dt.UTC), left_at=left_at.astimezone(dt.UTC), minutes=minutes,
        ))
    if errors:
        raise ValidationError(errors)
    return parsed
