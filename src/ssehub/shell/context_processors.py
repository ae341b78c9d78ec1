from django.conf import settings

from ssehub.core.timezones import zone_generic_label
from ssehub.shell.navigation import available_parts


def site(request):
    zone = getattr(request, "viewer_timezone", "UTC")
    return {
        "site_url": settings.SITE_URL,
        "site_parts": available_parts(),
        "viewer_timezone": zone,
        "footer_zone_label": zone_generic_label(zone),
        "viewer_timezone_known": getattr(request, "viewer_timezone_known", False),
        "viewer_timezone_chosen": getattr(request, "viewer_timezone_chosen", False),
    }
