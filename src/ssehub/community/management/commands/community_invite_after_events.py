from django.core.management.base import BaseCommand

from ssehub.community.services.membership import invitations_send_after_events


class Command(BaseCommand):
    help = "Invite the registered participants of every event that has ended to join the community (once)."

    def handle(self, *args, **options) -> None:
        sent = invitations_send_after_events()
        for slug, count in sent.items():
            self.stdout.write(f"{slug}: {count} invited")
        if not sent:
            self.stdout.write("No ended event left to invite from.")
