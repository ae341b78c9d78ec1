from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ssehub.accounts.enums import Constituency, Gender


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person; the e-mail address is the login. Names live on the profile, in any script."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        profile = getattr(self, "profile", None)
        return (profile.full_name if profile and profile.full_name else "") or self.email


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True,
        help_text=_("As you want it on certificates, in your own script."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    constituency = models.CharField(
        _("constituency"), max_length=32, choices=Constituency.choices, blank=True
    )
    gender = models.CharField(
        _("gender"), max_length=32, choices=Gender.choices, blank=True,
        help_text=_("Optional. Used only for balance statistics; never shown publicly."),
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    time_zone_chosen = models.BooleanField(
        default=False, help_text="True once the person picked a zone; the browser then stops updating it."
    )
    preferred_language = models.CharField(_("interface language"), max_length=10, blank=True)
    expertise = models.JSONField(_("expertise"), default=list, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    in_directory = models.BooleanField(
        _("show me in the member directory"), default=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every edit through the profile form, so a stale window cannot overwrite a newer edit.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.full_name or self.user.email
