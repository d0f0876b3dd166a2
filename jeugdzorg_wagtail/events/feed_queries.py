"""What a feed reads from the database: its state (ETag, Last-Modified) and its sessions.

A feed request costs a fixed number of queries whatever the number of sessions:

* :func:`feed_state` (one aggregate query) gives the ``ETag`` and ``Last-Modified`` of a feed
  before anything is built, so that a matching conditional request is answered with
  ``304 Not Modified`` straight away (the cache of built feeds keys on the same inputs);
* :func:`feed_sessions` (two queries: the sessions with their pages, and the themes) gives
  the plain values of the VEVENTs, which :mod:`.ical` turns into the calendar. A series is
  one of them, with its rule, its left-out dates and its changed dates (read from the
  session's own row: no rule is expanded).

Both take a queryset of sessions and read the event page model from it, so they serve any
page model composed from :class:`~jeugdzorg_wagtail.events.mixins.EventMixin`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, ExpressionWrapper, F, JSONField, Max, Subquery, Sum
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.http import quote_etag
from wagtail.models import Page, Site

from ..core.conf import jw_settings
from ..core.models import CacheEpoch
from . import ical, recurrence
from .feed_cache import never_earlier
from .sessions import SHOWN_ONLINE_URL

__all__ = [
    "FORMAT_VERSION",
    "INPUTS_EPOCH",
    "SESSION_VALUES",
    "FeedState",
    "advance_inputs_epoch",
    "feed_sessions",
    "feed_state",
    "page_uid_domain",
    "uid_domain",
]

# Raise when the output changes for the same data, so that calendars fetch the feed again.
FORMAT_VERSION = 1

#: The :class:`~jeugdzorg_wagtail.core.models.CacheEpoch` raised when something feeds show
#: changes without a publication of the events it shows: a taxonomy term renamed (their
#: ``CATEGORIES``), a page moved or its slug changed (their ``URL``), a site or a view
#: restriction changed. :func:`feed_state` reads it, so every feed's ``ETag`` changes with it.
INPUTS_EPOCH = "feed-inputs"

#: The values of a session and its page that a VEVENT holds (the online link only when public;
#: ``exceptions_json`` the series' exceptions as stored, see :func:`feed_sessions`).
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
    SHOWN_ONLINE_URL,
    "status",
    "note",
    "sequence",
    "page__title",
    "page__intro",
    "page__url_path",
    "page__first_published_at",
    "page__last_published_at",
    "page__event_type__name",
    "rrule",
    "exceptions_json",
    "exception_sequences",
    "online_url_public",
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


def page_uid_domain(page):
    """The domain of the UIDs of ``page``'s sessions outside a request (e-mails): the
    ``UID_DOMAIN`` setting, else the host name of the page's site, which serves its feeds."""
    if jw_settings.UID_DOMAIN:
        return jw_settings.UID_DOMAIN
    site = page.get_site()
    return site.hostname if site is not None else "localhost"


def advance_inputs_epoch():
    """Change the ``ETag`` of every feed (see :data:`INPUTS_EPOCH`); one or two queries."""
    CacheEpoch.advance(INPUTS_EPOCH)


def feed_state(request, page, sessions, calendar, key=(), identity=None):
    """The ETag and Last-Modified of a feed, from one aggregate query over ``sessions``.

    The query also reads :data:`INPUTS_EPOCH`, which covers what the sessions' publishing
    dates do not: renamed taxonomy terms, moved pages, changed slugs, sites and view
    restrictions.

    ``calendar`` (a :class:`~jeugdzorg_wagtail.events.ical.FeedCalendar`) and ``key`` (for
    example the filter values) are the other inputs that shape the feed; ``identity``
    (default ``key``) names the feed for
    :func:`~jeugdzorg_wagtail.events.feed_cache.never_earlier`.
    """
    # The epoch rides along in the same query (the same value on every row).
    epoch = CacheEpoch.objects.filter(name=INPUTS_EPOCH).values("value")[:1]
    totals = sessions.order_by().aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        sequence=Max("sequence"),
        published=Max("page__last_published_at"),
        inputs=Max(Subquery(epoch)),
    )
    stamps = [s for s in (totals["published"], page.last_published_at) if s is not None]
    last_modified = max(stamps) if stamps else None
    domain = uid_domain(request)
    parts = (
        FORMAT_VERSION,
        page.pk,
        page.url_path,
        totals["count"],
        totals["ids"],
        totals["sequence"],
        totals["inputs"],
        last_modified.isoformat() if last_modified else None,
        calendar,
        domain,
        request.get_host(),
        request.scheme,
        translation.get_language(),
        key,
    )
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    last_modified = never_earlier(
        request, page, key if identity is None else identity, etag, last_modified, domain
    )
    return FeedState(etag=etag, last_modified=last_modified)


def _themes_by_page(sessions):
    """``{page id: [theme name, ...]}`` of the event pages of ``sessions``, in one query."""
    page_model = sessions.model._meta.get_field("page").related_model
    field = page_model._meta.get_field("themes")
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = (
        through.objects.filter(**{f"{source}_id__in": sessions.order_by().values("page_id")})
        .order_by(f"{target}__name")
        .values_list(f"{source}_id", f"{target}__name")
    )
    themes = {}
    for page_id, name in rows:
        themes.setdefault(page_id, []).append(name)
    return themes


def feed_sessions(request, sessions, base_page=None, domain=None):
    """The :class:`~jeugdzorg_wagtail.events.ical.FeedSession` values of ``sessions``, soonest
    first.

    Two queries. Event URLs are derived from ``base_page``'s URL when they lie below it,
    else computed by Wagtail per page. ``domain`` (default: that of the site serving
    ``request``) is the domain of the UIDs; ``request`` may be ``None`` when it is given.
    """
    domain = domain or uid_domain(request)
    # The exceptions as plain JSON: read through their StreamField, every row would build a
    # JSONField and a StreamValue (most of the rows' cost), though only a series uses them.
    exceptions_json = ExpressionWrapper(F("repeat_exceptions"), output_field=JSONField())
    rows = list(
        sessions.annotate(exceptions_json=exceptions_json)
        .order_by("start", "pk")
        .values_list(*SESSION_VALUES)
    )
    themes = _themes_by_page(sessions)

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
    zone = jw_settings.calendar_zone
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
        status,
        note,
        sequence,
        title,
        intro,
        url_path,
        first_published,
        last_published,
        event_type,
        rrule,
        exceptions,
        exception_sequences,
        online_url_public,
    ) in rows:
        categories = themes.get(page_id, ())
        if event_type:
            categories = (event_type, *categories)
        exdates, overrides = (), ()
        if rrule:
            base = recurrence.SeriesDate(
                start=start.astimezone(zone),
                end=end.astimezone(zone) if end else None,
                all_day=all_day,
                status=status,
                venue=venue,
                address=address,
                postal_code=postal_code,
                city=city,
                online_url=online_url,
                note=note,
            )
            raw = getattr(exceptions, "raw_data", exceptions) or ()
            exdates, changed = recurrence.exception_dates(
                base, recurrence.exceptions_from_blocks(raw), zone
            )
            overrides = tuple(
                _override(value, sequence, exception_sequences, online_url_public)
                for value in changed
            )
        result.append(
            FeedSession(
                uid=ical.session_uid(pk, domain),
                title=title,
                start=start,
                end=end,
                all_day=all_day,
                status=status,
                venue=venue,
                address=address,
                postal_code=postal_code,
                city=city,
                online_url=online_url,
                note=note,
                intro=intro,
                url=page_url(url_path),
                categories=tuple(categories),
                sequence=sequence,
                created=first_published,
                last_modified=last_published,
                rrule=rrule,
                exdates=tuple(exdates),
                overrides=overrides,
            )
        )
    return result


def _override(value, series_sequence, remembered, online_url_public):
    """The :class:`~.ical.FeedOverride` of one changed date (a
    :class:`~.recurrence.SeriesDate`); its SEQUENCE as the session remembers it."""
    memory = (remembered or {}).get(value.key)
    sequence = max(memory[0], series_sequence) if memory else series_sequence
    return ical.FeedOverride(
        recurrence_id=value.original_start,
        start=value.start,
        end=value.end,
        status=value.status,
        venue=value.venue,
        address=value.address,
        postal_code=value.postal_code,
        city=value.city,
        online_url=value.online_url if online_url_public else "",
        note=value.note,
        sequence=sequence,
    )
