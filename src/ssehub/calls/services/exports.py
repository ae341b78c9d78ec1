"""Exports of applications and the selection as CSV or XLSX; each one is logged (who, when, what)."""

import csv
import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ssehub.accounts.models import User
from ssehub.calls.enums import ExportKind
from ssehub.calls.models import Call, ExportLog
from ssehub.calls.selectors import applications_for_call


def _application_rows(call: Call) -> list[list]:
    questions = list(call.questions.all())
    header = [_("ID"), _("Status"), _("Full name"), _("E-mail"), _("Organisation"), _("Country"),
              _("Constituency"), _("Gender"), _("Submitted at (UTC)"), _("Raw score"), _("Calibrated score"),
              *[question.text for question in questions]]
    rows = [header]
    for application in applications_for_call(call):
        answers = {answer.question_id: answer for answer in application.answers.all()}
        values = [answers[question.pk].display() if question.pk in answers else "" for question in questions]
        rows.append([
            application.pk, application.get_status_display(), application.full_name, application.email,
            application.organisation, application.country.code if application.country else "",
            application.get_constituency_display(), application.get_gender_display(),
            application.submitted_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if application.submitted_at else "",
            application.raw_score, application.calibrated_score, *values,
        ])
    return rows


def _selection_rows(call: Call) -> list[list]:
    rows = [[_("ID"), _("Outcome"), _("Waiting list rank"), _("Invitation"), _("Full name"), _("E-mail"),
             _("Organisation"), _("Country"), _("Constituency"), _("Gender"), _("Score")]]
    for application in applications_for_call(call).exclude(outcome=""):
        invitation = getattr(application, "invitation", None)
        score = application.calibrated_score if call.score_basis == "calibrated" else application.raw_score
        rows.append([
            application.pk, application.get_outcome_display(), application.waiting_rank or "",
            invitation.get_status_display() if invitation else "", application.full_name, application.email,
            application.organisation, application.country.code if application.country else "",
            application.get_constituency_display(), application.get_gender_display(), score,
        ])
    return rows


def export_build(*, call: Call, actor: User, kind: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of one export, logged before it leaves the server."""
    kind = ExportKind(kind)
    rows = _application_rows(call) if kind.value.startswith("applications") else _selection_rows(call)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    name = f"call-{call.pk}-{kind.value.replace('.', '-' + stamp + '.')}"
    if kind.value.endswith(".csv"):
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if value is None else value for value in row] for row in rows])
        content, content_type = buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(kind.label)[:31]
        for row in rows:
            sheet.append([str(value) if hasattr(value, "__html__") else value for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ExportLog.objects.create(call=call, actor=actor, actor_email=actor.email, kind=kind, rows=len(rows) - 1)
    return content, content_type, name
