"""The ``ical/`` routes: one way from the request to the response.

A page's feed route describes its feed in a :class:`FeedSpec` (plain values and lazy
querysets) and hands it to :func:`serve_feed`, which goes down, never back up:

1. the method (``405`` for anything but ``GET`` and ``HEAD``);
2. :mod:`.feed_cache`: a stored feed is answered at once, without a query (``304`` when the
   request's ``ETag`` or date matches, from the stored validators alone);
3. the filter form (:mod:`.filters`): a malformed filter is a ``400`` with a plain-text message;
4. :mod:`.feed_queries`: the feed's state (one aggregate query) answers a matching
   conditional request with ``304``; otherwise the sessions' values (two queries);
5. :mod:`.ical` builds the calendar from those values, reusing the VEVENTs this process
   serialised before for the same values (:data:`VEVENTS`), and :mod:`.feed_cache` keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header, http_date

from ..core.conf import jw_settings
from ..core.models import NetworkSettings
from . import feed_cache, ical
from .feed_queries import feed_sessions, feed_state, uid_domain

__all__ = [
    "CONTENT_TYPE",
    "VEVENTS",
    "FeedSpec",
    "build_feed",
    "bad_request",
    "calendar_values",
    "feed_href",
    "feed_response",
    "feed_url",
    "serve_feed",
    "window_start",
]

CONTENT_TYPE = "text/calendar; charset=utf-8"

#: The VEVENTs this process serialised, keyed by a hash of their values
#: (``FEED_VEVENT_CACHE_SIZE`` of them at most): a feed rebuilt after one event changed
#: serialises only that event's sessions again.
VEVENTS = ical.VEventCache()


@dataclass
class FeedSpec:
    """What a feed route serves. Nothing here has run a query yet.

    * ``page``: the page whose route serves the feed (its ETag, the calendar's ``URL``);
    * ``sessions``: the sessions, before ``form`` narrows them;
    * ``title``, ``description``: the calendar's name (after the network's) and description
      (empty: the network's description);
    * ``filename``: the file name the response gives;
    * ``form``: a bound filter form with ``is_valid()``, ``error_text()`` and
      ``filter_sessions(sessions)``, or ``None``;
    * ``filters``: the ``(name, value)`` pairs the feed's URL carries;
    * ``route``, ``args``: the route of the feed on ``page`` (for its URL);
    * ``key``: the feed's inputs besides the page, host and language (filters, window);
    * ``identity``: the part of ``key`` that names the feed a subscriber holds (default ``key``);
    * ``base_page``: event URLs below it are derived from its URL (fewer lookups);
    * ``scope``: the page whose generation drops the stored feed (default ``page``);
    * ``partner_events``: partners' events (``SourceEvent``) the feed holds besides the
      sessions, before ``form`` narrows them, or ``None`` (see :mod:`..sources.feed`).
    """

    page: object
    sessions: object
    title: str
    filename: str
    description: str = ""
    form: object = None
    filters: tuple = ()
    route: str = "ical"
    args: tuple = ()
    key: tuple = ()
    identity: tuple | None = None
    base_page: object = None
    scope: object = None
    partner_events: object = None


def window_start(now=None):
    """The start of a feed's window: midnight ``FEED_PAST_DAYS`` days ago (calendar zone).

    It moves once a day, so a feed's ETag does too.
    """
    zone = jw_settings.calendar_zone
    today = timezone.localtime(now or timezone.now(), zone).date()
    first_day = today - dt.timedelta(days=jw_settings.FEED_PAST_DAYS)
    return dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)


def feed_url(request, page, filters=(), route="ical", args=()):
    """The absolute URL of ``page``'s ``ical/`` feed, with ``filters`` as its query string.

    ``route`` and ``args`` name another feed route of the page (a theme's ``<theme>/ical/``).

    ``filters`` are (name, value) pairs. Like every absolute URL the package writes (feeds,
    e-mails, ``webcal://`` links, structured data), it is built on the root URL of the page's
    site: the hostname and port of Wagtail's ``Site`` record, whatever host the request used.
    Without a site (a page outside every site's tree) it falls back to the request's host.
    """
    base = page.get_full_url(request)
    if not base:
        base = request.build_absolute_uri(page.get_url(request) or "/") if request else ""
    url = iri_to_uri(base + page.reverse_subpage(route, args=args).lstrip("/"))
    filters = list(filters)
    return f"{url}?{urlencode(filters)}" if filters else url


def feed_href(request, page, filters=(), route="ical", args=()):
    """The address of ``page``'s ``ical/`` feed as a link within the site.

    Relative when the page is on the site that serves ``request`` (Wagtail's ``get_url``),
    else absolute; ``""`` for a page without an address (a preview of a new page).
    ``filters``, ``route`` and ``args`` as for :func:`feed_url`.
    """
    page_url = page.get_url(request)
    if not page_url:
        return ""
    href = iri_to_uri(page_url + page.reverse_subpage(route, args=args).lstrip("/"))
    filters = list(filters)
    return f"{href}?{urlencode(filters)}" if filters else href


def calendar_values(request, title, description="", url=None):
    """The :class:`~jeugdzorg_wagtail.events.ical.FeedCalendar` of a feed served to ``request``.

    Its name is the network's name (from the network settings of the serving site) and
    ``title``; its description ``description`` or else the network's description; its
    ``URL`` and ``SOURCE`` ``url`` (see :func:`feed_url`), or else the address requested.
    """
    network = NetworkSettings.for_request(request)
    name = title
    if network.name and network.name != title:
        name = f"{network.name} – {title}"
    return ical.FeedCalendar(
        name=name,
        description=description or network.description,
        time_zone=jw_settings.calendar_time_zone,
        refresh_hours=network.calendar_refresh_hours,
        url=url or request.build_absolute_uri(request.path),
    )


def bad_request(message):
    """A 400 answer with a plain-text message."""
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def feed_response(request, content, etag, last_modified, disposition):
    """The response of a feed with its caching headers, or ``304`` when the request matches.

    ``etag`` is quoted; ``last_modified`` is a Unix timestamp or ``None``; ``disposition`` the
    ``Content-Disposition`` header (which names the file). ``content`` may be
    ``None`` for a response not built yet: the caller fills it unless the answer is a 304.
    """
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=jw_settings.FEED_MAX_AGE)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    if conditional is not response:
        return conditional
    if content is not None:
        response.content = content
    return response


def build_feed(calendar, values):
    """The bytes of a feed: those of :func:`~.ical.build_calendar`, built incrementally.

    The VEVENTs of sessions whose values this process has serialised before are taken from
    :data:`VEVENTS`; ``FEED_VEVENT_CACHE_SIZE = 0`` builds every feed in full.
    """
    size = jw_settings.FEED_VEVENT_CACHE_SIZE
    if not size or size <= 0:
        return ical.build_calendar(calendar, values)
    VEVENTS.maxsize = size
    return ical.assemble_calendar(calendar, values, VEVENTS)


def serve_feed(request, spec):
    """The response of a feed route (see the module's docstring for the way it goes)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    domain = uid_domain(request)
    # A conditional request reads only the stored validators; the bytes only if not a 304.
    conditional = "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
    slot, entry = feed_cache.read_entry(
        request, spec.page, spec.key, domain, scope=spec.scope, body=not conditional
    )
    if entry is not None:
        response = feed_response(
            request, entry["content"], entry["etag"], entry["last_modified"], entry["disposition"]
        )
        if response.status_code == 304 or entry["content"] is not None:
            return response
        content = feed_cache.read_body(slot, entry)
        if content is not None:
            response.content = content
            return response
    sessions = spec.sessions
    partner_events = spec.partner_events
    if spec.form is not None:
        if not spec.form.is_valid():
            return bad_request(spec.form.error_text())
        sessions = spec.form.filter_sessions(sessions)
        if partner_events is not None:
            partner_events = spec.form.filter_partner_events(partner_events)
    url = feed_url(request, spec.page, spec.filters, route=spec.route, args=spec.args)
    calendar = calendar_values(request, spec.title, description=spec.description, url=url)
    key = spec.key
    if partner_events is not None:
        from ..sources.feed import source_events_state

        key = (key, tuple(sorted(source_events_state(partner_events).items())))
    identity = spec.key if spec.identity is None else spec.identity
    state = feed_state(request, spec.page, sessions, calendar, key, identity=identity)
    last_modified = None
    if state.last_modified is not None:
        last_modified = int(state.last_modified.timestamp())
    disposition = content_disposition_header(False, spec.filename)
    response = feed_response(request, None, state.quoted_etag, last_modified, disposition)
    if response.status_code == 304:
        return response
    values = feed_sessions(request, sessions, base_page=spec.base_page)
    if partner_events is not None:
        from ..sources.feed import feed_events

        values = sorted([*values, *feed_events(partner_events)], key=lambda v: v.start)
    response.content = build_feed(calendar, values)
    feed_cache.store_entry(slot, response)
    return response
