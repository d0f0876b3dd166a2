"""Anonymise personal data whose retention period has passed (the submissions of calls)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...core import privacy


class Command(BaseCommand):
    help = (
        "Anonymise the personal fields and delete the attachments of call submissions whose "
        "call closed more than SUBMISSION_RETENTION_MONTHS months ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        for source in privacy.sources():
            if source.purge is not None:
                source.purge(now, dry_run, self.stdout.write)
