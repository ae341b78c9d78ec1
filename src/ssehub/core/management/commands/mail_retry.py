from django.core.management.base import BaseCommand

from ssehub.core.outbox import outgoing_mail_sweep


class Command(BaseCommand):
    help = (
        "Enqueue the outbox messages whose next attempt is due, hand back messages a stopped worker "
        "was sending, and remove sent messages older than 30 days. Run it every few minutes."
    )

    def handle(self, *args, **options) -> None:
        counts = outgoing_mail_sweep()
        self.stdout.write(
            "enqueued {enqueued}, handed back {reclaimed}, removed {purged}".format(**counts)
        )
