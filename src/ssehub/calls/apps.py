from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "ssehub.calls"
    verbose_name = _("Calls for participation")

    def ready(self) -> None:
        # Imported here: the registry needs the app registry ready before selectors load models.
        from ssehub.accounts.personal_data import register_section
        from ssehub.calls.selectors import personal_data_for

        register_section("calls_applications", personal_data_for)
