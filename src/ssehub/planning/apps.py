from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "ssehub.planning"
    verbose_name = _("Action planning")

    def ready(self) -> None:
        # Imported here: the app registry must be ready before models are imported.
        from ssehub.atlas.parts import register_country_part
        from ssehub.core.personal_data import register_section
        from ssehub.planning import rules  # noqa: F401 - registers the permissions
        from ssehub.planning.personal_data import collect
        from ssehub.planning.selectors import public_plans_by_country

        register_section("planning", collect)
        register_country_part("plans", public_plans_by_country)
