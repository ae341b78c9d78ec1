"""The tables of the attendance and evaluation files; `ssehub.core.tabular` writes them (formulas in
names, titles and comments are neutralised there)."""

import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.agenda.results import Results
from ssehub.agenda.times import label_at
from ssehub.core.tabular import Sheet, csv_bytes, xlsx_bytes


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
    return csv_bytes(header, rows)


def attendance_xlsx(per_session, per_person, *, host_zone: str) -> bytes:
    header, rows = _table_attendance(per_session, per_person)
    # Excel has no zones: host time as the wall clock there, beside UTC, named as on the first day.
    zone = zoneinfo.ZoneInfo(host_zone)
    first = per_session[0].session.starts_at if per_session else timezone.now()
    host_header = _("Starts (host time, %(zone)s)") % {"zone": label_at(host_zone, first)}
    by_session = [[item.session.title, item.session.starts_at,
                   item.session.starts_at.astimezone(zone).replace(tzinfo=None), item.count, item.registered]
                  for item in per_session]
    return xlsx_bytes([
        Sheet(_("By person"), header, rows),
        Sheet(_("By session"), [_("Session"), _("Starts (UTC)"), host_header, _("Attended"), _("Registered")],
              by_session),
    ])


def results_xlsx(results: Results) -> bytes:
    """Aggregates only: no names, no e-mails, comments without authors."""
    header = [_("Learning objective"), _("Paired answers (n)"), _("Mean before"), _("Mean after"),
              _("Mean change"), _("Standard deviation")]

    def gain_rows(gains, group=None):
        prefix = [group] if group is not None else []
        return [[*prefix, gain.label, gain.n, gain.mean_pre, gain.mean_post, gain.mean_change, gain.sd]
                for gain in gains]

    sheets = [Sheet(_("Learning gain"), header, gain_rows(results.overall))]
    for title, groups in ((_("By country"), results.country_groups()),
                          (_("By constituency"), results.constituency_groups())):
        sheets.append(Sheet(title, [_("Group"), *header],
                            [row for label, gains in groups for row in gain_rows(gains, label)]))
    sheets.append(Sheet(_("Sessions"), [_("Session"), _("Answers (n)"), _("Mean rating")],
                        [[row["session__title"], row["n"], round(row["mean"], 2)] for row in results.sessions]))
    sheets.append(Sheet(_("Comments"), [_("Comment")], [[comment] for comment in results.comments]))
    return xlsx_bytes(sheets)
