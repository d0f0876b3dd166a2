"""The agenda: an index of events, events, and the sessions of an event.

An event has one or more sessions (a series of regional meetings is one event with a session
per city). A session is what a calendar shows: each becomes one VEVENT in the feeds.

Behaviour lives in mixins (``EventIndexMixin``, ``EventMixin``) so that a site with its own base
page model can combine them with it; the concrete pages add the fields and panels.
"""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..core.blocks import BodyBlock
from ..core.conf import jw_settings
from ..core.jsonld import json_script_ld
from ..core.pages import JeugdzorgPageMixin, RouteSlugGuardMixin, RouteSlugGuardPageForm
from ..core.queries import not_in_private_section
from .calls import CallState, open_calls, visible_calls

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventSession",
    "EventOrganisation",
    "RemovedSession",
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


class ProgrammeItemBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock(label=_("start time"))
    end_time = blocks.TimeBlock(label=_("end time"), required=False)
    title = blocks.CharBlock(label=_("title"))
    speaker = blocks.CharBlock(label=_("speaker"), required=False)
    room = blocks.CharBlock(label=_("room"), required=False)

    class Meta:
        icon = "time"
        label = _("programme item")


SCHEMA_EVENT_STATUS = {
    SessionStatus.SCHEDULED: "https://schema.org/EventScheduled",
    SessionStatus.CANCELLED: "https://schema.org/EventCancelled",
    SessionStatus.POSTPONED: "https://schema.org/EventPostponed",
    SessionStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
}

SCHEMA_ATTENDANCE_MODE = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def month_groups(sessions, zone):
    """Consecutive sessions grouped by the month (in ``zone``) they start in.

    Returns a list of ``{"month": date(year, month, 1), "sessions": [...]}``.
    """
    groups = []
    for session in sessions:
        local = session.start.astimezone(zone)
        month = dt.date(local.year, local.month, 1)
        if not groups or groups[-1]["month"] != month:
            groups.append({"month": month, "sessions": []})
        groups[-1]["sessions"].append(session)
    return groups


class EventIndexMixin(JeugdzorgPageMixin):
    """Behaviour of the agenda page. You can combine it with your own base page model.

    The page itself lists the upcoming sessions; the route ``past/`` (name ``"past"``) lists
    the sessions that are over, newest first. Both take the filters of
    :class:`~jeugdzorg_wagtail.filters.AgendaFilterForm` as query parameters and are paginated
    by ``EVENTS_PER_PAGE``.
    """

    #: The template context of the listing and archive (besides ``page``):
    #: ``filter_form``, ``page_obj``, ``paginator``, ``month_groups``, ``archive``,
    #: ``is_filtered``, ``has_any_events``, ``listing_url``, ``upcoming_url``, ``past_url``,
    #: ``jw_calendar_zone``.

    @path("past/", name="past")
    def past_events(self, request, *args, **kwargs):
        """The archive: sessions that are over, most recent first."""
        return TemplateResponse(
            request,
            self.get_template(request, *args, **kwargs),
            self.get_context(request, *args, archive=True, **kwargs),
        )

    #: The file name that the agenda's feed response gives (``Content-Disposition``).
    feed_filename = "agenda.ics"

    def get_event_pages(self):
        """The events this agenda shows: live, public, its own descendants, no aliases.

        You can override this method to widen or narrow the agenda (for example to show
        the events of several agendas).
        """
        return (
            EventPage.objects.live()
            .filter(not_in_private_section())
            .descendant_of(self)
            .filter(alias_of__isnull=True)
        )

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

    # The iCal feed (see jeugdzorg_wagtail.feeds and docs/feeds.md)

    def get_feed_sessions(self, request, filter_form, since):
        """The sessions of the feed: the listing's filters, not over before ``since``.

        ``since`` is midnight ``FEED_PAST_DAYS`` days ago. You can override this method to
        change what the feed holds.
        """
        sessions = filter_form.filter_sessions(self.get_sessions())
        return sessions.filter(end_bound__gt=since)

    def get_feed_calendar(self, request):
        """The calendar-level values of the feed (name, description, zone, refresh).

        You can override this method to name the calendar differently.
        """
        from ..feeds import calendar_values, feed_url
        from ..filters import filter_pairs

        return calendar_values(
            request, self.title, url=feed_url(request, self, filter_pairs(request.GET))
        )

    @path("ical/", name="ical")
    def ical_feed(self, request):
        """The agenda as an iCal feed, narrowed by the same query parameters as the listing.

        A malformed filter gets a 400 with a plain-text message. The response is kept in the
        feed cache (see :mod:`jeugdzorg_wagtail.feed_cache`), keyed by the filters and the
        first day of the window.
        """
        from ..feeds import bad_request, serve_cached_feed, serve_feed, window_start
        from ..filters import FILTER_PARAMETERS

        since = window_start()
        filters = tuple(
            (name, tuple(sorted(request.GET.getlist(name)))) for name in FILTER_PARAMETERS
        )
        key = (filters, since.isoformat())

        def build():
            form = self.get_filter_form(request)
            if not form.is_valid():
                return bad_request(form.error_text())
            return serve_feed(
                request,
                page=self,
                sessions=self.get_feed_sessions(request, form, since),
                calendar=self.get_feed_calendar(request),
                filename=self.feed_filename,
                key=key,
                base_page=self,
                identity=filters,
            )

        return serve_cached_feed(request, self, build, key=key)

    def get_route_paths(self):
        return [*super().get_route_paths(), "/past/", "/ical/"]

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "/past/", "/ical/"]

    def get_calendar_feed_link(self, request, filter_form=None):
        """The ``alternate`` link of the agenda's feed, with the listing's valid filters."""
        from ..feeds import feed_href
        from ..filters import filter_pairs

        pairs = filter_pairs(request.GET, filter_form) if filter_form is not None else []
        href = feed_href(request, self, pairs)
        return {"href": href, "title": self.title} if href else None

    def get_filter_form(self, request):
        """The filter form, bound to the query string.

        You can override this method to use a subclass of ``AgendaFilterForm``.
        """
        from ..filters import AgendaFilterForm

        return AgendaFilterForm(request.GET)

    def get_listing_sessions(self, filter_form, archive=False, now=None):
        """The sessions the listing (or with ``archive`` the archive) shows, filtered.

        Each has ``open_call_closes``: when the first open call for its event closes, or
        ``None`` (the listing marks events that ask for proposals).
        """
        sessions = self.get_sessions()
        sessions = self.past(sessions, now) if archive else self.upcoming(sessions, now)
        sessions = filter_form.filter_sessions(sessions)
        calls = open_calls(now).filter(event_id=OuterRef("page_id")).values("closes_at")[:1]
        return sessions.annotate(open_call_closes=Subquery(calls))

    def paginate_sessions(self, request, sessions):
        """One page of ``sessions``; a page number out of range gives the last page."""
        paginator = Paginator(sessions, jw_settings.EVENTS_PER_PAGE)
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, archive=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filter_form = self.get_filter_form(request)
        sessions = self.get_listing_sessions(filter_form, archive=archive)
        page_obj = self.paginate_sessions(request, sessions)
        zone = jw_settings.calendar_zone
        is_filtered = filter_form.is_filtered
        has_any_events = page_obj.paginator.count > 0
        if not has_any_events and is_filtered:
            everything = self.get_sessions()
            everything = self.past(everything) if archive else self.upcoming(everything)
            has_any_events = everything.exists()
        upcoming_url = self.get_url(request)
        past_url = (upcoming_url or "") + self.reverse_subpage("past").lstrip("/")
        context.update(
            {
                "archive": archive,
                "filter_form": filter_form,
                "is_filtered": is_filtered,
                "page_obj": page_obj,
                "paginator": page_obj.paginator,
                "month_groups": month_groups(page_obj.object_list, zone),
                "has_any_events": has_any_events,
                "upcoming_url": upcoming_url,
                "past_url": past_url,
                "listing_url": past_url if archive else upcoming_url,
                "jw_calendar_zone": jw_settings.calendar_time_zone,
                "jw_calendar_feed": self.get_calendar_feed_link(request, filter_form),
            }
        )
        return context


class EventMixin(RouteSlugGuardMixin, JeugdzorgPageMixin):
    """Behaviour of an event page. You can combine it with your own base page model.

    Its slug may not be one of the parent agenda's routes (``ical``, ``past``): see
    :class:`~jeugdzorg_wagtail.models.base.RouteSlugGuardMixin`.
    """

    #: Relations that are written after the page row and that search indexes.
    search_relations = ("sessions", "themes", "target_groups")

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # Sessions and themes are written after the page row, so the index entry made when
        # the row was saved misses them: index the page again now that they are stored.
        update_fields = kwargs.get("update_fields")
        if getattr(self, "search_auto_update", True) and (
            update_fields is None or set(update_fields) & set(self.search_relations)
        ):
            index.insert_or_update_object(self)
        return result

    def get_event_sessions(self):
        """The sessions of this event, soonest first, with their derived values set.

        Works in previews too, where the sessions are not saved yet.
        """
        sessions = sorted(self.sessions.all(), key=lambda s: (s.start, s.pk or 0))
        for session in sessions:
            session.end_bound = session.compute_end_bound()
            session.attendance_mode = session.compute_attendance_mode()
        return sessions

    def is_over(self, now=None, sessions=None):
        """True when every session has ended (an event without sessions is never over)."""
        now = now or timezone.now()
        sessions = self.get_event_sessions() if sessions is None else sessions
        return bool(sessions) and all(s.end_bound <= now for s in sessions)

    def get_registration(self, now=None, sessions=None):
        """The state of registration, or None when there is nothing to say.

        Returns a dict with ``state`` (``"open"``, ``"not_open"`` or ``"closed"``), ``url``
        (the registration link when open, the register-your-interest link when not open yet),
        ``opens_at`` and ``closes_at``. Nothing is said once the event is over. You can
        override this method for other registration rules.
        """
        now = now or timezone.now()
        if self.is_over(now, sessions):
            return None
        opens, closes = self.registration_opens_at, self.registration_closes_at
        info = {"opens_at": opens, "closes_at": closes, "url": ""}
        if closes and now >= closes:
            return {**info, "state": "closed"}
        if opens and now < opens:
            return {**info, "state": "not_open", "url": self.interest_url}
        if self.registration_url:
            return {**info, "state": "open", "url": self.registration_url}
        if self.interest_url:
            return {**info, "state": "not_open", "url": self.interest_url}
        return None

    def get_calls(self, now=None):
        """The visible calls for participation for this event, as dicts of ``page`` and
        ``state`` (a :class:`~jeugdzorg_wagtail.models.CallState`): open calls first, then
        those not open yet, then closed ones.

        You can override this method to show other calls.
        """
        if not self.pk:
            return []
        now = now or timezone.now()
        order = [CallState.OPEN, CallState.NOT_OPEN, CallState.CLOSED]
        calls = visible_calls().filter(event_id=self.alias_of_id or self.pk)
        found = [{"page": call, "state": call.get_state(now)} for call in calls]
        return sorted(found, key=lambda c: (order.index(c["state"]), c["page"].closes_at))

    def get_organisation_roles(self):
        """The ``EventOrganisation`` rows of this event with their organisations (one query)."""
        if getattr(self, "_organisation_roles", None) is None:
            roles = self.organisation_roles.all()
            if hasattr(roles, "select_related"):  # not in previews, where rows are in memory
                roles = roles.select_related("organisation", "organisation__logo")
            self._organisation_roles = list(roles)
        return self._organisation_roles

    def get_organisation_groups(self):
        """The organisations by role, in the order organisers, partners, funders.

        Returns a list of ``{"role", "label", "organisations"}``, leaving out empty roles.
        """
        labels = {
            OrganisationRole.ORGANISER: _("Organised by"),
            OrganisationRole.PARTNER: _("Partners"),
            OrganisationRole.FUNDER: _("Funded by"),
        }
        roles = self.get_organisation_roles()
        groups = []
        for role, label in labels.items():
            organisations = [r.organisation for r in roles if r.role == role]
            if organisations:
                groups.append({"role": role, "label": label, "organisations": organisations})
        return groups

    def get_previous_edition(self):
        """The previous edition when it is live and public, else None."""
        previous = self.previous_edition
        if previous is None or not previous.live:
            return None
        return previous if type(previous).objects.filter(pk=previous.pk).public().exists() else None

    def get_next_editions(self):
        """Live, public events whose previous edition is this one, oldest first."""
        if not self.pk:
            return []
        return list(
            EventPage.objects.live()
            .public()
            .filter(previous_edition=self)
            .order_by("first_published_at", "pk")
        )

    # schema.org

    def get_json_ld_organizers(self, request=None):
        """``Organization`` dicts of the organisations with the organiser role."""
        organizers = []
        for role in self.get_organisation_roles():
            if role.role != OrganisationRole.ORGANISER:
                continue
            organisation = {"@type": "Organization", "name": role.organisation.name}
            if role.organisation.website:
                organisation["url"] = role.organisation.website
            organizers.append(organisation)
        return organizers

    def get_session_json_ld(self, session, request=None):
        """One schema.org ``Event`` dict for one session. You can override this method."""
        zone = session.calendar_zone()
        data = {
            "@type": "Event",
            "name": self.title,
            "url": self.get_full_url(request),
            "eventStatus": SCHEMA_EVENT_STATUS.get(session.status),
            "eventAttendanceMode": SCHEMA_ATTENDANCE_MODE.get(session.compute_attendance_mode()),
        }
        # Only what is known: free when ticked, not free when a cost is given, else nothing.
        if self.is_free:
            data["isAccessibleForFree"] = True
        elif (self.cost or "").strip():
            data["isAccessibleForFree"] = False
        if self.intro:
            data["description"] = self.intro
        if session.all_day:
            data["startDate"] = session.start_date.isoformat()
            data["endDate"] = session.end_date.isoformat()
        else:
            data["startDate"] = session.start.astimezone(zone).isoformat()
            if session.end:
                data["endDate"] = session.end.astimezone(zone).isoformat()
        locations = []
        mode = session.compute_attendance_mode()
        if session.has_place and mode != AttendanceMode.ONLINE:
            place = {"@type": "Place"}
            if session.venue:
                place["name"] = session.venue
            address = {"@type": "PostalAddress"}
            for key, value in (
                ("streetAddress", session.address),
                ("postalCode", session.postal_code),
                ("addressLocality", session.city),
            ):
                if value:
                    address[key] = value
            if len(address) > 1:
                place["address"] = address
            locations.append(place)
        if mode != AttendanceMode.OFFLINE:
            virtual = {"@type": "VirtualLocation"}
            if session.online_url and session.online_url_public:
                virtual["url"] = session.online_url
            else:
                virtual["description"] = str(_("The link is sent after registration."))
            locations.append(virtual)
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        organizers = self.get_json_ld_organizers(request)
        if organizers:
            data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
        if session.note:
            data["description"] = " ".join(filter(None, [data.get("description"), session.note]))
        return data

    def get_json_ld(self, request=None):
        """The schema.org data of this event as a dict.

        One session gives one ``Event``; a series gives a ``@graph`` with one ``Event`` per
        session. You can override this method to add properties (``image``, ``offers``).
        """
        events = [self.get_session_json_ld(s, request) for s in self.get_event_sessions()]
        if len(events) == 1:
            return {"@context": "https://schema.org", **events[0]}
        return {"@context": "https://schema.org", "@graph": events}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        sessions = self.get_event_sessions()
        is_over = self.is_over(now, sessions)
        context.update(
            {
                "event_sessions": sessions,
                "event_is_over": is_over,
                "show_report": bool(self.report) and is_over,
                "registration": self.get_registration(now, sessions),
                "event_calls": self.get_calls(now),
                "organisation_groups": self.get_organisation_groups(),
                "previous_edition": self.get_previous_edition(),
                "next_editions": self.get_next_editions(),
                "event_json_ld": json_script_ld(self.get_json_ld(request)),
                "jw_calendar_zone": jw_settings.calendar_time_zone,
            }
        )
        return context

    def get_calendar_feed_link(self, request):
        """The ``alternate`` link of the event's ``ical/`` file."""
        from ..feeds import feed_href

        href = feed_href(request, self)
        return {"href": href, "title": self.title} if href else None

    def get_feed_filename(self):
        """The file name that the event's feed response gives: ``<slug>.ics``."""
        return f"{self.slug}.ics"

    def get_feed_sessions(self, request):
        """All sessions of the event (of the original page when this page is an alias).

        You can override this method to change what the event's feed holds.
        """
        return EventSession.objects.filter(page_id=self.alias_of_id or self.pk)

    @path("ical/", name="ical")
    def ical_feed(self, request):
        """The event's sessions as an iCal file ("add to my calendar"), kept in the feed cache."""
        from ..feeds import calendar_values, feed_url, serve_cached_feed, serve_feed

        def build():
            return serve_feed(
                request,
                page=self,
                sessions=self.get_feed_sessions(request),
                calendar=calendar_values(
                    request, self.title, description=self.intro, url=feed_url(request, self)
                ),
                filename=self.get_feed_filename(),
            )

        return serve_cached_feed(request, self, build)

    def get_route_paths(self):
        return [*super().get_route_paths(), "/ical/"]

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "/ical/"]


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


class TermSerializer(serializers.Serializer):
    """A taxonomy term in the API: its name and slug."""

    name = serializers.CharField()
    slug = serializers.CharField()


class OrganisationRoleSerializer(serializers.Serializer):
    """An organisation and its role in an event, in the API."""

    role = serializers.CharField()
    name = serializers.CharField(source="organisation.name")
    slug = serializers.CharField(source="organisation.slug")
    website = serializers.CharField(source="organisation.website")


class EventSessionSerializer(serializers.Serializer):
    """A session in the API, as plain values. The online link only when it is public."""

    id = serializers.IntegerField(source="pk")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    all_day = serializers.BooleanField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    venue = serializers.CharField()
    address = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    online_url = serializers.SerializerMethodField()
    attendance_mode = serializers.CharField()
    status = serializers.CharField()
    note = serializers.CharField()

    def get_online_url(self, session):
        return session.online_url if session.online_url_public else ""


class EventPage(EventMixin, RoutablePageMixin, Page):
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
    themes = ParentalManyToManyField(
        "jeugdzorg_wagtail.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="events",
        help_text=_("Visitors can filter the agenda by theme."),
    )
    target_groups = ParentalManyToManyField(
        "jeugdzorg_wagtail.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="events",
        help_text=_("Who the event is for. Visitors can filter the agenda by target group."),
    )
    region = models.ForeignKey(
        "jeugdzorg_wagtail.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The region the event is for. Visitors can filter the agenda by region."),
    )
    is_free = models.BooleanField(
        _("free of charge"),
        default=False,
        help_text=_("Tick when taking part costs nothing; the page then says “free”."),
    )
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
    registration_opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_(
            "Until then the page offers the register-your-interest link. "
            "Leave empty when registration is open right away."
        ),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("After this moment the page says that registration is closed."),
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
        InlinePanel("sessions", label=_("session"), min_num=1, heading=_("Dates and places")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("region"),
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
        FieldPanel("programme"),
        FieldPanel("previous_edition"),
        FieldPanel("report"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("import_key")]

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

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def is_scheduled(self):
        return self.status == SessionStatus.SCHEDULED

    @property
    def online_url_shown(self):
        """The online link when it may be shown, else an empty string."""
        return self.online_url if self.online_url_public else ""

    @property
    def is_online(self):
        return self.compute_attendance_mode() != AttendanceMode.OFFLINE

    @property
    def is_on_site(self):
        return self.compute_attendance_mode() != AttendanceMode.ONLINE and self.has_place

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
        return jw_settings.calendar_zone

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
            # A new row (also a session of a copied event) is new to every calendar.
            self.sequence = 0
            return
        previous = type(self)._default_manager.filter(pk=self.pk).first()
        if previous is None:
            # A session that was removed and is brought back (a revert): calendars may have
            # seen it with the sequence it had when it was removed, so rise above that.
            removed = RemovedSession.objects.filter(session_id=self.pk).first()
            if removed is not None:
                self.sequence = max(self.sequence, removed.sequence) + 1
            return
        self.sequence = max(self.sequence, previous.sequence)
        page_live = getattr(self.page, "live", False) if self.page_id else False
        if page_live and previous.schedule_fingerprint() != self.schedule_fingerprint():
            self.sequence += 1


class RemovedSession(models.Model):
    """The last sequence of a session whose row was removed.

    A revert can bring a removed session back under the same UID; calendars may have seen it
    with this sequence, so the restored session must rise above it. Written when a session
    row is deleted (see ``jeugdzorg_wagtail.signals``).
    """

    session_id = models.BigIntegerField(primary_key=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("removed session")
        verbose_name_plural = _("removed sessions")

    def __str__(self):
        return f"session-{self.session_id} ({self.sequence})"
