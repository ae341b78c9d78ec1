from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "ssehub.agenda"
    verbose_name = _("Workshop delivery")

    def ready(self) -> None:
        # Imported here: the registry of personal-data sections is filled once apps are loaded.
        from ssehub.agenda.personal_data import collect
        from ssehub.core.personal_data import register_section

        register_section("agenda", collect)
