from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The site's shell, at the top of the house: home, about, language and time-zone handling,
    the platform-wide action log and the demo loader. Nothing imports it."""

    name = "ssehub.shell"
    verbose_name = _("Site")

    def ready(self):
        # Django 6.1's label for an empty choice has no translation in most of our languages;
        # Django asks apps to set it in ready(). Naming it here puts it in the shell catalogue.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
