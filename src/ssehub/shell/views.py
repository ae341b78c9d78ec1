from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from ssehub.accounts.services import profile_set_language
from ssehub.core.actionlog import entries_filtered
from ssehub.core.logpages import log_page
from ssehub.core.pagecache import personal_page_cache
from ssehub.programmes.selectors import current_programme
from ssehub.shell.navigation import available_parts


@personal_page_cache
@require_safe
def home(request):
    return render(request, "shell/home.html", {
        "programme": current_programme(),
        "parts": available_parts(),
    })


@require_safe
def about(request):
    return render(request, "shell/about.html", {"programme": current_programme()})


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means "unhealthy"
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@csrf_exempt
@require_POST
def set_language(request):
    """Django's language switch, plus remembering the choice on the profile for next log-in.

    An anonymous visitor's switch only sets the language cookie, so it needs no CSRF token and
    anonymous pages can be cached whole (ADR 0010); a signed-in person's switch writes the profile
    and is checked as every other form."""
    if request.user.is_authenticated:
        return _set_language_signed_in(request)
    return django_set_language(request)


@csrf_protect
def _set_language_signed_in(request):
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        profile_set_language(user=request.user, language_code=language)
    return response


@require_safe
def action_log(request):
    """Everything the platform recorded, for platform admins."""
    if not request.user.has_perm("core.view_action_log"):
        raise PermissionDenied
    return log_page(request, entries_for=lambda filters: entries_filtered(filters=filters),
                    title=_("Action log"), context={}, export_name="ssehub-log")


def csrf_failure(request, reason: str = ""):
    """A refused form (expired page, cookies blocked) in the site's layout, saying what to do next.

    `reason` is Django's technical wording; it is logged by Django and not shown to the reader.
    """
    return render(request, "403_csrf.html", status=403)
