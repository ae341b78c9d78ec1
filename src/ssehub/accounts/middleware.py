from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from ssehub.accounts.selectors import user_has_totp, user_needs_mfa

# Pages a staff member may still reach before setting up the second factor.
_ALLOWED_URL_NAMES = frozenset({
    "mfa_activate_totp", "mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes", "account_logout", "account_reauthenticate", "set_language",
    "shell:healthz", "account_email", "account_confirm_email",
})


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class StaffMfaRequiredMiddleware:
    """Organisers, editors and admins handle other people's data: they must use TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user_needs_mfa(user)
            and not user_has_totp(user)
            and _view_name(request.path_info) not in _ALLOWED_URL_NAMES
        ):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
