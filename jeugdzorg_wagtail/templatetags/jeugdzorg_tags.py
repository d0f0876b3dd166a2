"""Template tags of jeugdzorg-wagtail: ``{% load jeugdzorg_tags %}``.

Calendar links:

* ``{% feed_links page as feed %}``: ``feed.url`` (the absolute URL of the page's ``ical/``
  route, on the root URL of the page's site, with the agenda filters of the current request
  that were valid kept), ``feed.webcal`` (the same as ``webcal://``), ``feed.href`` (the same
  address as a link within the site: relative when the page is on the site being served) and
  ``feed.filtered`` (whether filters were kept);
* ``{% calendar_sessions page as sessions %}``: the sessions of an event a visitor may still add
  to a calendar (not over, not cancelled);
* ``{% google_calendar_url session %}`` and ``{% outlook_calendar_url session %}``: links that
  open a new event with the session's title, times, place and description in Google Calendar
  and Outlook.com.
"""

import datetime as dt
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from .. import ical
from ..core.conf import jw_settings
from ..feeds import feed_href, feed_url
from ..filters import filter_pairs

register = template.Library()

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/action/compose"


def _request(context):
    return context.get("request")


@register.filter
def webcal(url):
    """The ``webcal://`` form of an http(s) URL, which calendar apps open as a subscription."""
    scheme, sep, rest = str(url).partition("://")
    return f"webcal://{rest}" if sep and scheme in ("http", "https") else url


@register.simple_tag(takes_context=True)
def feed_links(context, page, keep_filters=True):
    """The URLs of ``page``'s ``ical/`` feed (see the module docstring).

    The filters come from the request's query string, without those that the agenda's
    ``filter_form`` (in the context) rejected.
    """
    request = _request(context)
    pairs = []
    if keep_filters and request is not None:
        pairs = filter_pairs(request.GET, context.get("filter_form"))
    url = feed_url(request, page, pairs)
    href = feed_href(request, page, pairs)
    return {"url": url, "href": href, "webcal": webcal(url), "filtered": bool(pairs)}


@register.simple_tag
def calendar_sessions(page):
    """The sessions of an event that are not over and not cancelled, soonest first."""
    from ..models import EventSession, SessionStatus

    return list(
        EventSession.objects.filter(
            page_id=page.alias_of_id or page.pk, end_bound__gt=timezone.now()
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("page")
        .order_by("start", "pk")
    )


def _link_values(context, session):
    """Title, place and description of a session, as the feed gives them."""
    request = _request(context)
    page = session.page
    url = iri_to_uri(page.get_full_url(request) or "")
    online = session.online_url if session.online_url_public else ""
    place = ical.location_text(session)
    if session.status == ical.MOVED_ONLINE or not place:
        place = online or place
    lines = [line for line in (page.intro, session.note, online, url) if line]
    return page.title, place, "\n\n".join(lines)


def _zone():
    return jw_settings.calendar_zone


def _end(session):
    return session.end if session.end and session.end > session.start else session.start


@register.simple_tag(takes_context=True)
def google_calendar_url(context, session):
    """A Google Calendar link that opens the session as a new event."""
    title, place, details = _link_values(context, session)
    if session.all_day:
        first = session.start_date
        dates = f"{first:%Y%m%d}/{session.end_date + dt.timedelta(days=1):%Y%m%d}"
    else:
        start = session.start.astimezone(dt.UTC)
        end = _end(session).astimezone(dt.UTC)
        dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    query = {"action": "TEMPLATE", "text": title, "dates": dates, "details": details}
    if place:
        query["location"] = place
    query["ctz"] = jw_settings.calendar_time_zone
    return f"{GOOGLE_CALENDAR}?{urlencode(query)}"


@register.simple_tag(takes_context=True)
def outlook_calendar_url(context, session):
    """An Outlook.com link that opens the session as a new event."""
    title, place, details = _link_values(context, session)
    if session.all_day:
        start = session.start_date.isoformat()
        end = (session.end_date + dt.timedelta(days=1)).isoformat()
    else:
        zone = _zone()
        start = session.start.astimezone(zone).isoformat(timespec="seconds")
        end = _end(session).astimezone(zone).isoformat(timespec="seconds")
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if session.all_day else "false",
        "body": details,
    }
    if place:
        query["location"] = place
    return f"{OUTLOOK_CALENDAR}?{urlencode(query)}"
