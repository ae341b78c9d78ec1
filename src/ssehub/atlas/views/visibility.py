"""Who may see a record, for every page about it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ssehub.atlas.models import Instrument


def visible_instrument(request, pk: int, queryset=None) -> Instrument:
    """The instrument, or 404 for whoever may not see it (a draft, for all but editors): every
    page about a record answers as the record's own page does."""
    instrument = get_object_or_404(Instrument.objects.all() if queryset is None else queryset, pk=pk)
    if not request.user.has_perm("atlas.view_instrument", instrument):
        raise Http404
    return instrument
