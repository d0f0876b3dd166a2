"""Links that open a session as a new event in Google Calendar and in Outlook.com, with the
title, times, place and description the feed gives it."""

import datetime as dt
from urllib.parse import urlencode

from django.utils.encoding import iri_to_uri

from ..core.conf import jw_settings
from . import ical

__all__ = ["GOOGLE_CALENDAR", "OUTLOOK_CALENDAR", "google_calendar_url", "outlook_calendar_url"]

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/action/compose"


def link_values(session, request=None):
    """Title, place and description of a session, as the feed gives them."""
    page = session.page
    url = iri_to_uri(page.get_full_url(request) or "")
    online = session.online_url_shown
    place = ical.session_place(session, online)
    lines = [line for line in (page.intro, session.note, online, url) if line]
    return page.title, place, "\n\n".join(lines)


def _end(session):
    return session.end if session.end and session.end > session.start else session.start


def google_calendar_url(session, request=None):
    """A Google Calendar link that opens the session as a new event."""
    title, place, details = link_values(session, request)
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


def outlook_calendar_url(session, request=None):
    """An Outlook.com link that opens the session as a new event."""
    title, place, details = link_values(session, request)
    if session.all_day:
        start = session.start_date.isoformat()
        end = (session.end_date + dt.timedelta(days=1)).isoformat()
    else:
        zone = jw_settings.calendar_zone
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
