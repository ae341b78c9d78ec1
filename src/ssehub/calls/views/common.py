import zoneinfo

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ssehub.calls.models import Call


def managed_call(request, call_id: int) -> Call:
    """The call, if the signed-in person organises its event (or is a platform admin); else 403."""
    call = get_object_or_404(Call.objects.select_related("event"), pk=call_id)
    if not request.user.has_perm("calls.manage_call", call):
        raise PermissionDenied
    return call


def host_zone(call: Call) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(call.event.host_time_zone or "UTC")


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"
