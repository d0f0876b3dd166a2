"""Anonymise call submissions whose retention period has passed."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ...core.conf import jw_settings
from ...models import CallSubmission


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
        months = jw_settings.SUBMISSION_RETENTION_MONTHS
        due = CallSubmission.objects.past_retention(now=now, months=months).order_by("pk")
        count = 0
        for submission in due.select_related("call"):
            files = 1 if submission.attachment else 0
            if dry_run:
                self.stdout.write(f"Would anonymise submission #{submission.pk} ({files} file)")
            else:
                with transaction.atomic():
                    submission.anonymise(now=now)
                self.stdout.write(f"Anonymised submission #{submission.pk} ({files} file)")
            count += 1
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{count} submission(s) {verb} (retention {months} months).")
