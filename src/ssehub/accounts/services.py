import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from ssehub.accounts.enums import Role
from ssehub.accounts.models import Profile, User
from ssehub.accounts.selectors import profile_for
from ssehub.core.personal_data import registered_sections
from ssehub.core.timezones import is_valid_timezone


def profile_record_browser_timezone(*, user: User, zone_name: str) -> Profile:
    """Remember the zone the browser reports until the person picks one themselves."""
    profile = profile_for(user)
    if zone_name and not profile.time_zone_chosen and profile.time_zone != zone_name and is_valid_timezone(zone_name):
        profile.time_zone = zone_name
        profile.save(update_fields=["time_zone", "updated_at"])
    return profile


class ProfileChangedElsewhereError(Exception):
    """The profile was saved from another window after this edit began."""


@transaction.atomic
def profile_update(*, user: User, data: dict, expected_version: int | None = None) -> Profile:
    profile_for(user)
    profile = Profile.objects.select_for_update().get(user=user)
    if expected_version is not None and profile.version != expected_version:
        raise ProfileChangedElsewhereError
    time_zone_before = profile.time_zone
    for field, value in data.items():
        setattr(profile, field, value)
    if profile.time_zone != time_zone_before:
        profile.time_zone_chosen = True
    profile.version += 1
    profile.full_clean()
    profile.save()
    return profile


def profile_set_language(*, user: User, language_code: str) -> None:
    profile = profile_for(user)
    if profile.preferred_language != language_code:
        profile.preferred_language = language_code
        profile.save(update_fields=["preferred_language", "updated_at"])


@transaction.atomic
def role_assign(*, user: User, role: Role | str) -> None:
    if role == Role.ADMIN:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        return
    group, _created = Group.objects.get_or_create(name=str(role))
    user.groups.add(group)


def role_revoke(*, user: User, role: Role | str) -> None:
    if role == Role.ADMIN:
        user.is_superuser = False
        user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])
        return
    user.groups.remove(*Group.objects.filter(name=str(role)))


def _isoformat(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def user_export_data(*, user: User) -> dict:
    """Everything we hold about one person, for the right of access (GDPR art. 15 style)."""
    profile = profile_for(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": _isoformat(user.date_joined),
            "last_login": _isoformat(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
        },
        "profile": {
            "full_name": profile.full_name,
            "organisation": profile.organisation,
            "country": profile.country.code if profile.country else "",
            "constituency": profile.constituency,
            "gender": profile.gender,
            "languages": profile.languages,
            "time_zone": profile.time_zone,
            "preferred_language": profile.preferred_language,
            "expertise": profile.expertise,
            "bio": profile.bio,
            "in_directory": profile.in_directory,
        },
    }
    for name, collect in sorted(registered_sections().items()):
        data[name] = collect(user=user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase the account; rows of other apps follow their own on_delete rules."""
    user.delete()
