from django.conf import settings

from ssehub.shell.navigation import available_parts


def site(request):
    return {
        "site_url": settings.SITE_URL,
        "site_parts": available_parts(),
        "viewer_timezone": getattr(request, "viewer_timezone", "UTC"),
    }
