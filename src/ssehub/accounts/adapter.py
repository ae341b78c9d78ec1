from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ssehub.accounts.selectors import profile_for


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "password_login_paused": _(
            "Too many wrong passwords were tried for this account, so signing in with a password is "
            "paused for a few minutes. If this is your account, choose “Send me a sign-in code”: "
            "we e-mail you a one-time code that lets you in now."
        ),
    }

    def pre_authenticate(self, request, **credentials):
        # Five wrong passwords pause password log-in for an account, whoever typed them (the
        # brute-force guard). The owner still gets in with a code mailed to the account's address,
        # so the message says how; the code flow has rate limits of its own.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if error.code == "too_many_login_attempts" and account_settings.LOGIN_BY_CODE_ENABLED:
                raise self.validation_error("password_login_paused") from error
            raise

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile = profile_for(user)
            profile.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
            profile.save(update_fields=["preferred_language", "updated_at"])
        return user

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # Bring back the language the person chose last time, on any device.
        language = profile_for(user).preferred_language
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language,
                max_age=settings.LANGUAGE_COOKIE_AGE, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
