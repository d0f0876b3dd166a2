"""Partner events in the agenda: the dates of a source's events as agenda rows.

The agenda listing, its filters and the month calendar read
:class:`~jeugdzorg_wagtail.events.entries.AgendaEntry` rows. A partner's event (a
:class:`~.models.SourceEvent`) gets a row for each of its dates, with ``source_event`` set
and no ``page``: a single event one, a series one per date up to the horizon
(``AGENDA_HORIZON_DAYS``), its left-out dates none and its changed dates their changed
values. A cancelled date keeps its row, marked cancelled. An event that left the feed, is
hidden or was copied into an event page has no rows.

The rows are written when a fetch changes a source (:func:`refresh_source`), when an editor
hides, shows or copies an event (``SourceEvent.save()``) and once a day when the horizon
moves (:func:`extend_source_entries`). Which agendas show them (the source's agendas, while
the source is switched on) is decided when the agenda is read, so changing a source's
agendas or switching it off needs no rewrite.
"""

import datetime as dt

from django.db import transaction

from ..core.conf import jw_settings
from ..events.choices import SessionStatus
from ..events.entries import BATCH_SIZE, AgendaEntry, horizon_bound, horizon_until
from .choices import SourceEventStatus

__all__ = ["entries_for_event", "extend_source_entries", "refresh_events", "refresh_source"]

#: The earliest date looked at: a partner's dates before it are not stored.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _instant(value, zone, last_day=False):
    """A date or datetime of the parser as an aware datetime; a whole-day date is midnight of
    that day in ``zone`` (``last_day``: of the day before, the inclusive last day)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if last_day:
        value = value - dt.timedelta(days=1)
    return dt.datetime.combine(value, dt.time.min, tzinfo=zone)


def is_shown(event):
    """Whether ``event`` gets rows: in the feed, not hidden, not copied into a page."""
    return event.removed_at is None and not event.hidden and event.copied_to_id is None


def entries_for_event(event, before=None):
    """The :class:`AgendaEntry` rows of the source event ``event`` (not saved).

    ``before`` (an aware datetime) leaves out the dates from then on; a single event and a
    changed date are stored wherever they are.
    """
    before = before or horizon_bound(horizon_until())
    zone = jw_settings.calendar_zone
    end = before if event.is_recurring else None
    end = end or max(before, event.end + dt.timedelta(days=1))
    rows, seen = [], set()
    for occurrence in event.occurrences(EARLIEST, end):
        date_event = occurrence.event
        all_day = isinstance(occurrence.start, dt.date) and not isinstance(
            occurrence.start, dt.datetime
        )
        original = _instant(occurrence.recurrence_id, zone)
        if original in seen:
            continue
        seen.add(original)
        start = _instant(occurrence.start, zone)
        finish = _instant(occurrence.end, zone, last_day=all_day)
        status = (
            SessionStatus.CANCELLED
            if date_event.status == SourceEventStatus.CANCELLED
            else SessionStatus.SCHEDULED
        )
        entry = AgendaEntry(
            source_event=event,
            original_start=original,
            start=start,
            end=max(finish, start),
            all_day=all_day,
            status=status,
            venue=(date_event.location or "")[:255],
            is_changed=event.is_recurring and date_event.recurrence_id is not None,
        )
        entry.end_bound = entry.compute_end_bound()
        entry.attendance_mode = entry.compute_attendance_mode()
        rows.append(entry)
    return rows


def refresh_events(events, until=None):
    """Write the rows of the source events ``events`` anew (none for those not shown)."""
    events = [event for event in events if event.pk is not None]
    if not events:
        return
    before = horizon_bound(until or horizon_until())
    rows = [row for event in events if is_shown(event) for row in entries_for_event(event, before)]
    with transaction.atomic():
        AgendaEntry.objects.filter(source_event__in=[e.pk for e in events]).delete()
        AgendaEntry.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def refresh_source(source, until=None):
    """Write the rows of every event of ``source`` anew (after a fetch changed it)."""
    before = horizon_bound(until or horizon_until())
    with transaction.atomic():
        AgendaEntry.objects.filter(source_event__source=source).delete()
        batch = []
        events = source.events.filter(removed_at__isnull=True, hidden=False)
        for event in events.filter(copied_to__isnull=True).iterator(chunk_size=BATCH_SIZE):
            batch.extend(entries_for_event(event, before))
            if len(batch) >= BATCH_SIZE:
                AgendaEntry.objects.bulk_create(batch)
                batch = []
        if batch:
            AgendaEntry.objects.bulk_create(batch)


def extend_source_entries(before, series_only=True):
    """Store the dates of partner events up to ``before`` that are not stored yet: of the
    series (``series_only``), or of every event shown (when the horizon is stored anew)."""
    from .models import SourceEvent

    events = SourceEvent.objects.filter(removed_at__isnull=True, hidden=False)
    events = events.filter(copied_to__isnull=True)
    if series_only:
        events = events.exclude(rrule="", rdates=[])
    batch = []
    for event in events.iterator(chunk_size=BATCH_SIZE):
        batch.extend(entries_for_event(event, before))
        if len(batch) >= BATCH_SIZE:
            AgendaEntry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        AgendaEntry.objects.bulk_create(batch, ignore_conflicts=True)
