"""The agenda: an index of events, events, and the sessions of an event.

An event has one or more sessions (a series of regional meetings is one event with a session
per city). A session is what a calendar shows: each becomes one VEVENT in the feeds.

Behaviour lives in mixins (:mod:`.mixins`) so that a site with its own base page model can
combine them with it; the concrete pages here add the fields and panels.
"""

import datetime as dt

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..core.blocks import BodyBlock
from ..core.pages import RouteSlugGuardPageForm
from ..importexport.pages import ImportKeyMixin
from ..market.mixins import EventMarketMixin
from ..registrations.mixins import OnSiteRegistrationMixin, SessionPlacesMixin, registration_panel
from ..registrations.routes import RegistrationRoutesMixin
from ..taxonomy.models import TaxonomyMixin
from ..taxonomy.serializers import TermSerializer
from .blocks import ProgrammeItemBlock
from .choices import AttendanceMode, OrganisationRole, SessionStatus
from .entries import AgendaEntry, AgendaHorizon, refresh_entries
from .mixins import EventIndexMixin, EventMixin
from .recurrence import next_exception_sequences
from .registration import EventRegistrationMixin
from .serializers import EventSessionSerializer, OrganisationRoleSerializer
from .series import SeriesPreviewPanel, SessionSeriesMixin
from .sessions import SessionValuesMixin

__all__ = [
    "AgendaEntry",
    "AgendaHorizon",
    "AttendanceMode",
    "EventIndexMixin",
    "EventIndexPage",
    "EventMixin",
    "EventOrganisation",
    "EventRegistrationMixin",
    "EventPage",
    "EventSession",
    "OrganisationRole",
    "RemovedSession",
    "SessionSeriesMixin",
    "SessionStatus",
]


class EventIndexPage(EventIndexMixin, RoutablePageMixin, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of events."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["jeugdzorg_wagtail.EventPage"]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")


class EventPage(
    ImportKeyMixin,
    TaxonomyMixin,
    OnSiteRegistrationMixin,
    EventRegistrationMixin,
    EventMarketMixin,
    RegistrationRoutesMixin,
    EventMixin,
    RoutablePageMixin,
    Page,
):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A short summary, shown in the agenda and in calendar apps."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The full description: text, images, embedded media and quotes."),
    )
    event_type = models.ForeignKey(
        "jeugdzorg_wagtail.EventType",
        verbose_name=_("event type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("For example symposium, regional meeting or theme evening."),
    )
    programme = StreamField(
        [("item", ProgrammeItemBlock())],
        verbose_name=_("programme"),
        blank=True,
        help_text=_("The parts of the day, each with a time and optionally a speaker and room."),
    )
    previous_edition = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_editions",
        help_text=_(
            "The event this one follows up on. That event then links to this one as its "
            "next edition."
        ),
    )
    report = RichTextField(
        _("report"),
        blank=True,
        help_text=_("A report of the event, shown once the event is over."),
    )
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("sessions", label=_("session"), min_num=1, heading=_("Dates and places")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldPanel(
                    "themes",
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Visitors can filter the agenda by theme."),
                ),
                FieldPanel(
                    "target_groups",
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_(
                        "Who the event is for. Visitors can filter the agenda by target group."
                    ),
                ),
                FieldPanel(
                    "region",
                    help_text=_(
                        "The region the event is for. Visitors can filter the agenda by region."
                    ),
                ),
            ],
            heading=_("Classification"),
        ),
        InlinePanel("organisation_roles", label=_("organisation"), heading=_("Organisations")),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("cost"),
                FieldPanel("registration_url"),
                FieldPanel("interest_url"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
            ],
            heading=_("Cost and registration"),
        ),
        registration_panel(),
        FieldPanel("programme"),
        FieldPanel("previous_edition"),
        FieldPanel("report"),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel(
            "import_key",
            help_text=_(
                "Identifies the event in imported spreadsheets: importing a row with the same "
                "key updates this event instead of adding a new one."
            ),
        )
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("report"),
        index.RelatedFields("event_type", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("region", [index.SearchField("name")]),
        index.RelatedFields("sessions", [index.SearchField("venue"), index.SearchField("city")]),
        index.FilterField("region"),
        index.FilterField("event_type"),
        index.FilterField("is_free"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("sessions", serializer=EventSessionSerializer(many=True, read_only=True)),
        APIField("event_type", serializer=TermSerializer(read_only=True)),
        APIField("themes", serializer=TermSerializer(many=True, read_only=True)),
        APIField("target_groups", serializer=TermSerializer(many=True, read_only=True)),
        APIField("region", serializer=TermSerializer(read_only=True)),
        APIField(
            "organisation_roles",
            serializer=OrganisationRoleSerializer(many=True, read_only=True),
        ),
        APIField("is_free"),
        APIField("cost"),
        APIField("registration_url"),
        APIField("interest_url"),
        APIField("registration_opens_at"),
        APIField("registration_closes_at"),
        APIField("programme"),
        APIField("previous_edition"),
        APIField("report"),
    ]

    base_form_class = RouteSlugGuardPageForm

    parent_page_types = ["jeugdzorg_wagtail.EventIndexPage"]
    subpage_types = ["jeugdzorg_wagtail.PresentationPage"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventOrganisation(Orderable):
    """An organisation's role (organiser, partner, funder) in one event."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organisation_roles")
    organisation = models.ForeignKey(
        "jeugdzorg_wagtail.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_roles",
        help_text=_("Add a missing organisation under Network data › Organisations."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OrganisationRole.choices,
        default=OrganisationRole.ORGANISER,
        help_text=_("Organisers are named in calendars and search engines as the organiser."),
    )

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation of the event")
        verbose_name_plural = _("organisations of the event")


class EventSession(SessionPlacesMixin, SessionSeriesMixin, SessionValuesMixin, Orderable):
    """One date of an event, or a series of dates: what a calendar shows as one VEVENT.

    ``start`` and ``end`` are aware datetimes. A whole-day session (``all_day``) runs from the
    day of ``start`` to the day of ``end`` (inclusive) in the calendar's zone; its times are
    ignored. A session with a repeat rule (:class:`~.series.SessionSeriesMixin`) is a series:
    ``start`` is its first date, and each date the rule gives has the same time of day and
    length. ``end_bound`` is derived on save: the exclusive instant at which the session (a
    series: its last date) is over, so that "upcoming" and "past" are decided in the
    database. The session's identity in calendars is its primary key (a copied event gets new
    sessions, and so new UIDs); ``sequence`` rises when a published change moves its time,
    place, status, rule or left-out dates. Saving a session writes its dates in the agenda
    (:func:`~.entries.refresh_entries`).
    """

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(
        _("start"),
        db_index=True,
        help_text=_("For a whole-day session only the date counts."),
    )
    end = models.DateTimeField(
        _("end"), null=True, blank=True, help_text=_("Leave empty when the end is not known.")
    )
    all_day = models.BooleanField(
        _("whole day(s)"),
        default=False,
        help_text=_("The session takes whole days, from the start date to the end date."),
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("The name of the building, for example “Provinciehuis Limburg”."),
    )
    address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(
        _("city"),
        max_length=100,
        blank=True,
        help_text=_("Leave the place empty for a session that is only online."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        max_length=500,
        help_text=_(
            "The link to join online. With a place as well, the session is hybrid "
            "(on site and online)."
        ),
    )
    online_url_public = models.BooleanField(
        _("online link is public"),
        default=False,
        help_text=_(
            "Untick when the link is only sent to participants after they register; "
            "it is then never shown on the site or in calendars."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SessionStatus.choices,
        default=SessionStatus.SCHEDULED,
        help_text=_(
            "A cancelled or postponed session stays visible, plainly marked; "
            "add a note with the reason or the new date."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("For example “new date follows” or “walk-in lunch from 12:00”."),
    )
    # Derived on save, not edited:
    end_bound = models.DateTimeField(editable=False, null=True, db_index=True)
    attendance_mode = models.CharField(
        _("attendance mode"),
        max_length=10,
        choices=AttendanceMode.choices,
        editable=False,
        default=AttendanceMode.OFFLINE,
    )
    sequence = models.PositiveIntegerField(editable=False, default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("all_day")], heading=_("When")
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [FieldPanel("online_url"), FieldPanel("online_url_public")], heading=_("Online")
        ),
        FieldPanel("status"),
        FieldPanel("note"),
        MultiFieldPanel(
            [
                FieldPanel("repeat_frequency"),
                FieldPanel("repeat_interval"),
                FieldPanel("repeat_weekdays"),
                FieldPanel("repeat_week_of_month"),
                FieldPanel("repeat_until"),
                FieldPanel("repeat_count"),
                FieldPanel("repeat_exceptions"),
                SeriesPreviewPanel(heading=_("Dates of the series")),
            ],
            heading=_("Repeat"),
            classname="collapsed",
            help_text=_(
                "For a session that repeats, for example every fourth Wednesday of the month. "
                "Save a draft to see the dates the rule gives."
            ),
        ),
        FieldPanel("places"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.page.title} ({timezone.localtime(self.start):%Y-%m-%d %H:%M})"

    def schedule_fingerprint(self):
        """What a calendar must be told about again when it changes (RFC 5545 SEQUENCE)."""
        return (
            self.start,
            self.end if not self.all_day else self.end_date,
            self.all_day,
            self.venue,
            self.address,
            self.postal_code,
            self.city,
            self.online_url_shown,
            self.status,
            *self.series_fingerprint(),
        )

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)
        refresh_entries([self])

    def set_derived_fields(self):
        """Set what :meth:`save` derives before writing the row: the times of an all-day
        session, the rule, the end bound, the attendance mode and the sequences.

        Call it for sessions written around ``save()`` (``bulk_create``), and then
        :func:`~.entries.refresh_entries` with them.
        """
        if self.all_day:
            zone = self.calendar_zone()
            self.start = dt.datetime.combine(self.start_date, dt.time.min, tzinfo=zone)
            if self.end is not None:
                self.end = dt.datetime.combine(self.end_date, dt.time.min, tzinfo=zone)
        dates = self.get_series_dates()
        self.rrule = self.compute_rrule(dates)
        self.end_bound = self.series_end_bound(dates)
        self.attendance_mode = self.compute_attendance_mode()
        self._bump_sequence(dates)

    def _bump_sequence(self, dates):
        """Raise ``sequence`` when a published change moves time, place, status or the rule,
        and the SEQUENCE of each changed date when that date moves (``exception_sequences``).

        Rows of a live page are written only when a revision is published, so draft saves
        never reach here. The stored values never fall, also when an older revision (with
        lower sequences) is published again.
        """
        changed = self.changed_dates(dates)
        if not self.pk:
            # A new row (also a session of a copied event) is new to every calendar.
            self.sequence = 0
            self.exception_sequences = next_exception_sequences({}, changed, 0)
            return
        previous = type(self)._default_manager.filter(pk=self.pk).first()
        if previous is None:
            # A session that was removed and is brought back (a revert): calendars may have
            # seen it with the sequence it had when it was removed, so rise above that.
            removed = RemovedSession.objects.filter(session_id=self.pk).first()
            if removed is not None:
                self.sequence = max(self.sequence, removed.sequence) + 1
            self.exception_sequences = next_exception_sequences(
                self.exception_sequences, changed, self.sequence
            )
            return
        self.sequence = max(self.sequence, previous.sequence)
        page_live = getattr(self.page, "live", False) if self.page_id else False
        if page_live and previous.schedule_fingerprint() != self.schedule_fingerprint():
            self.sequence += 1
        memory = _higher(previous.exception_sequences, self.exception_sequences)
        self.exception_sequences = next_exception_sequences(
            memory, changed, self.sequence, published=page_live
        )


class RemovedSession(models.Model):
    """The last sequence of a session whose row was removed.

    A revert can bring a removed session back under the same UID; calendars may have seen it
    with this sequence, so the restored session must rise above it. Written when a session
    row is deleted (see :mod:`jeugdzorg_wagtail.events.signals`).
    """

    session_id = models.BigIntegerField(primary_key=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("removed session")
        verbose_name_plural = _("removed sessions")

    def __str__(self):
        return f"session-{self.session_id} ({self.sequence})"


def _higher(stored, given):
    """The remembered SEQUENCEs of changed dates: per date the higher of the stored row's and
    the revision's (an older revision being published again never lowers them)."""
    result = {key: list(value) for key, value in (stored or {}).items()}
    for key, value in (given or {}).items():
        if key not in result or value[0] > result[key][0]:
            result[key] = list(value)
    return result
