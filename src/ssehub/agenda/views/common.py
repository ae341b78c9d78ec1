from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ssehub.events.models import Event


def event_or_404(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def check(request, perm: str, event: Event) -> None:
    """Raise PermissionDenied unless the user holds `perm` on the event (anonymous: to the log-in)."""
    if not request.user.has_perm(perm, event):
        raise PermissionDenied


def login_or_denied(request):
    """What a refused request gets: the log-in page for anonymous visitors, else 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def managed_event(request, slug: str) -> Event:
    event = event_or_404(slug)
    if not request.user.has_perm("agenda.manage_event", event):
        raise PermissionDenied
    return event
