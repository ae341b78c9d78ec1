from allauth.mfa.models import Authenticator
from django.conf import settings

from ssehub.accounts.models import Profile, User
from ssehub.accounts.rules import user_roles


def user_needs_mfa(user: User) -> bool:
    return bool(user_roles(user) & set(settings.SSEHUB_MFA_REQUIRED_ROLES))


def user_has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def profile_for(user: User) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile
