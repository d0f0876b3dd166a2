"""Rules about sessions that the page, the feeds, the API and the calendar links share."""

import datetime as dt

from django.db.models import Case, F, Value, When

__all__ = ["SHOWN_ONLINE_URL", "month_groups", "shown_online_url"]


def shown_online_url(url, public):
    """The online link when it may be shown (``public``), else an empty string.

    A link that is sent only to registered participants never appears on the site, in
    calendars, in the API or in structured data.
    """
    return url if public else ""


#: The same rule in the database, for ``values()`` of sessions.
SHOWN_ONLINE_URL = Case(When(online_url_public=True, then=F("online_url")), default=Value(""))


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
