import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from ssehub.accounts.enums import Constituency, Role
from ssehub.accounts.models import Profile, User
from ssehub.accounts.services import role_assign

PASSWORD = "correct-horse-battery-9"
STAFF_ROLES = (Role.ADMIN, Role.ORGANISER, Role.EDITOR)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name")
    organisation = factory.Faker("company")
    country = "PH"
    constituency = Constituency.GOVERNMENT
    time_zone = "Asia/Manila"


def make_user(role: str | None = None, **profile_fields) -> User:
    """A verified user with a profile and the given platform role (None or "member": no role)."""
    user = UserFactory()
    ProfileFactory(user=user, **profile_fields)
    if role and role not in ("member", "anonymous"):
        role_assign(user=user, role=role)
    if role in STAFF_ROLES:
        TOTP.activate(user, generate_totp_secret())
    return user


def sign_in_recently(client, user) -> None:
    """force_login plus the record allauth keeps of a fresh password check (for its sensitive pages)."""
    # Imported here: these names are allauth internals, used only by tests that need them.
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
