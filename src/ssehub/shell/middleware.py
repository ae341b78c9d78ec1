import zoneinfo

from django.utils import timezone

from ssehub.core.timezones import BROWSER_TZ_COOKIE, is_valid_timezone


class TimezoneMiddleware:
    """Show times in the viewer's zone: the profile's choice, else what the browser reported."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_name, chosen = self._zone_for(request)
        if zone_name:
            timezone.activate(zoneinfo.ZoneInfo(zone_name))
        else:
            timezone.deactivate()
        request.viewer_timezone = zone_name or "UTC"
        # Pages say so when the zone is only a fallback, and the browser script may correct a
        # detected zone (see ADR 0303); a zone the person chose is never overridden.
        request.viewer_timezone_known = bool(zone_name)
        request.viewer_timezone_chosen = chosen
        return self.get_response(request)

    def _zone_for(self, request) -> tuple[str | None, bool]:
        browser_zone = request.COOKIES.get(BROWSER_TZ_COOKIE, "")
        if not is_valid_timezone(browser_zone):
            browser_zone = ""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Imported here: accounts depends on core, not the other way round at import time.
            from ssehub.accounts.services import profile_record_browser_timezone

            profile = profile_record_browser_timezone(user=user, zone_name=browser_zone)
            return (profile.time_zone or browser_zone or None), bool(profile.time_zone and profile.time_zone_chosen)
        return (browser_zone or None), False
