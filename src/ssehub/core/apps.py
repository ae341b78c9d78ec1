from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every app builds on: errors, stale edits, the action log, the tabular writer.
    It imports no other app of the project (tests/test_import_graph.py holds it to that)."""

    name = "ssehub.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Imported here: models must be loaded before the log's module is.
        from ssehub.core.actionlog import personal_data
        from ssehub.core.personal_data import register_section

        register_section("action_log", personal_data)

        from django.db.backends.signals import connection_created

        from ssehub.core.pagecache import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="ssehub.core.pagecache")
