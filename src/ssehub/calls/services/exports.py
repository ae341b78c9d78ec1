"""Exports of applications and the selection as CSV or XLSX through the one tabular writer; each
export is in the action log (who, when, what, how many rows) before it leaves the server."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssehub.accounts.models import User
from ssehub.calls.enums import ExportKind
from ssehub.calls.models import Call
from ssehub.calls.scoring import counted_score
from ssehub.calls.selectors import applications_for_call
from ssehub.calls.services import EXPORTED
from ssehub.core.actionlog import log_action
from ssehub.core.tabular import table_file


def _application_table(call: Call) -> tuple[list, list[list]]:
    questions = list(call.questions.all())
    header = [_("ID"), _("Status"), _("Full name"), _("E-mail"), _("Organisation"), _("Country"),
              _("Constituency"), _("Gender"), _("Submitted at (UTC)"), _("Raw score"), _("Calibrated score"),
              *[question.text for question in questions]]
    rows = []
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
    return header, rows


def _selection_table(call: Call) -> tuple[list, list[list]]:
    header = [_("ID"), _("Outcome"), _("Waiting list rank"), _("Invitation"), _("Full name"), _("E-mail"),
              _("Organisation"), _("Country"), _("Constituency"), _("Gender"), _("Score")]
    rows = []
    for application in applications_for_call(call).exclude(outcome=""):
        invitation = getattr(application, "invitation", None)
        rows.append([
            application.pk, application.get_outcome_display(), application.waiting_rank or "",
            invitation.get_status_display() if invitation else "", application.full_name, application.email,
            application.organisation, application.country.code if application.country else "",
            application.get_constituency_display(), application.get_gender_display(),
            counted_score(application, call.score_basis),
        ])
    return header, rows


@transaction.atomic
def export_build(*, call: Call, actor: User, kind: str) -> tuple[bytes, str]:
    """(content, file name) of one export, logged before it leaves the server."""
    kind = ExportKind(kind)
    table, fmt = kind.value.split(".")
    header, rows = _application_table(call) if table == "applications" else _selection_table(call)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    content = table_file(fmt=fmt, title=str(kind.label)[:31], header=header, rows=rows)
    log_action(actor=actor, verb=EXPORTED, scope=call.event,
               data={"call": call.pk, "kind": kind.value, "rows": len(rows)})
    return content, f"call-{call.pk}-{table}-{stamp}.{fmt}"
