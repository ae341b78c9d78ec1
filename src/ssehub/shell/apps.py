from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The site's shell, at the top of the house: home, about, language and time-zone handling,
    the platform-wide action log and the demo loader. Nothing imports it."""

    name = "ssehub.shell"
    verbose_name = _("Site")
