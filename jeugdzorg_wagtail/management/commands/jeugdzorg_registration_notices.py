"""Tell the interest lists of events whose registration has opened (for cron)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone

from ...registrations.mixins import OnSiteRegistrationMixin
from ...registrations.notices import events_to_notify, send_opening_notices


class Command(BaseCommand):
    help = (
        "Send the one e-mail to each confirmed address on the interest list of an event whose "
        "registration on the site has opened. Run it every few minutes (cron); an address "
        "gets the message once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        total_sent = total_failed = 0
        for model in apps.get_models():
            if not issubclass(model, OnSiteRegistrationMixin):
                continue
            for event in events_to_notify(model, now):
                sent, failed = send_opening_notices(event, now, dry_run=dry_run)
                total_sent += sent
                total_failed += failed
                verb = "would be sent" if dry_run else "sent"
                self.stdout.write(f"{event.title}: {sent} message(s) {verb}, {failed} failed.")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{total_sent} message(s) {verb}, {total_failed} failed.")
