from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "ssehub.calls"
    verbose_name = _("Calls for participation")

    def ready(self) -> None:
        # Imported here: the registry needs the app registry ready before selectors load models.
        from ssehub.calls.selectors import calls_by_event, personal_data_for, reviews_personal_data_for
        from ssehub.core.personal_data import register_section
        from ssehub.events.parts import register_event_part

        register_section("calls_applications", personal_data_for)
        register_section("calls_reviews", reviews_personal_data_for)
        register_event_part("calls", calls_by_event)
