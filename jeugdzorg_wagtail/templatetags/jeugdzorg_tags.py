"""Template tags of jeugdzorg-wagtail: ``{% load jeugdzorg_tags %}``.

Calendar links:

* ``{% feed_links page as feed %}``: ``feed.url`` (the absolute URL of the page's ``ical/``
  route, on the root URL of the page's site, with the agenda filters of the current request
  that were valid kept), ``feed.webcal`` (the same as ``webcal://``), ``feed.href`` (the same
  address as a link within the site: relative when the page is on the site being served) and
  ``feed.filtered`` (whether filters were kept);
* ``{% calendar_sessions page as sessions %}``: the dates of an event a visitor may still add
  to a calendar (not over, not cancelled; of a series the next one);
* ``{% agenda_entry_url entry %}``: the address a date of the agenda links to (its event);
* ``{% google_calendar_url session %}`` and ``{% outlook_calendar_url session %}``: links that
  open a new event with the session's title, times, place and description in Google Calendar
  and Outlook.com.
"""

from django import template
from django.utils import timezone

from ..events import calendar_links
from ..events.choices import SessionStatus
from ..events.entries import entries_for, horizon_bound, horizon_until
from ..events.feeds import feed_href, feed_url
from ..events.filters import filter_pairs
from ..events.models import EventSession

register = template.Library()


def _request(context):
    return context.get("request")


@register.filter
def webcal(url):
    """The ``webcal://`` form of an http(s) URL, which calendar apps open as a subscription."""
    scheme, sep, rest = str(url).partition("://")
    return f"webcal://{rest}" if sep and scheme in ("http", "https") else url


@register.simple_tag(takes_context=True)
def feed_links(context, page, keep_filters=True, route=None, arg=None):
    """The URLs of ``page``'s ``ical/`` feed (see the module docstring).

    The filters come from the request's query string, without those that the page's
    ``filter_form`` (in the context) rejected. ``route`` and ``arg`` name another feed route
    of the page and its argument (a theme's ``<theme>/ical/``).
    """
    request = _request(context)
    pairs = []
    if keep_filters and request is not None:
        form = context.get("filter_form")
        pairs = filter_pairs(request.GET, form)
        kept = getattr(form, "feed_parameters", None)  # the filters this page's feed takes
        if kept is not None:
            pairs = [pair for pair in pairs if pair[0] in kept]
    route = route or "ical"
    args = (arg,) if arg else ()
    url = feed_url(request, page, pairs, route=route, args=args)
    href = feed_href(request, page, pairs, route=route, args=args)
    return {"url": url, "href": href, "webcal": webcal(url), "filtered": bool(pairs)}


@register.simple_tag
def calendar_sessions(page):
    """The dates of an event a visitor may still add to a calendar, soonest first: each
    session not over and not cancelled, and of a series its next such date (with
    ``series_description``); the event's ``ical/`` file holds the whole series."""
    now = timezone.now()
    sessions = (
        EventSession.objects.filter(page_id=page.alias_of_id or page.pk, end_bound__gt=now)
        .select_related("page")
        .order_by("start", "pk")
    )
    before = horizon_bound(horizon_until())
    dates = []
    for session in sessions:
        upcoming = (
            entry
            for entry in entries_for(session, before)
            if entry.end_bound > now and entry.status != SessionStatus.CANCELLED
        )
        entry = next(upcoming, None)
        if entry is not None:
            dates.append(entry)
    return sorted(dates, key=lambda entry: (entry.start, entry.session_id))


@register.simple_tag(takes_context=True)
def agenda_entry_url(context, entry):
    """The address a date of the agenda links to (its event page)."""
    return entry.get_url(_request(context))


@register.simple_tag(takes_context=True)
def google_calendar_url(context, session):
    """A Google Calendar link that opens the session as a new event."""
    return calendar_links.google_calendar_url(session, _request(context))


@register.simple_tag(takes_context=True)
def outlook_calendar_url(context, session):
    """An Outlook.com link that opens the session as a new event."""
    return calendar_links.outlook_calendar_url(session, _request(context))
