import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ssehub.planning.services.followup import reminders_queue


class Command(BaseCommand):
    help = "Queue a reminder to each owner of a priority action whose follow-up update is due (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        sent = reminders_queue(today=today, base_url=getattr(settings, "SITE_URL", "").rstrip("/"))
        self.stdout.write(f"{sent} reminder(s) queued.")
