"""manage.py atlas_import_cleanup: remove import uploads and states older than a day."""

from django.core.management.base import BaseCommand

from ssehub.atlas.imports import jobs_cleanup


class Command(BaseCommand):
    help = "Remove atlas import copies (var/media/atlas-imports/) older than a day."

    def handle(self, *args, **options):
        self.stdout.write(f"removed {jobs_cleanup()} file(s)")
