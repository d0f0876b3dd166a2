"""How the agenda stores dates: one row per date, which the listing, its filters and the month
calendar query.

A session is stored once (``EventSession``), with its repeat rule; what a visitor browses is
:class:`AgendaEntry`, one row for each date: a single session gives one, a series one per
date (its left-out dates none, its changed dates their changed values). Listings are decided
in the database on these rows (upcoming, past, a month, the filters, a page of results), so
they cost the same number of queries however many series and dates there are, and no rule is
expanded while a visitor waits.

The rows of a session are written whenever the session is saved (when its page is published,
created, copied or imported): :func:`refresh_entries`. The dates a rule gives are stored up to
the *horizon*, ``AGENDA_HORIZON_DAYS`` days ahead; the first date of a series, a single
session and a changed date are stored wherever they are, since an editor named them. The
horizon moves by itself: the listing, the month calendar and the theme pages start with
:func:`ensure_horizon`, one query that reads how far the dates reach (:class:`AgendaHorizon`)
and, once a day, stores the dates that came within reach. The command
``jeugdzorg_refresh_agenda`` does the same from cron, so that no visitor waits for it.

A partner's event (``source_event``, a :class:`~jeugdzorg_wagtail.sources.models.SourceEvent`)
has rows here too, without ``page`` and ``session``: see :mod:`jeugdzorg_wagtail.sources.agenda`.
"""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..core.conf import jw_settings
from .choices import AttendanceMode, SessionStatus
from .sessions import SessionValuesMixin

__all__ = [
    "AgendaEntry",
    "AgendaHorizon",
    "ensure_horizon",
    "entries_for",
    "extend_horizon",
    "horizon_bound",
    "horizon_until",
    "refresh_entries",
]

BATCH_SIZE = 500


class AgendaEntry(SessionValuesMixin, models.Model):
    """One date in the agenda: a session, or one date of a series.

    ``original_start`` is the start the series' rule gives the date (its ``RECURRENCE-ID``;
    for a single session its start); ``start``, ``end`` and the rest are the values shown,
    changed ones included. ``end_bound`` is the instant the date is over, so that upcoming
    and past are decided in the database.
    """

    page = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_entries",
    )
    session = models.ForeignKey(
        "jeugdzorg_wagtail.EventSession",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_entries",
    )
    source_event = models.ForeignKey(
        "jeugdzorg_wagtail.SourceEvent",
        verbose_name=_("partner event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_entries",
    )
    original_start = models.DateTimeField(_("original start"))
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    end_bound = models.DateTimeField(db_index=True)
    all_day = models.BooleanField(_("whole day(s)"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    attendance_mode = models.CharField(
        _("attendance mode"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    online_url_public = models.BooleanField(_("online link is public"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    is_changed = models.BooleanField(_("changed date"), default=False)

    class Meta:
        verbose_name = _("agenda date")
        verbose_name_plural = _("agenda dates")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "original_start"], name="jw_agenda_entry_session_date"
            ),
            models.UniqueConstraint(
                fields=["source_event", "original_start"], name="jw_agenda_entry_source_date"
            ),
        ]

    def __str__(self):
        start = timezone.localtime(self.start, self.calendar_zone())
        return f"{self.title} ({start:%Y-%m-%d %H:%M})"

    @property
    def title(self):
        """The title the agenda shows: the event's (a partner event's summary)."""
        if self.source_event_id is not None:
            return self.source_event.summary or self.source_event.uid
        page = self.page
        return page.title if page is not None else ""

    def get_url(self, request=None):
        """The address a visitor follows from this date: the event page, or a partner
        event's own page (its ``URL``; ``""`` when it has none)."""
        if self.source_event_id is not None:
            return self.source_event.public_url
        page = self.page
        return page.get_url(request) if page is not None else ""

    @property
    def source(self):
        """The partner's source of a partner event's date, else ``None``."""
        return self.source_event.source if self.source_event_id is not None else None

    @property
    def event_type(self):
        """The event type of the event (the editor's choice for a partner event)."""
        if self.source_event_id is not None:
            return self.source_event.event_type
        page = self.page
        return getattr(page, "event_type", None) if page is not None else None

    @property
    def series_description(self):
        """The rule of the series this date belongs to, in words, or ``""``."""
        session = self.session
        if session is None or not session.is_recurring:
            return ""
        return session.repeat_description

    @property
    def is_moved(self):
        """Whether a change moved the date away from the start the rule gives it."""
        return self.is_changed and self.start != self.original_start


class AgendaHorizon(models.Model):
    """How far ahead the dates of series are stored in :class:`AgendaEntry`: up to and
    including ``until``. One row."""

    until = models.DateField(_("dates stored until"))

    class Meta:
        verbose_name = _("agenda horizon")
        verbose_name_plural = _("agenda horizons")

    def __str__(self):
        return self.until.isoformat()


def horizon_until(today=None):
    """The last day of the horizon: ``AGENDA_HORIZON_DAYS`` days after today (calendar zone)."""
    today = today or timezone.localdate(timezone=jw_settings.calendar_zone)
    return today + dt.timedelta(days=jw_settings.AGENDA_HORIZON_DAYS)


def horizon_bound(until):
    """The midnight after ``until`` in the calendar's zone: the dates a rule gives from then on
    are not stored."""
    day_after = until + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time.min, tzinfo=jw_settings.calendar_zone)


def entries_for(session, before=None):
    """The :class:`AgendaEntry` rows of ``session`` (not saved), soonest first.

    Works for a session that is not saved (a preview); ``before`` (an aware datetime) leaves
    out the dates the rule gives from then on (see
    :meth:`~.series.SessionSeriesMixin.get_series_dates`).
    """
    field = type(session)._meta.get_field("page")
    page = session.page if field.is_cached(session) else None
    entries = []
    for value in session.get_series_dates(before=before):
        entry = AgendaEntry(
            page_id=session.page_id,
            session=session,
            original_start=value.original_start,
            start=value.start,
            end=value.end,
            all_day=value.all_day,
            status=value.status,
            venue=value.venue,
            address=value.address,
            postal_code=value.postal_code,
            city=value.city,
            online_url=value.online_url,
            online_url_public=session.online_url_public,
            note=value.note,
            is_changed=value.changed,
        )
        if page is not None:
            entry.page = page  # the instance at hand (also an unsaved one in a preview)
        entry.end_bound = entry.compute_end_bound()
        entry.attendance_mode = entry.compute_attendance_mode()
        entries.append(entry)
    return entries


def refresh_entries(sessions, until=None):
    """Write the dates of ``sessions`` (saved sessions) anew, up to the horizon ``until``.

    Sessions are saved one by one through the editor, so :meth:`EventSession.save` calls
    this. After writing sessions around ``save()`` (``bulk_create``, ``update()``) call it
    yourself with those sessions.
    """
    sessions = [s for s in sessions if s.pk is not None]
    if not sessions:
        return
    before = horizon_bound(until or horizon_until())
    rows = [entry for session in sessions for entry in entries_for(session, before)]
    with transaction.atomic():
        AgendaEntry.objects.filter(session_id__in=[s.pk for s in sessions]).delete()
        AgendaEntry.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _session_model():
    return AgendaEntry._meta.get_field("session").related_model


def extend_horizon(until=None, since=None):
    """Store the dates of every series up to ``until`` (default: the horizon from today).

    Only series that reach past ``since`` (the last day stored before; ``None``: every
    series) are read; dates already stored are kept as they are. Records ``until`` in
    :class:`AgendaHorizon` and returns it.
    """
    until = until or horizon_until()
    before = horizon_bound(until)
    sessions = _session_model().objects.exclude(repeat_frequency="")
    if since is not None:
        sessions = sessions.filter(end_bound__gte=horizon_bound(since))
    batch = []
    for session in sessions.iterator(chunk_size=BATCH_SIZE):
        batch.extend(entries_for(session, before))
        if len(batch) >= BATCH_SIZE:
            AgendaEntry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        AgendaEntry.objects.bulk_create(batch, ignore_conflicts=True)
    from ..sources.agenda import extend_source_entries

    extend_source_entries(before, series_only=since is not None)
    AgendaHorizon.objects.update_or_create(pk=1, defaults={"until": until})
    return until


def ensure_horizon(today=None):
    """Make sure the stored dates reach the horizon; one query when they do.

    Called at the start of the listing, the month calendar and the theme pages. Once a day
    (the first request after midnight, unless ``jeugdzorg_refresh_agenda`` ran first) it adds
    the dates that came within reach.
    """
    until = horizon_until(today)
    stored = AgendaHorizon.objects.filter(pk=1).values_list("until", flat=True).first()
    if stored is None or stored < until:
        extend_horizon(until, since=stored)
    return until
