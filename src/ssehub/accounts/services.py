import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ssehub.accounts.enums import Role
from ssehub.accounts.models import Profile, User
from ssehub.accounts.selectors import profile_for
from ssehub.core.actionlog import action_verb, log_action
from ssehub.core.personal_data import registered_sections
from ssehub.core.stale import lock_for_edit
from ssehub.core.timezones import is_valid_timezone
from ssehub.core.updates import model_update

PROFILE_UPDATED = action_verb("accounts.profile.update", gettext_lazy("Updated their profile"))
ROLE_ASSIGNED = action_verb("accounts.role.assign", gettext_lazy("Gave a role"))
ROLE_REVOKED = action_verb("accounts.role.revoke", gettext_lazy("Took a role away"))
DATA_EXPORTED = action_verb("accounts.data.export", gettext_lazy("Downloaded their personal data"))
ACCOUNT_DELETED = action_verb("accounts.delete", gettext_lazy("Deleted their account"))

PROFILE_FIELDS = (
    "full_name", "organisation", "country", "constituency", "gender", "languages", "time_zone", "expertise",
    "bio", "in_directory",
)


def profile_record_browser_timezone(*, user: User, zone_name: str) -> Profile:
    """Remember the zone the browser reports until the person picks one themselves."""
    profile = profile_for(user)
    if zone_name and not profile.time_zone_chosen and profile.time_zone != zone_name and is_valid_timezone(zone_name):
        profile.time_zone = zone_name
        profile.save(update_fields=["time_zone", "updated_at"])
    return profile


@transaction.atomic
def profile_update(*, user: User, data: dict, expected_version: int | None = None) -> Profile:
    """Save the person's own profile; refused (code "stale") when another window saved it meanwhile.
    The log names the changed fields only: the values are personal data (gender among them)."""
    profile = lock_for_edit(Profile, pk=profile_for(user).pk, expected_version=expected_version)
    if "time_zone" in data and data["time_zone"] != profile.time_zone:
        data = {**data, "time_zone_chosen": True}
    profile, changes = model_update(instance=profile, fields=(*PROFILE_FIELDS, "time_zone_chosen"), data=data,
                                    version_field="version")
    if changes:
        log_action(actor=user, verb=PROFILE_UPDATED, obj=profile, data={"fields": sorted(changes)})
    return profile


def profile_set_language(*, user: User, language_code: str) -> None:
    profile = profile_for(user)
    if profile.preferred_language != language_code:
        profile.preferred_language = language_code
        profile.save(update_fields=["preferred_language", "updated_at"])


@transaction.atomic
def role_assign(*, user: User, role: Role | str, actor: User | None = None) -> None:
    """Give `user` a platform role; `actor` None is the platform (demo, commands)."""
    if role == Role.ADMIN:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        group, _created = Group.objects.get_or_create(name=str(role))
        user.groups.add(group)
    user.__dict__.pop("_ssehub_roles", None)
    log_action(actor=actor, verb=ROLE_ASSIGNED, obj=user, data={"role": str(role)})


@transaction.atomic
def role_revoke(*, user: User, role: Role | str, actor: User | None = None) -> None:
    if role == Role.ADMIN:
        user.is_superuser = False
        user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        user.groups.remove(*Group.objects.filter(name=str(role)))
    user.__dict__.pop("_ssehub_roles", None)
    log_action(actor=actor, verb=ROLE_REVOKED, obj=user, data={"role": str(role)})


def roles_set(*, user: User, roles: set[str], actor: User | None) -> None:
    """Bring a person's roles to exactly `roles` (the admin's role form), one logged change per role."""
    current = {Role.ADMIN.value} if user.is_superuser else set()
    current |= set(user.groups.values_list("name", flat=True))
    for role in sorted(roles - current):
        role_assign(user=user, role=role, actor=actor)
    for role in sorted((current - roles) & set(Role.values)):
        role_revoke(user=user, role=role, actor=actor)


def _isoformat(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def user_export_data(*, user: User) -> dict:
    """Everything we hold about one person, for the right of access (GDPR art. 15 style); the export
    itself is logged (an admin can see when personal data left the platform)."""
    log_action(actor=user, verb=DATA_EXPORTED, obj=user)
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
    """Erase the account; rows of other apps follow their own on_delete rules. The log keeps that an
    account was deleted, not whose: its entries' actor becomes "a deleted account"."""
    log_action(actor=None, verb=ACCOUNT_DELETED, data={})
    user.delete()
