"""Fetch a source and merge its feed into its events: all of it, or nothing.

:func:`fetch_source` fetches one :class:`~.models.AgendaSource` (:mod:`.fetching`), reads
the feed (:mod:`.parsing`) and hands the events to :func:`import_feed`, which writes them in
one transaction together with the source's counts. A fetch that fails in any way (the
network, the server, a feed that is no calendar, too large, too slow, too many events, not
one readable event, an error while storing) changes nothing but the source's last error:
what the last good fetch brought stays, also in part.

How an event of the feed is matched with a stored one: by its ``UID`` and, for a changed
date whose series is not in the feed, its ``RECURRENCE-ID``. Then:

* not stored yet: **new**, with the source's region, event type, themes and target groups;
* stored, but removed from the feed earlier and now back: **new** again, with what the
  editor had set on it;
* the parser's fingerprint (everything shown, ``SEQUENCE`` and ``LAST-MODIFIED`` included)
  is the same: **unchanged**;
* an older version than the stored one (a lower ``SEQUENCE``, or the same with an earlier
  ``LAST-MODIFIED``), as a stale cache may serve: **unchanged**, the stored one is kept;
* else **changed**: the partner's values are written, the editor's (hidden, taxonomy) kept.

Stored events no longer in the feed are **removed**: marked with ``removed_at``, so that an
event that comes back keeps what the editor set; they are deleted
``SOURCES_KEEP_REMOVED_DAYS`` later. A cancelled event (``STATUS:CANCELLED``) is an event
like any other, with its status.

Several processes may fetch at once (cron, a worker, an editor's "fetch now"): a source is
claimed for the length of a fetch, and a second fetch of the same source waits for the next
run (``"busy"``).
"""

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..core.conf import jw_settings
from ..events import feed_cache
from . import fetching, parsing
from .agenda import refresh_source
from .choices import FetchState
from .messages import problem_message, render, stored
from .models import AgendaSource, SourceEvent

__all__ = [
    "BUSY",
    "FetchOutcome",
    "ImportCounts",
    "fetch_source",
    "fetch_sources",
    "import_content",
    "import_feed",
]

logger = logging.getLogger("jeugdzorg_wagtail.sources")

#: The outcome of a fetch that did not run because another one of the same source was running.
BUSY = "busy"
#: At most this many of the parser's problems are kept per source, for the editor.
MAX_PROBLEMS = 50
#: Rows per INSERT or UPDATE statement.
BATCH_SIZE = 500
#: A claim older than this (after the fetch deadline) is of a process that died.
CLAIM_MARGIN = dt.timedelta(minutes=2)

#: The fields a fetch writes on a stored event (the editor's fields are left alone).
FEED_FIELDS = [
    "recurrence_id",
    "sequence",
    "last_modified",
    "fingerprint",
    "summary",
    "description",
    "location",
    "url",
    "categories",
    "start",
    "end",
    "all_day",
    "floating",
    "timezone",
    "status",
    "rrule",
    "rdates",
    "exdates",
    "overrides",
    "changed_at",
    "removed_at",
]


@dataclass
class ImportCounts:
    """What one import did, event by event (a series counts once)."""

    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class FetchOutcome:
    """How one fetch of a source ended.

    ``state`` is a :class:`~.choices.FetchState` value or :data:`BUSY`; ``counts`` is set
    when a calendar was imported (or found unchanged); ``error`` is the stored message of a
    failure (see :mod:`.messages`).
    """

    source: AgendaSource
    state: str
    counts: ImportCounts | None = None
    error: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.state in (FetchState.IMPORTED, FetchState.NOT_MODIFIED)

    @property
    def message(self):
        """The outcome in a sentence, in the active language."""
        name = self.source.name
        if self.state == FetchState.IMPORTED:
            return gettext("“%(name)s” fetched: %(counts)s.") % {
                "name": name,
                "counts": self.source.get_counts_text(),
            }
        if self.state == FetchState.NOT_MODIFIED:
            return gettext("“%(name)s” has not changed since the previous fetch.") % {"name": name}
        if self.state == BUSY:
            return gettext("“%(name)s” is being fetched right now. Try again in a minute.") % {
                "name": name
            }
        return gettext(
            "“%(name)s” could not be fetched: %(error)s The events of the previous fetch stay "
            "as they were."
        ) % {"name": name, "error": render(self.error)}


# --- From the parser's values to rows ------------------------------------------------------


def recurrence_key(event):
    """The stored ``recurrence_key`` of a parsed event: "" but for a lone changed date."""
    return parsing.occurrence_key(event.recurrence_id) if event.recurrence_id else ""


def _instant(value, zone):
    """A date as midnight in ``zone``; a datetime as it is."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min, tzinfo=zone)


def _override(event):
    return {
        "recurrence_id": event.recurrence_id.isoformat(),
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "all_day": event.all_day,
        "summary": event.summary,
        "description": event.description,
        "location": event.location,
        "url": event.url,
        "categories": list(event.categories),
        "status": event.status,
        "sequence": event.sequence,
    }


def feed_values(event, calendar_zone):
    """The values a row takes from a parsed event (``FEED_FIELDS`` but the timestamps).

    A whole-day event is stored from midnight to midnight in the calendar's zone (named in
    ``timezone``), so that its days are the same days in the agenda.
    """
    if event.all_day:
        zone_name = calendar_zone
        zone = zoneinfo.ZoneInfo(zone_name)
    else:
        zone_name = event.timezone
        zone = None
    return {
        "recurrence_id": _instant(event.recurrence_id, zone) if event.recurrence_id else None,
        "sequence": event.sequence,
        "last_modified": event.last_modified,
        "fingerprint": event.fingerprint(),
        "summary": event.summary,
        "description": event.description,
        "location": event.location,
        "url": event.url,
        "categories": list(event.categories),
        "start": _instant(event.start, zone),
        "end": _instant(event.end, zone),
        "all_day": event.all_day,
        "floating": event.floating,
        "timezone": zone_name,
        "status": event.status,
        "rrule": event.rrule,
        "rdates": [value.isoformat() for value in event.rdates],
        "exdates": [value.isoformat() for value in event.exdates],
        "overrides": [_override(override) for override in event.overrides],
    }


def is_older(event, row):
    """Whether the feed's ``event`` is an older version of the stored ``row``."""
    if event.sequence != row.sequence:
        return event.sequence < row.sequence
    if event.last_modified and row.last_modified:
        return event.last_modified < row.last_modified
    return False


# --- The import ---------------------------------------------------------------------------


def _in_batches(values, size=BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def import_feed(source, feed, *, now=None, validators=None, moved_to=""):
    """Merge the events of ``feed`` (a :class:`~.parsing.ParsedFeed`) into ``source``.

    Writes the events and the source's counts, problems and (``validators``: ``(etag,
    last_modified)`` of the response) validators in one transaction; returns the
    :class:`ImportCounts`. The caller decides what to do when it raises: nothing is written
    then.
    """
    now = now or timezone.now()
    calendar_zone = jw_settings.calendar_time_zone
    incoming = {(event.uid, recurrence_key(event)): event for event in feed.events}
    counts = ImportCounts(skipped=sum(1 for problem in feed.problems if problem.skipped))
    with transaction.atomic():
        stored_rows = {
            (row.uid, row.recurrence_key): row
            for row in source.events.only(
                "pk",
                "source",  # the related manager reads it on each row: not deferred
                "uid",
                "recurrence_key",
                "fingerprint",
                "sequence",
                "last_modified",
                "removed_at",
            )  # fmt: skip
        }
        new_rows, updated_rows = [], []
        for key, event in incoming.items():
            row = stored_rows.get(key)
            if row is None:
                new_rows.append(
                    SourceEvent(
                        source=source,
                        uid=event.uid,
                        recurrence_key=key[1],
                        region_id=source.region_id,
                        event_type_id=source.event_type_id,
                        first_seen_at=now,
                        changed_at=now,
                        **feed_values(event, calendar_zone),
                    )
                )
                counts.new += 1
                continue
            if row.removed_at is None:
                if row.fingerprint == event.fingerprint() or is_older(event, row):
                    counts.unchanged += 1
                    continue
                counts.changed += 1
            else:
                counts.new += 1  # back in the feed
            for name, value in feed_values(event, calendar_zone).items():
                setattr(row, name, value)
            row.changed_at = now
            row.removed_at = None
            updated_rows.append(row)
        removed = [
            row.pk
            for key, row in stored_rows.items()
            if key not in incoming and row.removed_at is None
        ]
        counts.removed = len(removed)

        SourceEvent.objects.bulk_create(new_rows, batch_size=BATCH_SIZE)
        _give_default_terms(source, new_rows)
        if updated_rows:
            SourceEvent.objects.bulk_update(updated_rows, FEED_FIELDS, batch_size=BATCH_SIZE)
        for batch in _in_batches(removed):
            SourceEvent.objects.filter(pk__in=batch).update(removed_at=now)
        keep_days = jw_settings.SOURCES_KEEP_REMOVED_DAYS
        source.events.filter(removed_at__lt=now - dt.timedelta(days=keep_days)).delete()
        if new_rows or updated_rows or removed:
            refresh_source(source)
            for page in source.agendas.all():
                feed_cache.invalidate(page)

        problems = [problem_message(p) for p in [*feed.notes, *feed.problems]]
        etag, last_modified = validators or ("", "")
        _record(
            source,
            now,
            last_result=FetchState.IMPORTED,
            last_success_at=now,
            count_new=counts.new,
            count_changed=counts.changed,
            count_removed=counts.removed,
            count_unchanged=counts.unchanged,
            count_skipped=counts.skipped,
            problems=problems[:MAX_PROBLEMS],
            feed_name=feed.name,
            etag=(etag or "")[:1024],
            last_modified_header=(last_modified or "")[:1024],
            moved_to=moved_to or "",
        )
    return counts


def _give_default_terms(source, rows):
    """The source's themes and target groups on the new ``rows`` (in bulk)."""
    if not rows:
        return
    if any(row.pk is None for row in rows):  # a database that returns no keys from a bulk insert
        keys = {(row.uid, row.recurrence_key) for row in rows}
        ids = [
            pk
            for pk, uid, rkey in source.events.values_list("pk", "uid", "recurrence_key")
            if (uid, rkey) in keys
        ]
    else:
        ids = [row.pk for row in rows]
    for name in ("themes", "target_groups"):
        terms = list(getattr(source, name).values_list("pk", flat=True))
        if not terms:
            continue
        model_field = SourceEvent._meta.get_field(name)
        through = model_field.remote_field.through
        column = f"{model_field.related_model._meta.model_name}_id"
        through.objects.bulk_create(
            [through(sourceevent_id=pk, **{column: term}) for pk in ids for term in terms],
            batch_size=BATCH_SIZE,
        )


def _record(source, now, **values):
    """Write the state of a fetch on the source (only those fields: an editor may be editing
    its name or agendas at the same moment) and on the instance."""
    values["last_attempt_at"] = now
    values["next_fetch_at"] = now + dt.timedelta(minutes=source.fetch_interval)
    AgendaSource.objects.filter(pk=source.pk).update(**values)
    for name, value in values.items():
        setattr(source, name, value)


def _record_failure(source, now, error):
    _record(source, now, last_result=FetchState.FAILED, last_error=error, last_error_at=now)
    return FetchOutcome(source, FetchState.FAILED, error=error)


# --- Fetching -----------------------------------------------------------------------------


def _claim(source, now):
    stale = now - dt.timedelta(seconds=jw_settings.SOURCES_TIMEOUT) - CLAIM_MARGIN
    claimed = (
        AgendaSource.objects.filter(pk=source.pk)
        .filter(Q(fetching_since__isnull=True) | Q(fetching_since__lt=stale))
        .update(fetching_since=now)
    )
    return claimed == 1


def _release(source):
    AgendaSource.objects.filter(pk=source.pk).update(fetching_since=None)


NOTHING_USABLE = _(
    "Not one event of the calendar could be read; the reasons are listed with the source."
)
STORE_FAILED = _("The events could not be stored.")


def _read_and_import(source, content, charset, now, validators=(None, None), moved_to=""):
    try:
        feed = parsing.parse(content, charset=charset)
    except parsing.ParseError as error:
        logger.info("Source %s (%s): %s %s", source.pk, source.url, error.code, error.detail)
        return _record_failure(source, now, stored(error.code, error.template, error.params))
    if not feed.events and any(problem.skipped for problem in feed.problems):
        # A calendar whose every event was skipped is no reason to remove what was there.
        problems = [problem_message(p) for p in [*feed.notes, *feed.problems]]
        AgendaSource.objects.filter(pk=source.pk).update(problems=problems[:MAX_PROBLEMS])
        source.problems = problems[:MAX_PROBLEMS]
        return _record_failure(source, now, stored("nothing_usable", NOTHING_USABLE))
    try:
        counts = import_feed(source, feed, now=now, validators=validators, moved_to=moved_to)
    except Exception:
        logger.exception("Source %s (%s): storing its events failed", source.pk, source.url)
        _record_failure(source, now, stored("store_failed", STORE_FAILED))
        raise
    return FetchOutcome(source, FetchState.IMPORTED, counts=counts)


def fetch_source(source, *, resolver=None, ssl_context=None, now=None):
    """Fetch ``source`` and import its feed; return a :class:`FetchOutcome`.

    Failures of the partner's side are recorded on the source and returned, never raised;
    an exception comes out only for an error of this site (the database), after the source
    was marked as failed. ``resolver`` and ``ssl_context`` go to :func:`.fetching.fetch`.
    """
    now = now or timezone.now()
    if not _claim(source, now):
        return FetchOutcome(source, BUSY)
    try:
        try:
            result = fetching.fetch(
                source.url,
                etag=source.etag or None,
                last_modified=source.last_modified_header or None,
                resolver=resolver,
                ssl_context=ssl_context,
            )
        except fetching.FetchError as error:
            logger.info("Source %s (%s): %s %s", source.pk, source.url, error.code, error.detail)
            return _record_failure(source, now, stored(error.code, error.template, error.params))
        validators = (result.etag, result.last_modified)
        if result.not_modified:
            present = source.events.present().count()
            _record(
                source,
                now,
                last_result=FetchState.NOT_MODIFIED,
                last_success_at=now,
                count_new=0,
                count_changed=0,
                count_removed=0,
                count_unchanged=present,
                etag=(result.etag or "")[:1024],
                last_modified_header=(result.last_modified or "")[:1024],
                moved_to=result.moved_to or "",
            )
            return FetchOutcome(
                source, FetchState.NOT_MODIFIED, counts=ImportCounts(unchanged=present)
            )
        return _read_and_import(
            source,
            result.content,
            result.charset,
            now,
            validators=validators,
            moved_to=result.moved_to or "",
        )
    finally:
        _release(source)


def import_content(source, content, *, charset=None, now=None):
    """Read and import a feed's ``content`` (bytes) for ``source`` without fetching it.

    For a calendar at hand (the demo's own file); the source's validators are cleared, so
    that the next fetch downloads the feed in full.
    """
    now = now or timezone.now()
    return _read_and_import(source, content, charset, now)


def fetch_sources(sources, **kwargs):
    """:func:`fetch_source` for each source, in turn: ``(outcomes, errors)``.

    An error of this site for one source (logged by :func:`fetch_source`) does not stop the
    others: its outcome is ``failed`` and the exception is in ``errors``, so that a command
    can exit with an error once every source had its turn.
    """
    outcomes, errors = [], []
    for source in sources:
        try:
            outcomes.append(fetch_source(source, **kwargs))
        except Exception as exc:  # logged in fetch_source; the other sources still go
            errors.append(exc)
            outcomes.append(FetchOutcome(source, FetchState.FAILED, error=source.last_error))
    return outcomes, errors
