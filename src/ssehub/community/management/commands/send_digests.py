from django.core.management.base import BaseCommand

from ssehub.community.enums import EmailFrequency
from ssehub.community.services.digests import digests_send


class Command(BaseCommand):
    help = "Send the daily or weekly community digest to the members who chose it (through the mail queue)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("frequency", choices=[EmailFrequency.DAILY.value, EmailFrequency.WEEKLY.value])

    def handle(self, *args, frequency: str, **options) -> None:
        sent = digests_send(frequency=frequency)
        self.stdout.write(f"{frequency} digests sent: {sent}")
