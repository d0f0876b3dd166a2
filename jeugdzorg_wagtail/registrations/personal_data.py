"""What registration holds about a person (their registrations, their address on interest
lists), for access, erasure and retention; registered as a source of
:mod:`jeugdzorg_wagtail.core.privacy`."""

from django.db import transaction
from django.utils import timezone

from ..core import privacy
from . import emails, places
from .models import Registration, RegistrationInterest
from .retention import purge_interests, purge_registrations

__all__ = ["INTERESTS", "REGISTRATIONS", "erase_registrations", "registration_reports"]


def registration_reports(email):
    """Everything stored about the person of each registration made with ``email``."""
    registrations = (
        Registration.objects.for_email(email)
        .select_related("event", "privacy_version")
        .prefetch_related("entries__session")
        .order_by("created_at")
    )
    return [registration.personal_data_report() for registration in registrations]


def interest_reports(email):
    """The interest lists ``email`` is on."""
    interests = RegistrationInterest.objects.filter(email__iexact=email.strip()).select_related(
        "event"
    )
    return [
        {
            "event": interest.event.title,
            "left_at": interest.created_at.isoformat(),
            "confirmed_at": interest.confirmed_at.isoformat() if interest.confirmed_at else None,
            "notified_at": interest.notified_at.isoformat() if interest.notified_at else None,
            "language": interest.language,
        }
        for interest in interests.order_by("created_at")
    ]


def erase_registrations(email, user=None):
    """Delete the registrations made with ``email``; their places go to the waiting lists
    (who move up hear so). Returns how many registrations were deleted. The request itself
    is recorded once, by the calls' source."""
    now = timezone.now()
    promoted = []
    with transaction.atomic():
        registrations = list(Registration.objects.for_email(email).select_related("event"))
        for registration in registrations:
            entries = list(registration.entries.select_related("session"))
            moved = places.cancel_entries([e for e in entries if e.session.start > now], now)
            promoted += [(registration.event.specific, entry) for entry in moved]
            registration.delete()

        def tell():
            for page, entry in promoted:
                emails.send_promotions(page, [entry])

        transaction.on_commit(tell)
    return len(registrations)


def erase_interests(email):
    deleted, _by_model = RegistrationInterest.objects.filter(email__iexact=email.strip()).delete()
    return deleted


REGISTRATIONS = privacy.register(
    privacy.PersonalDataSource(
        key="registrations",
        report=registration_reports,
        erase=lambda email, user: f"Erased {erase_registrations(email, user)} registration(s).",
        purge=lambda now, dry_run, write: purge_registrations(
            Registration.objects.all(), now, dry_run, write
        ),
    )
)

INTERESTS = privacy.register(
    privacy.PersonalDataSource(
        key="registration_interest",
        report=interest_reports,
        erase=lambda email, user: f"Erased {erase_interests(email)} address(es) on interest lists.",
        purge=lambda now, dry_run, write: purge_interests(
            RegistrationInterest.objects.all(), now, dry_run, write
        ),
    )
)
