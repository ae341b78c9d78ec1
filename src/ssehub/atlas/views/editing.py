"""Editor and researcher pages: create, edit, publish, history with diffs, proposals, import."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import objectgetter, permission_required

from ssehub.atlas import exchange, imports
from ssehub.atlas.diffs import field_labels, revision_changes
from ssehub.atlas.forms import (
    RELATION_TARGET_LIMIT,
    ImportForm,
    InstrumentForm,
    RelationForm,
    relation_target_choices,
)
from ssehub.atlas.models import Instrument, Relation, Revision
from ssehub.atlas.selectors import hide_draft_titles, instrument_activity, instrument_countries, revisions_for
from ssehub.atlas.services import (
    instrument_create_with_relations,
    instrument_restore,
    instrument_set_published,
    instrument_update,
)
from ssehub.atlas.tasks import run_atlas_import
from ssehub.atlas.views.visibility import visible_instrument
from ssehub.core.errors import ServiceError

_instrument = objectgetter(Instrument, "pk")


def _target_picker(data, *, default_country: str = "", exclude: int | None = None) -> tuple[list, dict]:
    """The related-instrument list narrowed by the country and words in `data` (a query string or
    a posted form), and what the templates' picker shows; an unknown country lists all countries."""
    target_countries = instrument_countries()
    target_country = data.get("target_country", default_country)
    if target_country not in dict(target_countries):
        target_country = ""
    target_words = data.get("target_q", "")[:200]
    targets, targets_more = relation_target_choices(exclude=exclude, country=target_country, words=target_words)
    return targets, {
        "target_countries": target_countries, "target_country": target_country, "target_words": target_words,
        "targets_more": targets_more, "target_limit": RELATION_TARGET_LIMIT,
    }


def render_instrument_editor(request, instrument: Instrument, *, form=None, relation_form=None,
                             relations_error: str = "", status: int = 200):
    """The edit page: the record's fields, and its links to other instruments (saved on their own)."""
    if form is None:
        form = InstrumentForm(initial=InstrumentForm.initial_for(instrument))
    targets, picker = _target_picker(request.GET, default_country=str(instrument.country), exclude=instrument.pk)
    if relation_form is None:
        relation_form = RelationForm(initial={"version": instrument.version}, targets=targets)
    else:
        relation_form.fields["target"].widget.choices = targets
    relations = Relation.objects.filter(source=instrument).select_related("target").order_by("kind", "target__title")
    relations_in = Relation.objects.filter(target=instrument).select_related("source").order_by("kind", "source__title")
    return render(request, "atlas/instrument_form.html", {
        "form": form, "instrument": instrument, "relation_form": relation_form,
        "relations": relations, "relations_in": relations_in, "relations_error": relations_error, **picker,
    }, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("atlas.add_instrument", raise_exception=True)
def instrument_create_view(request):
    """The new-record form. "Find instruments" re-shows it with the related-instrument list narrowed
    to a country and words, keeping what was typed and saving nothing (works without JavaScript)."""
    finding = request.method == "POST" and "find_targets" in request.POST
    form = InstrumentForm(request.POST or None)
    # Until a country is chosen for the list, the record's own country (once typed) narrows it.
    targets, picker = _target_picker(request.POST, default_country=request.POST.get("country", ""))
    relation_form = RelationForm(request.POST or None, prefix="relation", optional=True, targets=targets)
    if finding:
        form = InstrumentForm(initial=_typed_values(form))
        relation_form = RelationForm(initial=_typed_values(relation_form), prefix="relation", optional=True,
                                     targets=targets)
    status = 200
    if request.method == "POST" and not finding:
        status = 400
        valid = [form.is_valid(), relation_form.is_valid()]
        if all(valid):
            try:
                instrument = instrument_create_with_relations(
                    actor=request.user, data=form.instrument_data(), relations=relation_form.relations())
            except ServiceError as error:
                error.add_to_form(form)
            else:
                messages.success(request, _("The record was saved as a draft."))
                return redirect("atlas:instrument_detail", pk=instrument.pk)
    return render(request, "atlas/instrument_form.html", {
        "form": form, "instrument": None, "relation_form": relation_form, **picker,
    }, status=status)


def _typed_values(form) -> dict:
    """What was typed into a bound form, as initial values for an unbound one (no errors shown)."""
    return {name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            for name, field in form.fields.items()}


@require_http_methods(["GET", "POST"])
@permission_required("atlas.change_instrument", fn=_instrument, raise_exception=True)
def instrument_edit(request, pk: int):
    instrument = get_object_or_404(Instrument.objects.prefetch_related("themes", "sources"), pk=pk)
    form = InstrumentForm(request.POST or None, initial=InstrumentForm.initial_for(instrument))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            instrument, changed = instrument_update(
                instrument=instrument, actor=request.user, data=form.instrument_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ServiceError as error:
            # A stale form says who saved meanwhile (409, as every other form); the page still shows
            # what this editor typed.
            error.add_to_form(form)
            status = 409 if error.is_stale else 400
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("atlas:instrument_detail", pk=instrument.pk)
    return render_instrument_editor(request, instrument, form=form, status=status)


@require_POST
@permission_required("atlas.publish_instrument", fn=_instrument, raise_exception=True)
def instrument_publish(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    publish = request.POST.get("publish") == "1"
    try:
        instrument_set_published(instrument=instrument, actor=request.user, published=publish)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages()))
    else:
        messages.success(request, _("The record is public.") if publish else _("The record is a draft again."))
    return redirect("atlas:instrument_detail", pk=pk)


@permission_required("atlas.view_history", fn=_instrument, raise_exception=True)
def instrument_history(request, pk: int):
    instrument = visible_instrument(request, pk)
    hide_drafts = not request.user.has_perm("atlas.view_drafts")
    return render(request, "atlas/history.html", {
        "instrument": instrument, "revisions": revisions_for(instrument, hide_drafts=hide_drafts),
        "activity": instrument_activity(instrument, hide_drafts=hide_drafts),
    })


@permission_required("atlas.view_history", fn=_instrument, raise_exception=True)
def revision_diff(request, pk: int, number: int):
    visible_instrument(request, pk)
    return _render_revision(request, pk, number)


def _render_revision(request, pk: int, number: int, *, error: str = "", status: int = 200):
    revision = get_object_or_404(Revision.objects.select_related("author__profile", "instrument"), instrument_id=pk, number=number)
    hide_drafts = not request.user.has_perm("atlas.view_drafts")
    if hide_drafts:
        hide_draft_titles(revision.instrument, [revision])
    return render(request, "atlas/revision_diff.html", {
        "instrument": revision.instrument, "revision": revision, "restore_error": error,
        **revision_changes(revision, hide_drafts=hide_drafts),
    }, status=status)


@require_POST
@permission_required("atlas.change_instrument", fn=_instrument, raise_exception=True)
def revision_restore(request, pk: int, number: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    revision = get_object_or_404(Revision, instrument=instrument, number=number)
    try:
        expected_version = int(request.POST.get("version", ""))
    except ValueError:
        return _render_revision(request, pk, number, status=400,
                                error=_("The page was incomplete. Reload it and try again."))
    try:
        _restored, changed = instrument_restore(instrument=instrument, revision=revision, actor=request.user,
                                                expected_version=expected_version)
    except ServiceError as error:
        if error.is_stale:
            advice = _("Look at the latest revision before restoring.")
            return _render_revision(request, pk, number, status=409, error=f"{error.message} {advice}")
        return _render_revision(request, pk, number, status=400, error=" ".join(error.messages()))
    if changed:
        messages.success(request, _("Revision %(number)s is restored, as a new revision.") % {"number": number})
    else:
        messages.info(request, _("The record already matches revision %(number)s.") % {"number": number})
    return redirect("atlas:instrument_history", pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("atlas.import_instruments", raise_exception=True)
def import_view(request):
    """Step 1: upload. The file is kept and previewed in the background (`atlas.tasks`); the job's
    page shows the progress and the report, and confirms the write."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > exchange.MAX_BYTES:
            form.add_error("file", _("The file is larger than 10 MB. Split it into smaller files."))
        else:
            token = imports.job_start(name=upload.name, raw=upload.read(), user=request.user,
                                      language=get_language(), time_zone=request.viewer_timezone)
            run_atlas_import.enqueue(token)
            return redirect("atlas:import_job", token=token)
    return render(request, "atlas/import.html", {"form": form, "columns": exchange.COLUMNS},
                  status=400 if form.errors else 200)


def _listed(report) -> list[dict]:
    """The report's first rows, their changed fields named in the reader's language."""
    if report is None:
        return []
    labels = field_labels()
    return [{**line, "fields": [labels.get(name, name) for name in line.get("fields", [])]} for line in report.listed]


@require_http_methods(["GET", "POST"])
@permission_required("atlas.import_instruments", raise_exception=True)
def import_job(request, token: str):
    """Step 2: the job's progress (polled by htmx, or reloaded), then its report; a valid preview
    offers "Import now", with a choice for each new agency among the closest existing institutions."""
    state = imports.job_state(token)
    if state is None:
        raise Http404
    if request.method == "POST":
        choices = {agency["key"]: request.POST.get(f"agency-{index}", "new")
                   for index, agency in enumerate((state.get("report") or {}).get("new_agencies", []))}
        if imports.job_confirm(token=token, agency_choices=choices):
            run_atlas_import.enqueue(token)
        else:
            messages.error(request, _("This import cannot be confirmed (it was already run, or its file is gone). "
                                      "Upload the file again."))
        return redirect("atlas:import_job", token=token)
    report = exchange.ImportReport.from_summary(state["report"]) if state.get("report") else None
    running = state["state"] in (imports.QUEUED, imports.RUNNING)
    context = {
        "job": state, "token": token, "report": report, "running": running,
        "percent": state["done"] * 100 // state["total"] if state["total"] else 0,
        "done": state["step"] == imports.WRITE and state["state"] == imports.DONE,
        "can_confirm": (state["step"] == imports.PREVIEW and state["state"] == imports.DONE
                        and report is not None and report.ok),
        "form": ImportForm(), "columns": exchange.COLUMNS, "listed": _listed(report),
    }
    failed_status = 409 if state.get("code") == "busy" else 400
    status = failed_status if state["state"] == imports.FAILED or (report and not report.ok) else 200
    if request.htmx:
        # The page's poll swaps in whatever the job says; htmx does not swap a 4xx, which left a
        # refused file showing "checking…" for ever. The status stays on the page itself.
        return render(request, "atlas/import.html#job", context)
    return render(request, "atlas/import.html", context, status=status)
