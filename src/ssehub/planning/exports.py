"""The finalised plan as Word (python-docx) and PDF (WeasyPrint with Noto CJK), in the delegation's
language, names in their own scripts: priorities in order with owners, time frames and indicators,
the method used and who took part by constituency (counts, not names)."""

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ssehub.agenda.certificates import script_language
from ssehub.planning import selectors
from ssehub.planning.models import Delegation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def plan_data(delegation: Delegation) -> dict:
    priorities = selectors.priorities_of(delegation)
    return {
        "delegation": delegation, "country": delegation.country.name, "event": delegation.event.title,
        "method": selectors.plan_method(delegation), "priorities": priorities,
        "participation": selectors.participation_counts(delegation), "reason": delegation.agreed_reason,
    }


def _owner(action) -> str:
    return str(action.owner) if action.owner_id else ""


def plan_docx(delegation: Delegation) -> bytes:
    from docx import Document  # Imported here: only exports need python-docx.

    with translation.override(delegation.language):
        data = plan_data(delegation)
        document = Document()
        document.add_heading(_("Policy action plan: %(country)s") % {"country": data["country"]}, level=0)
        document.add_paragraph(data["event"])
        document.add_paragraph(_("Aggregation method: %(method)s") % {"method": data["method"]})
        if data["reason"]:
            document.add_paragraph(_("Why the agreed list differs from the ranking: %(reason)s") % {"reason": data["reason"]})
        document.add_heading(_("Priority actions"), level=1)
        for priority in data["priorities"]:
            action = priority.action
            document.add_heading(f"{priority.position}. {action.title}", level=2)
            if action.description:
                document.add_paragraph(action.description)
            for label, value in ((_("Lead agency"), action.lead_agency), (_("Owner"), _owner(action)),
                                 (_("Time frame"), action.get_time_frame_display()),
                                 (_("Policy dimension"), action.get_dimension_display()),
                                 (_("Atlas instrument"), action.instrument.title if action.instrument_id else "")):
                if value:
                    document.add_paragraph(f"{label}: {value}")
            if action.indicators:
                table = document.add_table(rows=1, cols=3)
                for cell, text in zip(table.rows[0].cells, (_("Indicator"), _("Baseline"), _("Target")), strict=True):
                    cell.text = text
                for row in action.indicators:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text, cells[2].text = row["name"], row["baseline"], row["target"]
        document.add_heading(_("Who took part"), level=1)
        for label, count in data["participation"]:
            document.add_paragraph(f"{label}: {count}", style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def plan_html(delegation: Delegation) -> str:
    with translation.override(delegation.language):
        data = plan_data(delegation)
        data["owners"] = {p.action_id: (_owner(p.action), script_language(_owner(p.action),
                                                                           country=delegation.country.code))
                          for p in data["priorities"]}
        data["LANGUAGE_CODE"] = delegation.language
        return render_to_string("planning/plan_pdf.html", data)


def plan_pdf(delegation: Delegation) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDF requests need.
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=str(Path(__file__).parent / "static" / "planning" / "plan_pdf.css"))
    return HTML(string=plan_html(delegation)).write_pdf(stylesheets=[stylesheet])
