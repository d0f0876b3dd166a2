"""The ``ical/`` routes: fetch the sessions, answer conditional requests, wrap the calendar.

The calendar itself is built by :mod:`jeugdzorg_wagtail.ical` from plain values. A feed
request costs a fixed number of queries whatever the number of sessions:

* :func:`feed_state` (one aggregate query) gives the ``ETag`` and ``Last-Modified`` of a feed
  before anything is built, so that a matching conditional request is answered with
  ``304 Not Modified`` straight away (a cache of built feeds can key on the same ETag);
* :func:`feed_sessions` (two queries: the sessions with their pages, and the themes) gives
  the plain values of the VEVENTs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Max, Sum
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.http import content_disposition_header, http_date, parse_http_date, quote_etag
from wagtail.models import Page, Site

from . import ical
from .core.conf import jw_settings

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Raise when the output changes for the same data, so that calendars fetch the feed again.
FORMAT_VERSION = 1

SESSION_VALUES = (
    "pk",
    "page_id",
    "start",
    "end",
    "all_day",
    "venue",
    "address",
    "postal_code",
    "city",
    "online_url",
    "online_url_public",
    "status",
    "note",
    "sequence",
    "page__title",
    "page__intro",
    "page__url_path",
    "page__first_published_at",
    "page__last_published_at",
    "page__event_type__name",
)


@dataclass(frozen=True)
class FeedState:
    """What decides a feed's bytes, known before it is built: its ETag and Last-Modified."""

    etag: str
    last_modified: dt.datetime | None

    @property
    def quoted_etag(self):
        return quote_etag(self.etag)


def uid_domain(request):
    """The domain of the UIDs: the ``UID_DOMAIN`` setting, else the serving site's host name."""
    if jw_settings.UID_DOMAIN:
        return jw_settings.UID_DOMAIN
    site = Site.find_for_request(request)
    if site is not None:
        return site.hostname
    return request.get_host().split(":")[0]


def window_start(now=None):
    """The start of a feed's window: midnight ``FEED_PAST_DAYS`` days ago (calendar zone).

    It moves once a day, so a feed's ETag does too.
    """
    zone = jw_settings.calendar_zone
    today = timezone.localtime(now or timezone.now(), zone).date()
    first_day = today - dt.timedelta(days=jw_settings.FEED_PAST_DAYS)
    return dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)


def feed_state(request, page, sessions, calendar, key=(), identity=None):
    """The ETag and Last-Modified of a feed, from one aggregate query over ``sessions``.

    ``calendar`` (a :class:`~jeugdzorg_wagtail.ical.FeedCalendar`) and ``key`` (for example
    the filter values) are the other inputs that shape the feed; ``identity`` (default
    ``key``) names the feed for :func:`never_earlier`.
    """
    totals = sessions.order_by().aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        sequence=Max("sequence"),
        published=Max("page__last_published_at"),
    )
    stamps = [s for s in (totals["published"], page.last_published_at) if s is not None]
    last_modified = max(stamps) if stamps else None
    parts = (
        FORMAT_VERSION,
        page.pk,
        page.url_path,
        totals["count"],
        totals["ids"],
        totals["sequence"],
        last_modified.isoformat() if last_modified else None,
        calendar,
        uid_domain(request),
        request.get_host(),
        request.scheme,
        translation.get_language(),
        key,
    )
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    last_modified = never_earlier(
        request, page, key if identity is None else identity, etag, last_modified
    )
    return FeedState(etag=etag, last_modified=last_modified)


#: How long the last ETag of a feed and its Last-Modified are remembered (30 days).
LAST_SEEN_TIMEOUT = 30 * 24 * 60 * 60


def never_earlier(request, page, key, etag, last_modified):
    """``last_modified``, raised so that a feed's ``Last-Modified`` never goes back.

    The publishing dates of the events in a feed say when one was added or changed, not when
    one left it (unpublished, deleted, made private, past the window): then the newest date
    left can be older than the one a calendar app holds, and an ``If-Modified-Since`` alone
    would get a wrong ``304``. So the feed's last ETag is remembered with its
    ``Last-Modified`` (in the feed cache, or the default cache when that is off); when the
    ETag changes, ``Last-Modified`` becomes at least now.
    """
    from django.core.cache import cache as default_cache

    from . import feed_cache

    store = feed_cache.get_cache() or default_cache
    parts = (page.pk, key, uid_domain(request), request.get_host(), request.scheme)
    parts += (translation.get_language(),)
    cache_key = "jw:feed:seen:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    try:
        seen = store.get(cache_key)
    except Exception:  # a cache that is down: the publishing dates alone
        feed_cache.logger.exception("The feed cache could not be read.")
        return last_modified
    if seen is not None:
        seen_etag, seen_modified = seen
        if seen_etag == etag:
            return max(filter(None, (last_modified, seen_modified)))
        now = timezone.now().replace(microsecond=0)
        last_modified = max(filter(None, (last_modified, seen_modified, now)))
    if seen is None or seen[0] != etag:
        try:
            store.set(cache_key, (etag, last_modified), timeout=LAST_SEEN_TIMEOUT)
        except Exception:
            feed_cache.logger.exception("The feed cache could not be written.")
    return last_modified


def feed_sessions(request, sessions, base_page=None):
    """The :class:`~jeugdzorg_wagtail.ical.FeedSession` values of ``sessions``, soonest first.

    Two queries. Event URLs are derived from ``base_page``'s URL when they lie below it,
    else computed by Wagtail per page.
    """
    from .models import EventPage

    domain = uid_domain(request)
    rows = list(sessions.order_by("start", "pk").values_list(*SESSION_VALUES))
    themes = {}
    through = EventPage.themes.through
    theme_rows = (
        through.objects.filter(eventpage_id__in=sessions.order_by().values("page_id"))
        .order_by("theme__name")
        .values_list("eventpage_id", "theme__name")
    )
    for page_id, name in theme_rows:
        themes.setdefault(page_id, []).append(name)

    urls = {}
    base_url = base_page.get_full_url(request) if base_page is not None else None
    base_path = base_page.url_path if base_page is not None else None

    def page_url(url_path):
        url = urls.get(url_path)
        if url is None:
            if base_url and url_path.startswith(base_path):
                url = base_url + url_path[len(base_path) :]
            else:
                url = Page(url_path=url_path).get_full_url(request) or ""
            url = iri_to_uri(url)
            urls[url_path] = url
        return url

    FeedSession = ical.FeedSession
    result = []
    for (
        pk,
        page_id,
        start,
        end,
        all_day,
        venue,
        address,
        postal_code,
        city,
        online_url,
        online_url_public,
        status,
        note,
        sequence,
        title,
        intro,
        url_path,
        first_published,
        last_published,
        event_type,
    ) in rows:
        categories = themes.get(page_id, ())
        if event_type:
            categories = (event_type, *categories)
        result.append(
            FeedSession(
                uid=f"session-{pk}@{domain}",
                title=title,
                start=start,
                end=end,
                all_day=all_day,
                status=status,
                venue=venue,
                address=address,
                postal_code=postal_code,
                city=city,
                online_url=online_url if online_url_public else "",
                note=note,
                intro=intro,
                url=page_url(url_path),
                categories=tuple(categories),
                sequence=sequence,
                created=first_published,
                last_modified=last_published,
            )
        )
    return result


def feed_url(request, page, filters=()):
    """The absolute URL of ``page``'s ``ical/`` feed, with ``filters`` as its query string.

    ``filters`` are (name, value) pairs. Like every absolute URL the package writes (feeds,
    e-mails, ``webcal://`` links, structured data), it is built on the root URL of the page's
    site: the hostname and port of Wagtail's ``Site`` record, whatever host the request used.
    Without a site (a page outside every site's tree) it falls back to the request's host.
    """
    base = page.get_full_url(request)
    if not base:
        base = request.build_absolute_uri(page.get_url(request) or "/") if request else ""
    url = iri_to_uri(base + page.reverse_subpage("ical").lstrip("/"))
    filters = list(filters)
    return f"{url}?{urlencode(filters)}" if filters else url


def feed_href(request, page, filters=()):
    """The address of ``page``'s ``ical/`` feed as a link within the site.

    Relative when the page is on the site that serves ``request`` (Wagtail's ``get_url``),
    else absolute; ``""`` for a page without an address (a preview of a new page).
    ``filters`` as for :func:`feed_url`.
    """
    page_url = page.get_url(request)
    if not page_url:
        return ""
    href = iri_to_uri(page_url + page.reverse_subpage("ical").lstrip("/"))
    filters = list(filters)
    return f"{href}?{urlencode(filters)}" if filters else href


def calendar_values(request, title, description="", url=None):
    """The :class:`~jeugdzorg_wagtail.ical.FeedCalendar` of a feed served to ``request``.

    Its name is the network's name (from the network settings of the serving site) and
    ``title``; its description ``description`` or else the network's description; its
    ``URL`` and ``SOURCE`` ``url`` (see :func:`feed_url`), or else the address requested.
    """
    from .models import NetworkSettings

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


def serve_feed(request, page, sessions, calendar, filename, key=(), base_page=None, identity=None):
    """The response of a feed route: 304, or the calendar with its caching headers.

    ``key`` holds the feed's other inputs (filters, window); ``identity`` the part of them
    that names the feed a subscriber holds (the filters, not the window), default ``key``.

    ETag and Last-Modified come from :func:`feed_state` before anything is built; a matching
    ``If-None-Match`` or ``If-Modified-Since`` gets ``304 Not Modified``.
    """
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    state = feed_state(request, page, sessions, calendar, key, identity=identity)
    last_modified = None
    if state.last_modified is not None:
        last_modified = int(state.last_modified.timestamp())
    disposition = content_disposition_header(False, filename)
    response = feed_response(request, None, state.quoted_etag, last_modified, disposition)
    if response.status_code == 304:
        return response
    values = feed_sessions(request, sessions, base_page=base_page)
    response.content = ical.build_calendar(calendar, values)
    return response


def serve_cached_feed(request, page, build, key=()):
    """A feed response from the feed cache, or from ``build()`` (then kept in the cache).

    ``build`` is called without arguments and returns the response of
    :func:`serve_feed` (or an error response, which is not kept). ``key`` holds the inputs
    of the feed besides the page, host and language (filters, window). A cached feed costs
    no query: see :mod:`jeugdzorg_wagtail.feed_cache`. A conditional request that matches
    the cached ``ETag`` or ``Last-Modified`` gets ``304 Not Modified``.
    """
    from . import feed_cache

    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        cache, cache_key = feed_cache.entry_key(request, page, key, uid_domain(request))
        entry = cache.get(cache_key) if cache is not None else None
    except Exception:  # a cache that is down must not take the feeds down with it
        feed_cache.logger.exception("The feed cache could not be read.")
        cache = entry = None
    if entry is not None and entry.get("version") == feed_cache.ENTRY_VERSION:
        return feed_response(
            request,
            entry["content"],
            entry["etag"],
            entry["last_modified"],
            entry["disposition"],
        )
    response = build()
    if cache is not None and response.status_code == 200 and not response.streaming:
        last_modified = response.get("Last-Modified")
        entry = {
            "version": feed_cache.ENTRY_VERSION,
            "content": response.content,
            "etag": response["ETag"],
            "last_modified": parse_http_date(last_modified) if last_modified else None,
            "disposition": response["Content-Disposition"],
        }
        try:
            cache.set(cache_key, entry, timeout=jw_settings.FEED_CACHE_TIMEOUT)
        except Exception:
            feed_cache.logger.exception("The feed cache could not be written.")
    return response
