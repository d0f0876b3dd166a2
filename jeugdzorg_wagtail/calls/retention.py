"""How long submissions keep their personal data: until ``SUBMISSION_RETENTION_MONTHS``
after their call closed."""

import calendar

from django.db import transaction

from ..core.conf import jw_settings

__all__ = ["months_before", "purge_submissions"]


def months_before(moment, months):
    """``moment`` minus a number of calendar months (the day clipped to the month's length)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def purge_submissions(submissions, now, dry_run, write):
    """Anonymise the ``submissions`` whose retention period has passed at ``now``.

    With ``dry_run`` only say what would be done. ``write`` gets one line per submission and
    a summary; returns how many there were.
    """
    months = jw_settings.SUBMISSION_RETENTION_MONTHS
    due = submissions.past_retention(now=now, months=months).order_by("pk")
    count = 0
    for submission in due.select_related("call"):
        files = 1 if submission.attachment else 0
        if dry_run:
            write(f"Would anonymise submission #{submission.pk} ({files} file)")
        else:
            with transaction.atomic():
                submission.anonymise(now=now)
            write(f"Anonymised submission #{submission.pk} ({files} file)")
        count += 1
    verb = "would be anonymised" if dry_run else "anonymised"
    write(f"{count} submission(s) {verb} (retention {months} months).")
    return count
