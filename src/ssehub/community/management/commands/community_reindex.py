"""Rebuild the community search indexes from the stored topics, posts, cases and resources.

    manage.py community_reindex

Needed only after rows were changed without the community services (raw SQL, bulk loads, a partial
restore): the services keep the indexes current on every write.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from ssehub.community import search


class Command(BaseCommand):
    help = "Rebuild the community search indexes (after changes made without the community services)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            search.rebuild()
        self.stdout.write(f"Community search re-indexed ({time.perf_counter() - started:.1f} s).")
