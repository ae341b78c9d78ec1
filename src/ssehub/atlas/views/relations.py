"""Editors link an instrument to the instruments it amends, implements or replaces."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter, permission_required

from ssehub.atlas.forms import RelationForm, RelationRemoveForm
from ssehub.atlas.models import Instrument
from ssehub.atlas.services import relation_add, relation_remove
from ssehub.atlas.views.editing import render_instrument_editor
from ssehub.core.errors import ServiceError

_instrument = objectgetter(Instrument, "pk")


def _back_to_editor(pk: int):
    return redirect(reverse("atlas:instrument_edit", args=[pk]) + "#relations")


@require_POST
@permission_required("atlas.change_relations", fn=_instrument, raise_exception=True)
def relation_add_view(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    # The list is re-made by the editor page if the form comes back with an error.
    form = RelationForm(request.POST, targets=[])
    status = 400
    if form.is_valid():
        try:
            relation_add(
                instrument=instrument, actor=request.user, kind=form.cleaned_data["kind"],
                target=form.cleaned_data["target"], expected_version=form.cleaned_data.get("version") or 0,
            )
        except ServiceError as error:
            error.add_to_form(form)
            if error.is_stale:
                status = 409
        else:
            messages.success(request, _("The link was added and recorded in the history."))
            return _back_to_editor(pk)
    return render_instrument_editor(request, instrument, relation_form=form, status=status)


@require_POST
@permission_required("atlas.change_relations", fn=_instrument, raise_exception=True)
def relation_remove_view(request, pk: int):
    instrument = get_object_or_404(Instrument, pk=pk)
    form = RelationRemoveForm(request.POST)
    error, status = _("The link could not be removed: reload the page and try again."), 400
    if form.is_valid():
        try:
            relation_remove(instrument=instrument, actor=request.user, relation_id=form.cleaned_data["relation"],
                            expected_version=form.cleaned_data["version"])
        except ServiceError as exc:
            error = " ".join(exc.messages())
            if exc.is_stale:
                status = 409
        else:
            messages.success(request, _("The link was removed and the change recorded in the history."))
            return _back_to_editor(pk)
    return render_instrument_editor(request, instrument, relations_error=error, status=status)
