from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from ssehub.accounts.selectors import profile_for


class AccountAdapter(DefaultAccountAdapter):
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
