from django.conf import settings
from django.core.management.base import BaseCommand

from ssehub.calls.services.communication import invitation_reminders_send


class Command(BaseCommand):
    help = "Remind invitees whose invitation expires soon and mark expired invitations. Run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Hand the work to the background worker.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            # Imported here: only this branch needs the task machinery.
            from ssehub.calls.tasks import send_invitation_reminders

            send_invitation_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        report = invitation_reminders_send(base_url=settings.SITE_URL)
        self.stdout.write(f"Reminded {report['reminded']}, marked {report['expired']} expired.")
