"""What the calls hold about a person (their submissions), for access, erasure and
retention; registered as a source of :mod:`jeugdzorg_wagtail.core.privacy`."""

from django.db import transaction
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log

from ..core import privacy
from .models import CallSubmission, PersonalDataRequest
from .retention import purge_submissions

__all__ = ["SOURCE", "email_hash", "erase_email", "record_request", "submission_reports"]


def email_hash(address):
    """A keyed hash (HMAC-SHA256 with ``SECRET_KEY``) of an e-mail address, never the address.

    The address is compared case-insensitively, so the same person gets the same hash.
    """
    normalised = (address or "").strip().lower()
    return salted_hmac("jeugdzorg_wagtail.email_hash", normalised, algorithm="sha256").hexdigest()


def submission_reports(email):
    """Everything stored about the sender of each submission sent with ``email``."""
    submissions = (
        CallSubmission.objects.for_email(email)
        .select_related("call", "region", "privacy_version")
        .prefetch_related("themes", "target_groups")
        .order_by("created_at")
    )
    return [submission.personal_data_report() for submission in submissions]


def record_request(email, kind, count, user=None):
    """Keep a record that a request was handled: a hash of the address, never the address."""
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


SOURCE = privacy.register(
    privacy.PersonalDataSource(
        key="submissions",
        report=submission_reports,
        erase=lambda email, user: f"Erased {erase_email(email, user)} submission(s).",
        record_access=lambda email, entries, user: record_request(
            email, PersonalDataRequest.Kind.ACCESS, len(entries), user
        ),
        purge=lambda now, dry_run, write: purge_submissions(
            CallSubmission.objects.all(), now, dry_run, write
        ),
    )
)
