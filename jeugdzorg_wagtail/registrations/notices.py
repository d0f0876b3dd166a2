"""The one message to an event's interest list once registration opens.

Registration opens at a moment (``registration_opens_at``) or when an editor switches an event
from "register interest only" to registration; either way the command
``jeugdzorg_registration_notices``, run by cron every few minutes, finds the events whose
registration is open and sends each confirmed address that has not had it the one message.
An address is marked before its message goes out, so that two runs at once never send it
twice; when sending fails the mark is taken away again and the next run tries once more.
"""

import logging

from django.utils import timezone

from . import emails

__all__ = ["events_to_notify", "send_opening_notices"]

logger = logging.getLogger("jeugdzorg_wagtail.registrations")


def events_to_notify(event_model, now=None):
    """The live events of ``event_model`` whose registration on the site is open at ``now``
    and that have confirmed addresses not yet told."""
    now = now or timezone.now()
    candidates = (
        event_model.objects.live()
        .filter(
            registration_interests__confirmed_at__isnull=False,
            registration_interests__notified_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    return [event for event in candidates if event.get_on_site_registration_state(now) == "open"]


def send_opening_notices(page, now=None, dry_run=False):
    """Send the opening message to each confirmed, untold address of ``page``'s list.

    Returns ``(sent, failed)``; with ``dry_run`` ``(due, 0)`` and nothing is sent.
    """
    now = now or timezone.now()
    model = page.get_interest_model()
    due = model.objects.filter(event=page, confirmed_at__isnull=False, notified_at__isnull=True)
    if dry_run:
        return due.count(), 0
    sent = failed = 0
    for interest in due.order_by("pk"):
        if not model.objects.filter(pk=interest.pk, notified_at__isnull=True).update(
            notified_at=now
        ):
            continue  # another run took it
        try:
            emails.send_interest_open(page, interest)
        except Exception:  # any backend error: try again on the next run
            logger.exception("Sending the opening message to interest %s failed", interest.pk)
            model.objects.filter(pk=interest.pk).update(notified_at=None)
            failed += 1
        else:
            sent += 1
    return sent, failed
