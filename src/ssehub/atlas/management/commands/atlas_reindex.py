"""Rebuild the atlas search indexes from the stored records.

    manage.py atlas_reindex

Needed only after records were changed without the atlas services (raw SQL, a partial restore):
the services keep the indexes current on every write.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from ssehub.atlas.facet_cache import data_changed
from ssehub.atlas.models import Instrument
from ssehub.atlas.search import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the atlas search indexes (after changes made without the atlas services)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            search_index_rebuild()
            # Cached facet counts and every process's search columns are read again.
            data_changed()
        self.stdout.write(f"Instruments re-indexed: {Instrument.objects.count()} "
                          f"({time.perf_counter() - started:.1f} s).")
