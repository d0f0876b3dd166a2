"""The agenda: an index of events, events, and the sessions of an event.

An event has one or more sessions (a series of regional meetings is one event with a session
per city). A session is what a calendar shows: each becomes one VEVENT in the feeds.

Behaviour lives in mixins (``EventIndexMixin``, ``EventMixin``) so that a site with its own base
page model can combine them with it; the concrete pages add the fields and panels.
"""

import datetime as dt
import zoneinfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..conf import jw_settings
from .base import JeugdzorgPageMixin

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventSession",
    "EventOrganisation",
    "AttendanceMode",
    "SessionStatus",
    "OrganisationRole",
]


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", _("on site")
    ONLINE = "online", _("online")
    MIXED = "mixed", _("on site and online")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    POSTPONED = "postponed", _("postponed")
    MOVED_ONLINE = "moved_online", _("moved online")


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("quote")
        template = "jeugdzorg_wagtail/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("text"))
    image = ImageChooserBlock(label=_("image"), template="jeugdzorg_wagtail/blocks/image.html")
    embed = EmbedBlock(label=_("embedded media"))
    quote = QuoteBlock()


class ProgrammeItemBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock(label=_("start time"))
    end_time = blocks.TimeBlock(label=_("end time"), required=False)
    title = blocks.CharBlock(label=_("title"))
    speaker = blocks.CharBlock(label=_("speaker"), required=False)
    room = blocks.CharBlock(label=_("room"), required=False)

    class Meta:
        icon = "time"
        label = _("programme item")


class EventIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the agenda page. You can combine it with your own base page model."""

    def get_event_pages(self):
        """The events this agenda shows: live, public, its own descendants, no aliases.

        You can override this method to widen or narrow the agenda (for example to show
        the events of several agendas).
        """
        return EventPage.objects.live().public().descendant_of(self).filter(alias_of__isnull=True)

    def get_sessions(self):
        """Sessions of :meth:`get_event_pages`, with what a listing row needs in one query."""
        return EventSession.objects.filter(
            page__in=self.get_event_pages().values("pk")
        ).select_related("page", "page__event_type", "page__region")

    @staticmethod
    def upcoming(sessions, now=None):
        """Sessions not over yet, soonest first (decided in the database)."""
        now = now or timezone.now()
        return sessions.filter(end_bound__gt=now).order_by("start", "pk")

    @staticmethod
    def past(sessions, now=None):
        """Sessions that are over, most recent first (decided in the database)."""
        now = now or timezone.now()
        return sessions.filter(end_bound__lte=now).order_by("-start", "-pk")


class EventMixin(JeugdzorgPageMixin):
    """Behaviour of an event page. You can combine it with your own base page model."""


class EventIndexPage(EventIndexMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["jeugdzorg_wagtail.EventPage"]

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")


class EventPage(EventMixin, RoutablePageMixin, Page):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("A short summary, shown in the agenda and in calendar apps."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    event_type = models.ForeignKey(
        "jeugdzorg_wagtail.EventType",
        verbose_name=_("event type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    themes = ParentalManyToManyField(
        "jeugdzorg_wagtail.Theme", verbose_name=_("themes"), blank=True, related_name="events"
    )
    target_groups = ParentalManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="events",
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    is_free = models.BooleanField(_("free of charge"), default=False)
    cost = models.CharField(
        _("cost"),
        max_length=255,
        blank=True,
        help_text=_("For example “€ 25, free for members”. Leave empty when it is free."),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("Where visitors register once registration is open."),
    )
    interest_url = models.URLField(
        _("register-your-interest link"),
        blank=True,
        help_text=_("Offered while registration is not open yet."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    programme = StreamField(
        [("item", ProgrammeItemBlock())], verbose_name=_("programme"), blank=True
    )
    previous_edition = models.ForeignKey(
        "jeugdzorg_wagtail.EventPage",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_editions",
    )
    report = RichTextField(
        _("report"),
        blank=True,
        help_text=_("A report of the event, shown once the event is over."),
    )
    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Identifies the event in imported spreadsheets: importing a row with the same "
            "key updates this event instead of adding a new one."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("sessions", label=_("sessions"), min_num=1, heading=_("Sessions")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldPanel("themes"),
                FieldPanel("target_groups"),
                FieldPanel("region"),
            ],
            heading=_("Classification"),
        ),
        InlinePanel("organisation_roles", label=_("organisations"), heading=_("Organisations")),
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
        FieldPanel("programme"),
        FieldPanel("previous_edition"),
        FieldPanel("report"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("import_key")]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("region"),
        index.FilterField("event_type"),
    ]

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
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=OrganisationRole.choices,
        default=OrganisationRole.ORGANISER,
    )

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation of the event")
        verbose_name_plural = _("organisations of the event")


class EventSession(Orderable):
    """One date of an event: what a calendar shows as one VEVENT.

    ``start`` and ``end`` are aware datetimes. A whole-day session (``all_day``) runs from the
    day of ``start`` to the day of ``end`` (inclusive) in the calendar's zone; its times are
    ignored. ``end_bound`` is derived on save: the exclusive instant at which the session is
    over, so that "upcoming" and "past" are decided in the database. The session's identity
    in calendars is its primary key (a copied event gets new sessions, and so new UIDs);
    ``sequence`` rises when a published change moves its time, place or status.
    """

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(
        _("end"), null=True, blank=True, help_text=_("Leave empty when the end is not known.")
    )
    all_day = models.BooleanField(
        _("whole day(s)"),
        default=False,
        help_text=_("The session takes whole days, from the start date to the end date."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    online_url_public = models.BooleanField(
        _("online link is public"),
        default=False,
        help_text=_(
            "Untick when the link is only sent to participants after they register; "
            "it is then never shown on the site or in calendars."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
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
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.page.title} ({timezone.localtime(self.start):%Y-%m-%d %H:%M})"

    # Derived values

    @property
    def has_place(self):
        return bool(self.venue or self.address or self.city)

    def compute_attendance_mode(self):
        if self.status == SessionStatus.MOVED_ONLINE:
            return AttendanceMode.ONLINE
        if self.online_url and self.has_place:
            return AttendanceMode.MIXED
        if self.online_url:
            return AttendanceMode.ONLINE
        return AttendanceMode.OFFLINE

    @staticmethod
    def calendar_zone():
        return zoneinfo.ZoneInfo(jw_settings.calendar_time_zone)

    @property
    def start_date(self):
        return self.start.astimezone(self.calendar_zone()).date()

    @property
    def end_date(self):
        """The last day (inclusive) of a whole-day session."""
        end = self.end or self.start
        return max(end.astimezone(self.calendar_zone()).date(), self.start_date)

    def compute_end_bound(self):
        if self.all_day:
            zone = self.calendar_zone()
            day_after = self.end_date + dt.timedelta(days=1)
            return dt.datetime.combine(day_after, dt.time.min, tzinfo=zone)
        return self.end or self.start

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
            self.online_url if self.online_url_public else "",
            self.status,
        )

    def save(self, *args, **kwargs):
        if self.all_day:
            zone = self.calendar_zone()
            self.start = dt.datetime.combine(self.start_date, dt.time.min, tzinfo=zone)
            if self.end is not None:
                self.end = dt.datetime.combine(self.end_date, dt.time.min, tzinfo=zone)
        self.end_bound = self.compute_end_bound()
        self.attendance_mode = self.compute_attendance_mode()
        self._bump_sequence()
        super().save(*args, **kwargs)

    def _bump_sequence(self):
        """Raise ``sequence`` when a published change moves time, place or status.

        Rows of a live page are written only when a revision is published, so draft saves
        never reach here. The stored value never falls, also when an older revision (with a
        lower sequence) is published again.
        """
        if not self.pk:
            return
        previous = type(self)._default_manager.filter(pk=self.pk).first()
        if previous is None:
            return
        self.sequence = max(self.sequence, previous.sequence)
        page_live = getattr(self.page, "live", False) if self.page_id else False
        if page_live and previous.schedule_fingerprint() != self.schedule_fingerprint():
            self.sequence += 1
