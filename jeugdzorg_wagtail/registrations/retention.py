"""How long registrations keep their personal data, and the interest lists their addresses.

* A registration's personal fields are emptied ``REGISTRATION_RETENTION_MONTHS`` after its
  event's last session ended (what remains: the organisation, the sessions and their status,
  for the counts).
* An address on an interest list is deleted once its event is over, and an address nobody
  confirmed is deleted a week after it was left.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max

from ..core.conf import jw_settings

__all__ = ["UNCONFIRMED_DAYS", "purge_interests", "purge_registrations"]

#: Days an address on an interest list waits for its confirmation before it is deleted.
UNCONFIRMED_DAYS = 7


def purge_registrations(registrations, now, dry_run, write):
    """Anonymise the ``registrations`` whose retention period has passed at ``now``.

    With ``dry_run`` only say what would be done. ``write`` gets one line per registration
    and a summary; returns how many there were.
    """
    months = jw_settings.REGISTRATION_RETENTION_MONTHS
    count = 0
    for registration in registrations.past_retention(now=now, months=months).order_by("pk"):
        if dry_run:
            write(f"Would anonymise registration #{registration.pk}")
        else:
            with transaction.atomic():
                registration.anonymise(now=now)
            write(f"Anonymised registration #{registration.pk}")
        count += 1
    verb = "would be anonymised" if dry_run else "anonymised"
    write(f"{count} registration(s) {verb} (retention {months} months).")
    return count


def purge_interests(interests, now, dry_run, write):
    """Delete the addresses on interest lists whose event is over, and those unconfirmed for
    more than :data:`UNCONFIRMED_DAYS` days."""
    ended = interests.annotate(event_end=Max("event__sessions__end_bound")).filter(
        event_end__lte=now
    )
    stale = interests.filter(
        confirmed_at__isnull=True, created_at__lte=now - dt.timedelta(days=UNCONFIRMED_DAYS)
    )
    due = interests.filter(
        pk__in=[*ended.values_list("pk", flat=True), *stale.values_list("pk", flat=True)]
    )
    count = due.count()
    if not dry_run:
        due.delete()
    verb = "would be deleted" if dry_run else "deleted"
    write(f"{count} address(es) on interest lists {verb}.")
    return count
