"""Behaviour of the agenda and of an event page, for composing onto a site's own page models.

:class:`EventIndexMixin` and :class:`EventMixin` are plain mixins: they hold routes, queries and
context, no fields. A migration names them in the ``bases`` of the package's pages, so they
must never become models with fields; fields that go with behaviour live in abstract models
of their own (:class:`~.registration.EventRegistrationMixin`), which the concrete page lists
beside them.

They reach the package's models through hooks (``get_event_page_model()``, ...) that look
them up in the app registry, so that nothing here imports a model.
"""

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from ..core.conf import jw_settings
from ..core.jsonld import json_script_ld
from ..core.pages import JeugdzorgPageMixin, RouteSlugGuardMixin
from ..core.queries import not_in_private_section
from ..core.search import ReindexAfterRelationsMixin
from .calendar_mixin import AgendaCalendarMixin
from .choices import OrganisationRole
from .entries import ensure_horizon, entries_for, horizon_bound, horizon_until
from .feeds import FeedSpec, feed_href, serve_feed, window_start
from .filters import AgendaFilterForm, filter_pairs, filter_values
from .jsonld import entry_json_ld, organizers_json_ld, session_json_ld
from .page_cache import PageCacheMixin, page_cache_exempt
from .sessions import month_groups

__all__ = ["EventIndexMixin", "EventMixin"]

APP_LABEL = "jeugdzorg_wagtail"

#: Fields of a partner event that a row of the listing does not need.
SOURCE_EVENT_DEFERRED = ("description", "rrule", "rdates", "exdates", "overrides", "categories")


class EventIndexMixin(PageCacheMixin, AgendaCalendarMixin, JeugdzorgPageMixin):
    """Behaviour of the agenda page. You can combine it with your own base page model.

    The page itself lists the upcoming dates (:class:`~.entries.AgendaEntry`: each session,
    and each date of a series); the route ``past/`` (name ``"past"``) lists the dates that are
    over, newest first. Both take the filters of
    :class:`~jeugdzorg_wagtail.events.filters.AgendaFilterForm` as query parameters and are
    paginated by ``EVENTS_PER_PAGE``. The routes ``calendar/`` and
    ``calendar/<year>/<month>/`` show a month (:class:`~.calendar_mixin.AgendaCalendarMixin`),
    and ``ical/`` is the agenda's feed, narrowed by the same filters.
    """

    #: The template context of the listing and archive (besides ``page``):
    #: ``filter_form``, ``page_obj``, ``paginator``, ``month_groups``, ``archive``,
    #: ``is_filtered``, ``has_any_events``, ``listing_url``, ``upcoming_url``, ``past_url``,
    #: ``calendar_url``, ``jw_calendar_zone``.

    @path("past/", name="past")
    def past_events(self, request, *args, **kwargs):
        """The archive: sessions that are over, most recent first."""
        return TemplateResponse(
            request,
            self.get_template(request, *args, **kwargs),
            self.get_context(request, *args, archive=True, **kwargs),
        )

    # Models and forms

    def get_event_page_model(self):
        """The model of the events this agenda lists (``EventPage``).

        You can override this method to list events of another page model.
        """
        return apps.get_model(APP_LABEL, "EventPage")

    def get_session_model(self):
        """The model of the sessions: the one behind the event page model's ``sessions``."""
        return self.get_event_page_model()._meta.get_field("sessions").related_model

    def get_entry_model(self):
        """The model of the agenda's dates (``AgendaEntry``), which the listing, its filters
        and the month calendar query."""
        return apps.get_model(APP_LABEL, "AgendaEntry")

    def get_call_model(self):
        """The model of the calls the listing marks (``CallForParticipationPage``).

        You can override this method to mark calls of another page model.
        """
        return apps.get_model(APP_LABEL, "CallForParticipationPage")

    def get_filter_form_class(self):
        """The class of the filter form: :class:`~.filters.AgendaFilterForm`.

        You can override this method to use a subclass with other filters.
        """
        return AgendaFilterForm

    def get_filter_form(self, request):
        """The filter form, bound to the query string."""
        return self.get_filter_form_class()(request.GET)

    # Queries

    def get_event_pages(self):
        """The events this agenda shows: live, public, its own descendants, no aliases.

        You can override this method to widen or narrow the agenda (for example to show
        the events of several agendas).
        """
        return (
            self.get_event_page_model()
            .objects.live()
            .filter(not_in_private_section())
            .descendant_of(self)
            .filter(alias_of__isnull=True)
        )

    def get_sessions(self):
        """Sessions of :meth:`get_event_pages`, with their pages (what the feed reads)."""
        return (
            self.get_session_model()
            .objects.filter(page__in=self.get_event_pages().values("pk"))
            .select_related("page", "page__event_type", "page__region")
        )

    def get_entries(self):
        """The dates of :meth:`get_event_pages` (:class:`~.entries.AgendaEntry`), with what a
        row of the listing or a day of the month calendar needs, in one query.

        A site that adds another kind of date to the agenda widens this queryset (see
        ``docs/events.md``).
        """
        shown = Q(page__in=self.get_event_pages().values("pk"))
        shown |= Q(source_event__in=self.get_source_events().values("pk"))
        return (
            self.get_entry_model()
            .objects.filter(shown)
            .select_related(
                "page",
                "page__event_type",
                "page__region",
                "session",
                "source_event",
                "source_event__source",
                "source_event__event_type",
            )
            .defer(
                "session__repeat_exceptions",
                "session__exception_sequences",
                *(f"source_event__{name}" for name in SOURCE_EVENT_DEFERRED),
            )
        )

    def get_source_events(self):
        """The partners' events this agenda shows (:class:`~jeugdzorg_wagtail.sources.models.
        SourceEvent`): of the switched-on sources that name this agenda, still in their
        feed, not hidden and not copied into an event page.

        You can override this method to show more or fewer of them.
        """
        model = apps.get_model(APP_LABEL, "SourceEvent")
        return model.objects.for_agenda(self).filter(copied_to__isnull=True)

    @staticmethod
    def upcoming(entries, now=None):
        """Dates (or sessions) not over yet, soonest first (decided in the database)."""
        now = now or timezone.now()
        return entries.filter(end_bound__gt=now).order_by("start", "pk")

    @staticmethod
    def past(entries, now=None):
        """Dates (or sessions) that are over, most recent first (decided in the database)."""
        now = now or timezone.now()
        return entries.filter(end_bound__lte=now).order_by("-start", "-pk")

    def with_open_calls(self, entries, now=None):
        """``entries`` with ``open_call_closes``: when the first open call for the event
        closes, or ``None`` (the listing marks events that ask for proposals)."""
        calls = self.get_call_model().objects.open(now)
        calls = calls.filter(event_id=OuterRef("page_id")).values("closes_at")[:1]
        return entries.annotate(open_call_closes=Subquery(calls))

    def get_listing_entries(self, filter_form, archive=False, now=None):
        """The dates the listing (or with ``archive`` the archive) shows, filtered, each with
        ``open_call_closes`` (see :meth:`with_open_calls`)."""
        entries = self.get_entries()
        entries = self.past(entries, now) if archive else self.upcoming(entries, now)
        return self.with_open_calls(filter_form.filter_sessions(entries), now)

    def paginate_entries(self, request, entries):
        """One page of ``entries``; a page number out of range gives the last page."""
        paginator = Paginator(entries, jw_settings.EVENTS_PER_PAGE)
        return paginator.get_page(request.GET.get("page"))

    # The iCal feed (see jeugdzorg_wagtail.events.feeds and docs/feeds.md)

    def get_feed_sessions(self, request, since):
        """The sessions of the feed before its filters: those not over before ``since``.

        ``since`` is midnight ``FEED_PAST_DAYS`` days ago; the feed then applies the filters
        of the query string. You can override this method to change what the feed holds.
        """
        return self.get_sessions().filter(end_bound__gt=since)

    def get_feed_title(self):
        """The calendar's name after the network's name (default: the page title)."""
        return self.title

    def get_feed_description(self):
        """The calendar's description (empty: the network's description)."""
        return ""

    def get_feed_filename(self):
        """The file name that the feed response gives: ``agenda.ics``."""
        return "agenda.ics"

    @path("ical/", name="ical")
    @page_cache_exempt
    def ical_feed(self, request):
        """The agenda as an iCal feed, narrowed by the same query parameters as the listing.

        A malformed filter gets a 400 with a plain-text message. The response is kept in the
        feed cache (see :mod:`jeugdzorg_wagtail.events.feed_cache`), keyed by the filters and
        the first day of the window.
        """
        since = window_start()
        filters = filter_values(request.GET)
        spec = FeedSpec(
            page=self,
            sessions=self.get_feed_sessions(request, since),
            form=self.get_filter_form(request),
            title=self.get_feed_title(),
            description=self.get_feed_description(),
            filename=self.get_feed_filename(),
            filters=filter_pairs(request.GET),
            key=(filters, since.isoformat()),
            identity=filters,
            base_page=self,
            partner_events=self.get_feed_partner_events(request, since),
        )
        return serve_feed(request, spec)

    def get_feed_partner_events(self, request, since):
        """The partners' events of the feed before its filters (with ``SOURCES_IN_FEEDS``),
        else ``None``: :meth:`get_source_events` with a date not over before ``since``, or
        a series. You can override this method to change what the feed holds."""
        if not jw_settings.SOURCES_IN_FEEDS:
            return None
        from ..sources.feed import feed_source_events

        return feed_source_events(self.get_source_events(), since)

    def get_route_paths(self):
        return [*super().get_route_paths(), "/past/", "/calendar/", "/ical/"]

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "/past/", "/calendar/", "/ical/"]

    def get_calendar_feed_link(self, request, filter_form=None):
        """The ``alternate`` link of the agenda's feed, with the listing's valid filters."""
        pairs = filter_pairs(request.GET, filter_form) if filter_form is not None else []
        href = feed_href(request, self, pairs)
        return {"href": href, "title": self.title} if href else None

    def get_listing_json_ld(self, request, entries):
        """The schema.org data of one page of the listing: an ``Event`` per date (of event
        pages and of partners' events), or ``None`` when there are none."""
        events = [entry_json_ld(entry, request) for entry in entries]
        if not events:
            return None
        return {"@context": "https://schema.org", "@graph": events}

    def get_context(self, request, *args, archive=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ensure_horizon()
        filter_form = self.get_filter_form(request)
        entries = self.get_listing_entries(filter_form, archive=archive)
        page_obj = self.paginate_entries(request, entries)
        is_filtered = filter_form.is_filtered
        has_any_events = page_obj.paginator.count > 0
        if not has_any_events and is_filtered:
            everything = self.get_entries()
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
                "month_groups": month_groups(page_obj.object_list, jw_settings.calendar_zone),
                "has_any_events": has_any_events,
                "upcoming_url": upcoming_url,
                "past_url": past_url,
                "calendar_url": self.get_calendar_url(request, filter_form),
                "listing_url": past_url if archive else upcoming_url,
                "jw_calendar_zone": jw_settings.calendar_time_zone,
                "jw_calendar_feed": self.get_calendar_feed_link(request, filter_form),
            }
        )
        json_ld = self.get_listing_json_ld(request, page_obj.object_list)
        context["agenda_json_ld"] = json_script_ld(json_ld) if json_ld else ""
        return context


class EventMixin(
    PageCacheMixin, ReindexAfterRelationsMixin, RouteSlugGuardMixin, JeugdzorgPageMixin
):
    """Behaviour of an event page. You can combine it with your own base page model.

    It expects the relations of :class:`~jeugdzorg_wagtail.events.models.EventPage`:
    ``sessions`` (rows with the fields of ``EventSession``), ``organisation_roles``,
    ``themes`` and ``previous_edition``, and the fields ``intro`` and ``report``. Its slug may
    not be one of the parent agenda's routes (``ical``, ``past``): see
    :class:`~jeugdzorg_wagtail.core.pages.RouteSlugGuardMixin`. The route ``ical/`` gives the
    event's sessions as a calendar file.
    """

    #: Relations that are written after the page row and that search indexes.
    search_relations = ("sessions", "themes", "target_groups")

    # Sessions

    def get_event_sessions(self):
        """The sessions of this event, soonest first, with their derived values set.

        Works in previews too, where the sessions are not saved yet.
        """
        sessions = sorted(self.sessions.all(), key=lambda s: (s.start, s.pk or 0))
        for session in sessions:
            session.end_bound = session.series_end_bound()
            session.attendance_mode = session.compute_attendance_mode()
        return sessions

    def get_event_dates(self, sessions=None, now=None):
        """The dates the page lists, by session, soonest first.

        A list of dicts: ``session``; ``series`` (whether it repeats); ``dates``, the dates
        not over yet, and ``past_dates``, those that are (each an unsaved
        :class:`~.entries.AgendaEntry`, as the agenda stores them: a series up to the horizon
        ``AGENDA_HORIZON_DAYS``, its changed dates changed); for a series also ``count``,
        ``first_start`` and ``last_start`` (of all its dates), ``horizon`` (the last day of
        the horizon) and ``beyond_horizon`` (whether it has dates after it). Works in
        previews too.
        """
        now = now or timezone.now()
        sessions = self.get_event_sessions() if sessions is None else sessions
        until = horizon_until()
        before = horizon_bound(until)
        groups = []
        for session in sessions:
            dates = entries_for(session, before)
            group = {
                "session": session,
                "series": False,
                "dates": [d for d in dates if d.end_bound > now],
                "past_dates": [d for d in dates if d.end_bound <= now],
            }
            if session.is_recurring and dates:
                every = session.get_series_dates()
                group.update(
                    series=True,
                    count=len(every),
                    first_start=every[0].start,
                    last_start=every[-1].start,
                    horizon=until,
                    beyond_horizon=len(dates) < len(every),
                )
            groups.append(group)
        return groups

    def is_over(self, now=None, sessions=None):
        """True when every session has ended (an event without sessions is never over)."""
        now = now or timezone.now()
        sessions = self.get_event_sessions() if sessions is None else sessions
        return bool(sessions) and all(s.end_bound <= now for s in sessions)

    # Related pages

    def get_call_model(self):
        """The model of the calls for participation shown on the page.

        You can override this method to show calls of another page model.
        """
        return apps.get_model(APP_LABEL, "CallForParticipationPage")

    def get_calls(self, now=None):
        """The visible calls for participation for this event, as dicts of ``page`` and
        ``state`` (a ``CallState``): open calls first, then those not open yet, then closed
        ones, each by closing moment.

        You can override this method to show other calls.
        """
        if not self.pk:
            return []
        now = now or timezone.now()
        calls = self.get_call_model().objects.visible().filter(event_id=self.alias_of_id or self.pk)
        return [{"page": call, "state": call.get_state(now)} for call in calls.open_first(now)]

    def get_organisation_roles(self):
        """The rows of ``organisation_roles`` with their organisations (one query)."""
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
        """Live, public events of this page's model whose previous edition is this one, oldest
        first."""
        if not self.pk:
            return []
        return list(
            type(self)
            .objects.live()
            .public()
            .filter(previous_edition=self)
            .order_by("first_published_at", "pk")
        )

    # schema.org (the data itself: jeugdzorg_wagtail.events.jsonld)

    def get_json_ld_organizers(self, request=None):
        """``Organization`` dicts of the organisations with the organiser role."""
        return organizers_json_ld(self.get_organisation_roles())

    def get_session_json_ld(self, session, request=None):
        """One schema.org ``Event`` dict for one session. You can override this method."""
        return session_json_ld(
            self, session, self.get_full_url(request), self.get_json_ld_organizers(request)
        )

    def get_json_ld(self, request=None, dates=None):
        """The schema.org data of this event as a dict.

        One date gives one ``Event``; several dates (sessions, the dates of a series) give a
        ``@graph`` with one ``Event`` per date, each with its own ``startDate``. ``dates`` are
        the groups of :meth:`get_event_dates`. You can override this method to add properties
        (``image``, ``offers``).
        """
        if dates is None:
            dates = self.get_event_dates()
        events = [
            self.get_session_json_ld(date, request)
            for group in dates
            for date in [*group["past_dates"], *group["dates"]]
        ]
        if len(events) == 1:
            return {"@context": "https://schema.org", **events[0]}
        return {"@context": "https://schema.org", "@graph": events}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        sessions = self.get_event_sessions()
        dates = self.get_event_dates(sessions, now)
        is_over = self.is_over(now, sessions)
        context.update(
            {
                "event_sessions": sessions,
                "event_dates": dates,
                "event_is_over": is_over,
                "show_report": bool(self.report) and is_over,
                "registration": self.get_registration(now, sessions),
                "event_calls": self.get_calls(now),
                "organisation_groups": self.get_organisation_groups(),
                "previous_edition": self.get_previous_edition(),
                "next_editions": self.get_next_editions(),
                "event_json_ld": json_script_ld(self.get_json_ld(request, dates)),
                "jw_calendar_zone": jw_settings.calendar_time_zone,
            }
        )
        return context

    def get_registration(self, now=None, sessions=None):
        """The state of registration, or None when there is nothing to say (the default).

        :class:`~.registration.EventRegistrationMixin` answers it from its fields; you can
        override this method for other registration rules.
        """
        return None

    # The iCal file

    def get_calendar_feed_link(self, request):
        """The ``alternate`` link of the event's ``ical/`` file."""
        href = feed_href(request, self)
        return {"href": href, "title": self.title} if href else None

    def get_feed_sessions(self, request):
        """All sessions of the event (of the original page when this page is an alias).

        You can override this method to change what the event's feed holds.
        """
        session_model = type(self)._meta.get_field("sessions").related_model
        return session_model.objects.filter(page_id=self.alias_of_id or self.pk)

    def get_feed_title(self):
        """The calendar's name after the network's name (default: the page title)."""
        return self.title

    def get_feed_description(self):
        """The calendar's description (default: the introduction)."""
        return self.intro

    def get_feed_filename(self):
        """The file name that the event's feed response gives: ``<slug>.ics``."""
        return f"{self.slug}.ics"

    @path("ical/", name="ical")
    @page_cache_exempt
    def ical_feed(self, request):
        """The event's sessions as an iCal file ("add to my calendar"), kept in the feed cache."""
        spec = FeedSpec(
            page=self,
            sessions=self.get_feed_sessions(request),
            title=self.get_feed_title(),
            description=self.get_feed_description(),
            filename=self.get_feed_filename(),
        )
        return serve_feed(request, spec)

    def get_route_paths(self):
        return [*super().get_route_paths(), "/ical/"]

    def get_cached_paths(self):
        return [*super().get_cached_paths(), "/ical/"]
