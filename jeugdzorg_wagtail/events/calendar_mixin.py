"""The agenda's month calendar: the routes ``calendar/`` and ``calendar/<year>/<month>/``.

A plain mixin (no fields), part of :class:`~.mixins.EventIndexMixin`. The month's dates come
from the same table, filters and queryset as the listing, in one query whatever the number of
dates; :mod:`.month_calendar` puts them in their days.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from wagtail.contrib.routable_page.models import path

from ..core.conf import jw_settings
from .entries import ensure_horizon
from .filters import filter_pairs
from .month_calendar import build_month, month_bounds, shift_month, valid_month

__all__ = ["AgendaCalendarMixin"]


class AgendaCalendarMixin:
    """The month calendar of an agenda. It expects the methods of
    :class:`~.mixins.EventIndexMixin` (``get_entries()``, ``get_filter_form()``, ...).

    ``calendar/`` shows the current month, ``calendar/<year>/<month>/`` (route name
    ``"calendar_month"``) any month from 1900 to 2999; another month (``2026/13``, year 0, a
    year of many digits) is a 404. Both take the listing's filters, and keep them in every
    link (the other months, the listing, the feed).
    """

    #: The template of the month calendar.
    calendar_template = "jeugdzorg_wagtail/event_index_page_calendar.html"
    #: At most this many dates of one month are read; a month with more says so and
    #: points to the listing.
    calendar_max_entries = 500
    #: At most this many dates are shown in one day; the day links to the rest.
    calendar_day_limit = 4

    def get_calendar_template(self, request):
        """The template of the month calendar (:attr:`calendar_template`)."""
        return self.calendar_template

    def get_calendar_url(self, request, filter_form=None, year=None, month=None):
        """The address of the calendar (``year`` and ``month``: of that month), with the valid
        filters of ``request``."""
        if year is None:
            route = self.reverse_subpage("calendar")
        else:
            route = self.reverse_subpage("calendar_month", args=(year, month))
        url = (self.get_url(request) or "") + route.lstrip("/")
        pairs = filter_pairs(request.GET, filter_form) if filter_form is not None else []
        return f"{url}?{urlencode(pairs)}" if pairs else url

    def get_month_entries(self, filter_form, year, month):
        """The dates in ``year``/``month`` (also those that began before it and go on into
        it), filtered, soonest first: at most :attr:`calendar_max_entries` + 1, so that a
        month with more is known to have more."""
        start, end = month_bounds(year, month, jw_settings.calendar_zone)
        entries = self.get_entries().filter(start__lt=end, end_bound__gt=start)
        entries = filter_form.filter_sessions(entries).order_by("start", "pk")
        return list(entries[: self.calendar_max_entries + 1])

    def get_neighbour_months(self, filter_form, year, month):
        """The first days of the nearest month before and after ``year``/``month`` that have
        dates (with the filters), or ``None``: the calendar's previous and next links skip empty
        months, so that following them ends (two queries, whatever the number of dates)."""
        zone = jw_settings.calendar_zone
        start, end = month_bounds(year, month, zone)
        entries = filter_form.filter_sessions(self.get_entries())
        before = entries.filter(start__lt=start).order_by("-start")
        after = entries.filter(start__gte=end).order_by("start")

        def first_of_month(instant):
            if instant is None:
                return None
            day = instant.astimezone(zone).date().replace(day=1)
            return day if valid_month(day.year, day.month) else None

        return (
            first_of_month(before.values_list("start", flat=True).first()),
            first_of_month(after.values_list("start", flat=True).first()),
        )

    def get_calendar_context(self, request, year, month):
        """The template context of a month (see ``docs/events.md``)."""
        # The page's own context, without the listing's query (which comes before this mixin).
        context = super().get_context(request)
        horizon = ensure_horizon()
        form = self.get_filter_form(request)
        entries = self.get_month_entries(form, year, month)
        truncated = len(entries) > self.calendar_max_entries
        entries = entries[: self.calendar_max_entries]
        zone = jw_settings.calendar_zone
        today = timezone.localdate(timezone=zone)
        month_calendar = build_month(
            year, month, entries, zone, today=today, day_limit=self.calendar_day_limit
        )
        following = shift_month(month_calendar.first, 1)
        month_calendar.previous, month_calendar.next = self.get_neighbour_months(form, year, month)
        pairs = filter_pairs(request.GET, form)
        listing_url = self.get_url(request) or ""
        past_url = listing_url + self.reverse_subpage("past").lstrip("/")
        query = f"?{urlencode(pairs)}" if pairs else ""

        def month_url(first):
            if first is None:
                return None
            return self.get_calendar_url(request, form, first.year, first.month)

        def day_url(day):
            """The listing (the archive for a day gone by) of one day, with the filters."""
            others = [pair for pair in pairs if pair[0] not in ("from_date", "to_date")]
            dates = [("from_date", day.isoformat()), ("to_date", day.isoformat())]
            return f"{listing_url if day >= today else past_url}?{urlencode(others + dates)}"

        for week in month_calendar.weeks:
            for day in week.days:
                day.more_url = day_url(day.date) if day.more else None
        context.update(
            {
                "filter_form": form,
                "is_filtered": form.is_filtered,
                "month_calendar": month_calendar,
                "month": month_calendar.first,
                "calendar_url": self.get_calendar_url(request, form, year, month),
                "previous_month_url": month_url(month_calendar.previous),
                "next_month_url": month_url(month_calendar.next),
                "this_month_url": self.get_calendar_url(request, form),
                "list_url": listing_url + query,
                "upcoming_url": listing_url,
                "past_url": past_url,
                "listing_url": self.get_calendar_url(request, None, year, month),
                "month_truncated": truncated,
                "month_entry_count": len(entries),
                "horizon": horizon,
                "beyond_horizon": following is not None and following > horizon,
                "today": today,
                "weekday_names": [(WEEKDAYS[day], WEEKDAYS_ABBR[day]) for day in range(7)],
                "jw_calendar_zone": jw_settings.calendar_time_zone,
                "jw_calendar_feed": self.get_calendar_feed_link(request, form),
            }
        )
        return context

    def serve_calendar(self, request, year, month):
        if not valid_month(year, month):
            raise Http404
        context = self.get_calendar_context(request, year, month)
        return TemplateResponse(request, self.get_calendar_template(request), context)

    @path("calendar/", name="calendar")
    def calendar_view(self, request):
        """This month's calendar (in the calendar's zone)."""
        today = timezone.localdate(timezone=jw_settings.calendar_zone)
        return self.serve_calendar(request, today.year, today.month)

    @path("calendar/<int:year>/<int:month>/", name="calendar_month")
    def calendar_month_view(self, request, year, month):
        """The calendar of ``year``/``month``."""
        return self.serve_calendar(request, year, month)
