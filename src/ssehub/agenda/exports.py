"""CSV and XLSX files of attendance and evaluation results."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ssehub.agenda.results import Results


def _table_attendance(per_session, per_person):
    sessions = [item.session for item in per_session]
    header = [_("Name"), _("E-mail"), _("Country"), _("Sessions attended"), _("Attendance (per cent)"),
              *[session.title for session in sessions]]
    rows = []
    for person in per_person:
        attended = {row.session_id: row for row in person.attended}
        profile = getattr(person.user, "profile", None)
        rows.append([
            str(person.user), person.user.email, profile.country.code if profile and profile.country else "",
            person.count, person.percent,
            *[(attended[s.pk].minutes if attended[s.pk].minutes is not None else _("present"))
              if s.pk in attended else "" for s in sessions],
        ])
    return header, rows


def attendance_csv(per_session, per_person) -> bytes:
    header, rows = _table_attendance(per_session, per_person)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8 names


def attendance_xlsx(per_session, per_person) -> bytes:
    workbook = Workbook()
    people = workbook.active
    people.title = _("By person")[:31]
    header, rows = _table_attendance(per_session, per_person)
    people.append(header)
    for row in rows:
        people.append(row)
    sessions = workbook.create_sheet(_("By session")[:31])
    sessions.append([_("Session"), _("Starts (UTC)"), _("Attended"), _("Registered")])
    for item in per_session:
        sessions.append([item.session.title, item.session.starts_at.replace(tzinfo=None), item.count,
                         item.registered])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def results_xlsx(results: Results) -> bytes:
    """Aggregates only: no names, no e-mails, comments without authors."""
    workbook = Workbook()
    header = [_("Learning objective"), _("Paired answers (n)"), _("Mean before"), _("Mean after"),
              _("Mean change"), _("Standard deviation")]

    def gain_rows(sheet, gains, group=None):
        for gain in gains:
            prefix = [group] if group is not None else []
            sheet.append([*prefix, gain.label, gain.n, gain.mean_pre, gain.mean_post, gain.mean_change, gain.sd])

    overall = workbook.active
    overall.title = _("Learning gain")[:31]
    overall.append(header)
    gain_rows(overall, results.overall)
    for title, groups in ((_("By country"), results.country_groups()),
                          (_("By constituency"), results.constituency_groups())):
        sheet = workbook.create_sheet(title[:31])
        sheet.append([_("Group"), *header])
        for label, gains in groups:
            gain_rows(sheet, gains, label)
    sessions = workbook.create_sheet(_("Sessions")[:31])
    sessions.append([_("Session"), _("Answers (n)"), _("Mean rating")])
    for row in results.sessions:
        sessions.append([row["session__title"], row["n"], round(row["mean"], 2)])
    comments = workbook.create_sheet(_("Comments")[:31])
    comments.append([_("Comment")])
    for comment in results.comments:
        comments.append([comment])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
