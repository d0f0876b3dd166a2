"""AVG (GDPR) rights for one e-mail address: access (what is stored) and erasure."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import transaction
from wagtail.log_actions import log

from ...models import CallSubmission, PersonalDataRequest, PracticeExamplePage, email_hash


class Command(BaseCommand):
    help = (
        "Access: print everything stored about one e-mail address (JSON). "
        "With --erase: delete it (the submissions and their attachments). "
        "Either way a record is kept with a hash of the address, never the address."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's e-mail address.")
        parser.add_argument(
            "--erase", action="store_true", help="Delete what is stored about this address."
        )
        parser.add_argument("--user", help="The username of who handles the request.")

    def handle(self, *args, email, erase=False, user=None, **options):
        try:
            validate_email(email)
        except Exception as error:
            raise CommandError("Give a valid e-mail address.") from error
        handler = None
        if user:
            handler = get_user_model().objects.filter(username=user).first()
            if handler is None:
                raise CommandError(f"No user {user!r}.")
        report = access_report(email)
        self.stdout.write(json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        if erase:
            count = erase_email(email, user=handler)
            self.stderr.write(f"Erased {count} submission(s).")
        else:
            record_request(
                email, PersonalDataRequest.Kind.ACCESS, len(report["submissions"]), handler
            )


def access_report(email):
    """Everything stored about ``email``: its submissions, and pages that name the address."""
    submissions = (
        CallSubmission.objects.for_email(email)
        .select_related("call", "region", "privacy_version")
        .prefetch_related("themes", "target_groups")
        .order_by("created_at")
    )
    pages = PracticeExamplePage.objects.filter(contact_email__iexact=email.strip())
    return {
        "email": email.strip(),
        "submissions": [submission.personal_data_report() for submission in submissions],
        # Published content is not erased automatically: editors change these pages by hand.
        "practice_examples_with_this_contact_address": [
            {"id": page.pk, "title": page.title} for page in pages
        ],
    }


def record_request(email, kind, count, user=None):
    record = PersonalDataRequest.objects.create(
        kind=kind, email_hash=email_hash(email), handled_by=user, submission_count=count
    )
    log(
        instance=record,
        action="jeugdzorg_wagtail.personal_data_request",
        user=user,
        data={"kind": str(kind), "count": count},
    )
    return record


def erase_email(email, user=None):
    """Delete the submissions sent with ``email`` and their attachments; returns how many."""
    with transaction.atomic():
        submissions = list(CallSubmission.objects.for_email(email))
        for submission in submissions:
            if submission.attachment:
                submission.attachment.delete(save=False)
            submission.delete()
        record_request(email, PersonalDataRequest.Kind.ERASURE, len(submissions), user)
    return len(submissions)
