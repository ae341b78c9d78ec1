"""E-mail templates with preview, sending to a filtered set, exports and the export log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssehub.calls import selectors
from ssehub.calls.enums import ExportKind, TemplateKind
from ssehub.calls.forms import SendForm, TemplateForm
from ssehub.calls.services.communication import PLACEHOLDERS, fill, template_save, template_text
from ssehub.calls.services.exports import export_build
from ssehub.calls.services.mailing import messages_enqueue
from ssehub.calls.views.common import managed_call
from ssehub.calls.views.selection import _countries
from ssehub.core.errors import ServiceError
from ssehub.core.tabular import file_response


@login_required
@require_safe
def templates(request, call_id: int):
    call = managed_call(request, call_id)
    custom = {(t.kind, t.language) for t in call.email_templates.all()}
    rows = [{"kind": kind, "label": label, "languages": [
        (code, name, (kind, code) in custom) for code, name in settings.LANGUAGES]}
        for kind, label in TemplateKind.choices]
    return render(request, "calls/manage/templates.html", {
        "call": call, "rows": rows, "send_form": SendForm(countries=_countries(call)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, call_id: int, kind: str, language: str):
    call = managed_call(request, call_id)
    if kind not in TemplateKind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    subject, body = template_text(call, kind, language)
    form = TemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            template_save(call=call, actor=request.user, kind=kind, language=language, **form.cleaned_data)
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("calls:template", call_id=call.pk, kind=kind, language=language)
    sample = {
        "name": _("Maria Santos"), "event": call.event.title, "call": call.title, "rank": 3,
        "confirm_url": "https://…/confirm", "decline_url": "https://…/decline", "expires": "…",
    }
    shown_subject = form.data.get("subject", subject) if form.is_bound else subject
    shown_body = form.data.get("body", body) if form.is_bound else body
    with translation.override(language):
        preview = {"subject": fill(shown_subject, sample), "body": fill(shown_body, sample)}
    return render(request, "calls/manage/template_edit.html", {
        "call": call, "form": form, "kind": TemplateKind(kind), "language": language,
        "language_name": dict(settings.LANGUAGES)[language], "preview": preview,
        "placeholders": ["{" + name + "}" for name in PLACEHOLDERS],
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def send(request, call_id: int):
    call = managed_call(request, call_id)
    form = SendForm(request.POST, countries=_countries(call))
    if not form.is_valid():
        messages.error(request, _("Choose a message and a valid filter."))
        return redirect("calls:templates", call_id=call.pk)
    try:
        count = messages_enqueue(call=call, actor=request.user, kind=form.cleaned_data["kind"],
                                 country=form.cleaned_data["country"])
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("calls:templates", call_id=call.pk)
    messages.success(request, ngettext("%(count)s message queued for sending.",
                                       "%(count)s messages queued for sending.", count) % {"count": count})
    return redirect("calls:templates", call_id=call.pk)


@login_required
@require_safe
def export(request, call_id: int, kind: str):
    call = managed_call(request, call_id)
    if kind not in ExportKind.values:
        raise Http404
    content, name = export_build(call=call, actor=request.user, kind=kind)
    response = file_response(content, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def export_log(request, call_id: int):
    call = managed_call(request, call_id)
    labels = dict(ExportKind.choices)
    entries = [
        {"at": entry.created_at, "who": entry.actor_name(), "what": labels.get(entry.data.get("kind"), entry.verb),
         "rows": entry.data.get("rows", "")}
        for entry in selectors.export_log(call)[:500]
    ]
    return render(request, "calls/manage/export_log.html", {
        "call": call, "entries": entries, "kinds": ExportKind.choices,
    })
