from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "ssehub.atlas"
    verbose_name = _("Policy atlas")
