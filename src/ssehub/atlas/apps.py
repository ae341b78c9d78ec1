from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "ssehub.atlas"
    verbose_name = _("Policy atlas")

    def ready(self) -> None:
        # Imported here: app registry must be ready before models are imported.
        from ssehub.atlas.personal_data import collect
        from ssehub.core.personal_data import register_section

        register_section("atlas", collect)
