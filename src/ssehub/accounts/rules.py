"""Role predicates shared by every app. Per-object rules live in each app's own rules.py."""

import rules

from ssehub.accounts.enums import Role

is_authenticated = rules.is_authenticated
is_admin = rules.is_superuser


def user_roles(user) -> frozenset[str]:
    """Every role a user holds, as Role values; empty for anonymous visitors."""
    if not user.is_authenticated:
        return frozenset()
    # One query per request at most: the roles are cached on the user object.
    if not hasattr(user, "_ssehub_roles"):
        roles = {Role.MEMBER.value, *user.groups.values_list("name", flat=True)}
        if user.is_superuser:
            roles.add(Role.ADMIN.value)
        user._ssehub_roles = frozenset(roles)
    return user._ssehub_roles


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return role in user_roles(user)

    return predicate


is_organiser = _has_role(Role.ORGANISER) | is_admin
is_reviewer = _has_role(Role.REVIEWER)
is_facilitator = _has_role(Role.FACILITATOR)
is_participant = _has_role(Role.PARTICIPANT)
is_editor = _has_role(Role.EDITOR) | is_admin
is_researcher = _has_role(Role.RESEARCHER)
is_member = is_authenticated

rules.add_perm("accounts.view_own_profile", is_authenticated)
rules.add_perm("accounts.export_own_data", is_authenticated)
rules.add_perm("accounts.delete_own_account", is_authenticated)
rules.add_perm("accounts.assign_roles", is_admin)

