"""Partner agendas: the sources (calendar feeds of partners) and the events they bring.

An :class:`AgendaSource` is a partner's feed, fetched on a schedule and shown in one or more
agendas. Each of its events is a :class:`SourceEvent`: a single event, or a series with its
repeat rule, its left-out dates and its changed dates (``overrides``), as the partner's feed
gives them. A source event is recognised from fetch to fetch by its ``UID`` (and, for a
changed date whose series is not in the feed, its ``RECURRENCE-ID``); what the editor set on
it (hidden, region, themes, target groups, event type) stays when the partner changes it.

How a fetch fills these tables is in :mod:`.importing`; the admin in :mod:`.admin`.
"""

import datetime as dt
import zoneinfo

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from ..events.mixins import EventIndexMixin
from . import parsing
from .choices import FETCH_INTERVALS, FetchState, SourceEventStatus
from .fetching import InvalidURL, validate_url
from .messages import render

__all__ = ["AgendaSource", "SourceEvent", "agenda_page_models"]


def agenda_page_models():
    """The page models that are agendas (they compose ``EventIndexMixin``).

    A source can be shown in any of them, also in a site's own agenda model.
    """
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and issubclass(model, EventIndexMixin)
    ]


class AgendaSourceQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)

    def due(self, now=None):
        """Enabled sources whose next fetch is due at ``now`` (default: now)."""
        now = now or timezone.now()
        return self.enabled().filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))


class AgendaSource(models.Model):
    """A partner's calendar feed, and how its last fetches went.

    The editor sets the address, the name, the agendas that show its events, the taxonomy
    its new events get, whether it is fetched and how often. The rest is written by each
    fetch: when it ran, how it ended (``last_result``), the counts of the last fetch that
    brought a calendar, the problems the parser reported, and the validators (``ETag``,
    ``Last-Modified``) for the next conditional request.
    """

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("The partner, as visitors know it, for example “Jeugdzorg Zuid”."),
    )
    url = models.CharField(
        _("calendar address"),
        max_length=2048,
        help_text=_(
            "The address of the partner's calendar feed (iCal), starting with https://, "
            "http:// or webcal://. Outlook and Google call it the public or iCal address."
        ),
    )
    enabled = models.BooleanField(
        _("fetch and show"),
        default=True,
        help_text=_(
            "Untick to stop fetching this calendar and hide its events, without deleting them."
        ),
    )
    agendas = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("agendas"),
        blank=True,
        related_name="jeugdzorg_agenda_sources",
        help_text=_("The agendas that show the events of this calendar."),
    )
    fetch_interval = models.PositiveIntegerField(
        _("fetch"),
        choices=FETCH_INTERVALS,
        default=60,
        help_text=_("How often the calendar is fetched again."),
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_sources",
        help_text=_("The region new events of this calendar get. You can change it per event."),
    )
    event_type = models.ForeignKey(
        "jeugdzorg_wagtail.EventType",
        verbose_name=_("event type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_sources",
        help_text=_("The event type new events of this calendar get."),
    )
    themes = models.ManyToManyField(
        "jeugdzorg_wagtail.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="agenda_sources",
        help_text=_("The themes new events of this calendar get."),
    )
    target_groups = models.ManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="agenda_sources",
        help_text=_("The target groups new events of this calendar get."),
    )

    # Written by the fetches, not edited:
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    next_fetch_at = models.DateTimeField(_("next fetch"), null=True, blank=True, editable=False)
    fetching_since = models.DateTimeField(null=True, blank=True, editable=False)
    last_attempt_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_result = models.CharField(
        _("result of the last fetch"),
        max_length=20,
        choices=FetchState.choices,
        default=FetchState.NEVER,
        blank=True,
        editable=False,
    )
    last_success_at = models.DateTimeField(
        _("last successful fetch"), null=True, blank=True, editable=False
    )
    last_error = models.JSONField(_("last error"), default=dict, blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)
    count_new = models.PositiveIntegerField(_("new"), default=0, editable=False)
    count_changed = models.PositiveIntegerField(_("changed"), default=0, editable=False)
    count_removed = models.PositiveIntegerField(_("removed"), default=0, editable=False)
    count_unchanged = models.PositiveIntegerField(_("unchanged"), default=0, editable=False)
    count_skipped = models.PositiveIntegerField(_("skipped"), default=0, editable=False)
    problems = models.JSONField(_("problems"), default=list, blank=True, editable=False)
    feed_name = models.CharField(_("name in the feed"), max_length=255, blank=True, editable=False)
    etag = models.CharField(max_length=1024, blank=True, editable=False)
    last_modified_header = models.CharField(max_length=1024, blank=True, editable=False)
    moved_to = models.CharField(_("moved to"), max_length=2048, blank=True, editable=False)

    objects = AgendaSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda source")
        verbose_name_plural = _("agenda sources")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        stored_url = getattr(self, "_stored_url", None)
        if self.pk and stored_url is not None and stored_url != self.url:
            # Another calendar: the validators and the forwarding address were the old one's,
            # and the new address is fetched at the next run.
            self.etag = self.last_modified_header = self.moved_to = ""
            self.next_fetch_at = None
        stored_interval = getattr(self, "_stored_interval", None)
        if stored_interval is not None and stored_interval != self.fetch_interval:
            self.next_fetch_at = self.compute_next_fetch()
        super().save(*args, **kwargs)
        self._stored_url = self.url
        self._stored_interval = self.fetch_interval

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        # ``kwargs``: ``fetch_mode`` on Django 6.1 and later.
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_url = instance.__dict__.get("url")
        instance._stored_interval = instance.__dict__.get("fetch_interval")
        return instance

    def clean(self):
        super().clean()
        if self.url:
            try:
                self.url = validate_url(self.url)
            except InvalidURL as error:
                raise ValidationError({"url": error.message}) from error

    def compute_next_fetch(self):
        """When the source is due again: ``fetch_interval`` after the last attempt."""
        if self.last_attempt_at is None:
            return None
        return self.last_attempt_at + dt.timedelta(minutes=self.fetch_interval)

    # What the editor reads

    @property
    def last_error_message(self):
        """The last error in the active language ("" when there was none)."""
        return render(self.last_error)

    def get_counts_text(self):
        """ "3 new, 1 changed, 0 removed, 12 unchanged" (and skipped, when there are)."""
        parts = [
            ngettext("%(count)s new", "%(count)s new", self.count_new) % {"count": self.count_new},
            ngettext("%(count)s changed", "%(count)s changed", self.count_changed)
            % {"count": self.count_changed},
            ngettext("%(count)s removed", "%(count)s removed", self.count_removed)
            % {"count": self.count_removed},
            ngettext("%(count)s unchanged", "%(count)s unchanged", self.count_unchanged)
            % {"count": self.count_unchanged},
        ]
        if self.count_skipped:
            parts.append(
                ngettext("%(count)s skipped", "%(count)s skipped", self.count_skipped)
                % {"count": self.count_skipped}
            )
        return ", ".join(parts)

    def get_result_text(self):
        """How the last fetch went, in a sentence for the editor."""
        if self.last_result == FetchState.FAILED:
            return gettext("Failed: %(error)s") % {"error": self.last_error_message}
        if self.last_result == FetchState.NOT_MODIFIED:
            return gettext("Unchanged since the previous fetch.")
        if self.last_result == FetchState.IMPORTED:
            return self.get_counts_text()
        return gettext("Not fetched yet.")

    def get_problem_messages(self):
        """``[(summary or uid, message, skipped), ...]`` of the last fetch, in the active
        language."""
        return [
            (
                problem.get("summary") or problem.get("uid") or "",
                render(problem),
                bool(problem.get("skipped")),
            )  # fmt: skip
            for problem in self.problems or []
        ]

    # Defaults for the events

    def apply_defaults(self):
        """Give the events the editor has not classified themselves this source's region,
        event type, themes and target groups (after the source's were changed)."""
        events = self.events.filter(taxonomy_edited=False)
        events.update(region=self.region, event_type=self.event_type)
        ids = list(events.values_list("pk", flat=True))
        for name in ("themes", "target_groups"):
            through = SourceEvent._meta.get_field(name).remote_field.through
            target = f"{SourceEvent._meta.get_field(name).related_model._meta.model_name}_id"
            through.objects.filter(sourceevent_id__in=ids).delete()
            terms = list(getattr(self, name).values_list("pk", flat=True))
            through.objects.bulk_create(
                [through(sourceevent_id=pk, **{target: term}) for pk in ids for term in terms],
                batch_size=500,
            )


class SourceEventQuerySet(models.QuerySet):
    def present(self):
        """Events still in their source's feed."""
        return self.filter(removed_at__isnull=True)

    def shown(self):
        """Events an agenda may show: in the feed, not hidden, of an enabled source."""
        return self.present().filter(hidden=False, source__enabled=True)

    def for_agenda(self, page):
        """The events :meth:`shown` in the agenda ``page``."""
        return self.shown().filter(source__agendas=page)


def _iso(value):
    return value.isoformat() if value is not None else None


def _moment(value, zone, all_day):
    """A stored instant as a datetime in ``zone``, or its date there for a whole-day event."""
    if value is None:
        return None
    value = value.astimezone(zone)
    return value.date() if all_day else value


def _from_iso(text, zone, all_day):
    """A stored date or datetime back as the value type of the series (``zone`` its zone)."""
    if all_day:
        return dt.date.fromisoformat(text[:10])
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(zone)


class SourceEvent(models.Model):
    """One event of a source's feed: a single event, or a series with its exceptions.

    Times: ``start`` and ``end`` are instants (stored in UTC, ``end`` exclusive). A whole-day
    event (``all_day``) starts at midnight of its first day and ends at midnight after its last
    day, in the zone named by ``timezone``; a timed event keeps in ``timezone`` the zone the
    partner gave (``""`` for a zone of the feed's own that matches no known one). A series has
    ``rrule`` (iCalendar ``RRULE`` text) and/or ``rdates``, with ``exdates`` left out and
    ``overrides`` (the changed dates, with their ``RECURRENCE-ID``): :meth:`occurrences`
    gives its dates in a window. A changed date whose series is not in the feed is an event of
    its own with ``recurrence_key`` set.

    ``sequence``, ``last_modified`` and ``fingerprint`` (of everything shown) decide on the
    next fetch whether the partner changed the event. ``hidden``, ``region``, ``event_type``,
    ``themes`` and ``target_groups`` are the editor's: a fetch never changes them (new events
    get the source's defaults). ``removed_at`` is set when the event left the feed.
    """

    source = models.ForeignKey(
        AgendaSource,
        verbose_name=_("agenda source"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    uid = models.CharField(_("UID"), max_length=parsing.UID_MAX_LENGTH)
    recurrence_key = models.CharField(max_length=16, blank=True, default="", editable=False)
    recurrence_id = models.DateTimeField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    last_modified = models.DateTimeField(null=True, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)

    summary = models.CharField(_("title"), max_length=parsing.SUMMARY_MAX_LENGTH, blank=True)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=parsing.LOCATION_MAX_LENGTH, blank=True)
    url = models.CharField(_("link"), max_length=parsing.URL_MAX_LENGTH, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("whole day(s)"), default=False)
    floating = models.BooleanField(default=False, editable=False)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SourceEventStatus.choices,
        default=SourceEventStatus.CONFIRMED,
    )
    rrule = models.TextField(_("repeat rule"), blank=True)
    rdates = models.JSONField(default=list, blank=True, editable=False)
    exdates = models.JSONField(default=list, blank=True, editable=False)
    overrides = models.JSONField(default=list, blank=True, editable=False)

    hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("A hidden event is not shown in the agendas; the next fetch keeps it hidden."),
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_events",
    )
    event_type = models.ForeignKey(
        "jeugdzorg_wagtail.EventType",
        verbose_name=_("event type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_events",
    )
    themes = models.ManyToManyField(
        "jeugdzorg_wagtail.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="source_events",
    )
    target_groups = models.ManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="source_events",
    )
    taxonomy_edited = models.BooleanField(default=False, editable=False)
    copied_to = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("copied to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    first_seen_at = models.DateTimeField(_("first fetched"), editable=False)
    changed_at = models.DateTimeField(_("last changed"), editable=False)
    removed_at = models.DateTimeField(_("removed from the feed"), null=True, blank=True,
                                      editable=False)  # fmt: skip

    objects = SourceEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner event")
        verbose_name_plural = _("partner events")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "uid", "recurrence_key"],
                name="jeugdzorg_wagtail_sourceevent_identity",
            )
        ]
        indexes = [models.Index(fields=["source", "removed_at"])]

    def __str__(self):
        return self.summary or self.uid

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"hidden", "copied_to", "removed_at"} & set(update_fields):
            from .agenda import refresh_events

            refresh_events([self])

    # What it is

    @property
    def public_url(self):
        """The partner's page of the event (its ``URL``) when it is a web address, else
        ``""``: the agenda links to it."""
        url = (self.url or "").strip()
        return url if url.lower().startswith(("https://", "http://")) else ""

    @property
    def is_recurring(self):
        return bool(self.rrule or self.rdates)

    @property
    def cancelled(self):
        return self.status == SourceEventStatus.CANCELLED

    @property
    def zone(self):
        """The zone of the event's dates and repeat rule (UTC for an unknown zone)."""
        try:
            return zoneinfo.ZoneInfo(self.timezone) if self.timezone else dt.UTC
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return dt.UTC

    @property
    def start_date(self):
        return self.start.astimezone(self.zone).date()

    @property
    def last_date(self):
        """The last day (inclusive) of a whole-day event."""
        end = self.end.astimezone(self.zone).date()
        return max(end - dt.timedelta(days=1), self.start_date)

    # The partner's values, for the calendar code

    def as_parsed(self):
        """This event as the parser's :class:`~.parsing.SourceEvent` (with its overrides), for
        :func:`~.parsing.occurrences` and anything else that takes the parser's values."""
        zone = self.zone
        if self.all_day:
            start, end = self.start_date, self.end.astimezone(zone).date()
        else:
            start, end = self.start.astimezone(zone), self.end.astimezone(zone)
        return parsing.SourceEvent(
            uid=self.uid,
            start=start,
            end=end,
            all_day=self.all_day,
            floating=self.floating,
            timezone=self.timezone,
            summary=self.summary,
            description=self.description,
            location=self.location,
            url=self.url,
            categories=tuple(self.categories or ()),
            status=self.status,
            sequence=self.sequence,
            last_modified=self.last_modified,
            recurrence_id=_moment(self.recurrence_id, zone, self.all_day),
            rrule=self.rrule,
            rdates=tuple(_from_iso(v, zone, self.all_day) for v in self.rdates or ()),
            exdates=tuple(_from_iso(v, zone, self.all_day) for v in self.exdates or ()),
            overrides=tuple(self._parsed_override(o, zone) for o in self.overrides or ()),
        )

    def _parsed_override(self, values, zone):
        all_day = values.get("all_day", self.all_day)
        return parsing.SourceEvent(
            uid=self.uid,
            start=_from_iso(values["start"], zone, all_day),
            end=_from_iso(values["end"], zone, all_day),
            all_day=all_day,
            timezone=self.timezone,
            summary=values.get("summary", ""),
            description=values.get("description", ""),
            location=values.get("location", ""),
            url=values.get("url", ""),
            categories=tuple(values.get("categories") or ()),
            status=values.get("status", SourceEventStatus.CONFIRMED),
            sequence=values.get("sequence", 0),
            recurrence_id=_from_iso(values["recurrence_id"], zone, all_day),
        )

    def occurrences(self, start, end, limit=parsing.DEFAULT_OCCURRENCE_LIMIT):
        """The dates of this event that overlap ``[start, end)`` (aware datetimes), in order:
        :class:`~.parsing.Occurrence` values (``start``, ``end``, ``recurrence_id`` and the
        ``event`` that gives the date: the series, or the changed date)."""
        return parsing.occurrences(self.as_parsed(), start=start, end=end, limit=limit)

    def upcoming_occurrences(self, count=5, now=None):
        """The next ``count`` dates (within two years), for the editor."""
        now = now or timezone.now()
        return self.occurrences(now, now + dt.timedelta(days=731), limit=count)
