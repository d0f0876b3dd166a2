"""Partner events in the agenda's own iCal feed (with ``SOURCES_IN_FEEDS``).

A partner's event keeps its partner's identity in the feed: its ``UID``, ``SEQUENCE`` and
``LAST-MODIFIED``, so that a visitor who subscribes to the partner's calendar and to the
agenda's gets each event once. A series is one VEVENT with its ``RRULE``, ``RDATE``-less
dates left out as ``EXDATE`` and each changed date as a VEVENT with its ``RECURRENCE-ID``.
A changed date whose series is not in the partner's feed is left out (its ``UID`` belongs to
a series this feed does not have).
"""

import datetime as dt

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce

from ..core.conf import jw_settings
from ..events import ical
from ..events.choices import SessionStatus
from .choices import SourceEventStatus

__all__ = ["feed_events", "feed_source_events", "source_events_state"]


def feed_source_events(events, since):
    """The partner events of a feed: of ``events`` (a queryset of ``SourceEvent``), those
    that are not a lone changed date and not over before ``since`` (series always)."""
    events = events.filter(recurrence_key="")
    return events.filter(Q(end__gt=since) | ~Q(rrule="") | ~Q(rdates=[]))


def source_events_state(events):
    """What of ``events`` decides the feed's ``ETag``: one aggregate query.

    ``changed`` covers the partner's changes; ``types`` (a checksum of each event's event
    type) an editor's classification, which the event's ``CATEGORIES`` show.
    """
    return events.order_by().aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        changed=Max("changed_at"),
        sequence=Max("sequence"),
        types=Sum(F("pk") * Coalesce("event_type_id", 0)),
    )


def _status(status):
    return (
        SessionStatus.CANCELLED
        if status == SourceEventStatus.CANCELLED
        else SessionStatus.SCHEDULED
    )


def _start(value, zone):
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min, tzinfo=zone)


def _end(start, end, zone):
    """The end as a feed session holds it: a whole-day event's last day (inclusive)."""
    if isinstance(end, dt.datetime):
        return end
    last = max(end - dt.timedelta(days=1), start)
    return dt.datetime.combine(last, dt.time.min, tzinfo=zone)


def feed_events(events):
    """The :class:`~jeugdzorg_wagtail.events.ical.FeedSession` values of ``events`` (a
    queryset of ``SourceEvent`` with ``event_type`` selected), soonest first."""
    zone = jw_settings.calendar_zone
    result = []
    for row in events.select_related("event_type").order_by("start", "pk"):
        event = row.as_parsed()
        overrides = tuple(
            ical.FeedOverride(
                recurrence_id=_start(override.recurrence_id, zone),
                start=_start(override.start, zone),
                end=_end(override.start, override.end, zone),
                status=_status(override.status),
                venue=override.location,
                sequence=override.sequence,
            )
            for override in event.overrides
        )
        result.append(
            ical.FeedSession(
                uid=row.uid,
                title=row.summary,
                start=_start(event.start, zone),
                end=_end(event.start, event.end, zone),
                all_day=row.all_day,
                status=_status(row.status),
                venue=row.location,
                intro=row.description,
                url=row.public_url,
                categories=(row.event_type.name,) if row.event_type_id else (),
                sequence=row.sequence,
                created=row.first_seen_at,
                last_modified=row.last_modified or row.changed_at,
                rrule=row.rrule,
                exdates=tuple(_start(value, zone) for value in event.exdates),
                overrides=overrides,
            )
        )
    return result
