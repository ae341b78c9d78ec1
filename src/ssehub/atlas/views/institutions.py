"""Editors create and edit institutions; every save keeps a revision and a stale form is refused."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from ssehub.atlas.forms import InstitutionForm
from ssehub.atlas.models import Institution
from ssehub.atlas.services import institution_create, institution_update
from ssehub.core.errors import ServiceError


def _render(request, *, form, institution=None, status=200):
    revisions = institution.revisions.select_related("author__profile")[:20] if institution else []
    return render(request, "atlas/institution_form.html", {
        "form": form, "institution": institution, "revisions": revisions,
    }, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("atlas.add_institution", raise_exception=True)
def institution_create_view(request):
    form = InstitutionForm(request.POST or None)
    if request.method != "POST":
        return _render(request, form=form)
    if form.is_valid():
        try:
            institution = institution_create(actor=request.user, data=form.institution_data())
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("The institution was added."))
            return redirect("atlas:institution_detail", pk=institution.pk)
    return _render(request, form=form, status=400)


@require_http_methods(["GET", "POST"])
@permission_required("atlas.change_institution", raise_exception=True)
def institution_edit(request, pk: int):
    institution = get_object_or_404(Institution, pk=pk)
    # The form works on a copy: a refused save must not change the name shown in the heading.
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=pk))
    if request.method != "POST":
        return _render(request, form=form, institution=institution)
    status = 400
    if form.is_valid():
        try:
            institution, changed = institution_update(
                institution=institution, actor=request.user, data=form.institution_data(),
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ServiceError as error:
            error.add_to_form(form)
            if error.is_stale:
                status = 409
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("atlas:institution_detail", pk=institution.pk)
    return _render(request, form=form, institution=institution, status=status)
