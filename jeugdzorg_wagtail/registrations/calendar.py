"""The ``.ics`` files that registration e-mails carry: one per session.

Each is built the way the feeds build theirs (:func:`~jeugdzorg_wagtail.events.feed_queries.
feed_sessions` and :func:`~jeugdzorg_wagtail.events.ical.build_calendar`), so a session has the
same UID, ``SEQUENCE`` and ``STATUS`` in the attachment as in every feed: a visitor who also
subscribes to the agenda sees it once, and a calendar that imported the attachment takes a
later one (a changed time, a cancellation) as an update of the same event. One difference:
a registrant's file carries the session's online link also when it is not public, since that
link is sent to those who registered.
"""

import dataclasses

from django.utils.text import slugify

from ..core.conf import jw_settings
from ..core.models import NetworkSettings
from ..events import ical
from ..events.choices import SessionStatus
from ..events.feed_queries import feed_sessions, page_uid_domain

__all__ = ["CONTENT_TYPE", "session_attachment", "session_attachments"]

CONTENT_TYPE = "text/calendar"


def _calendar(page):
    site = page.get_site()
    network = NetworkSettings.for_site(site) if site is not None else None
    name = page.title
    if network is not None and network.name and network.name != page.title:
        name = f"{network.name} – {page.title}"
    return ical.FeedCalendar(
        name=name,
        time_zone=jw_settings.calendar_time_zone,
        url=page.get_full_url() or "",
    )


def _filename(value, page):
    local = value.start.astimezone(jw_settings.calendar_zone)
    return f"{slugify(page.slug)[:40] or 'event'}-{local:%Y-%m-%d-%H%M}.ics"


def session_attachments(page, sessions, cancelled=False):
    """``[(file name, bytes)]``: one calendar file per session of ``page`` (a queryset).

    With ``cancelled`` each says ``STATUS:CANCELLED`` with a ``SEQUENCE`` one higher than the
    session's (for a session that is being removed).
    """
    values = feed_sessions(None, sessions, base_page=page, domain=page_uid_domain(page))
    online = dict(sessions.values_list("pk", "online_url"))
    by_uid = {ical.session_uid(pk, page_uid_domain(page)): url for pk, url in online.items()}
    calendar = _calendar(page)
    files = []
    for value in values:
        value = dataclasses.replace(value, online_url=by_uid.get(value.uid) or value.online_url)
        if cancelled:
            value = dataclasses.replace(
                value, status=SessionStatus.CANCELLED.value, sequence=value.sequence + 1
            )
        files.append((_filename(value, page), ical.build_calendar(calendar, [value])))
    return files


def session_attachment(page, session, cancelled=False):
    """``(file name, bytes)`` of one session of ``page``."""
    queryset = type(session)._default_manager.filter(pk=session.pk)
    return session_attachments(page, queryset, cancelled=cancelled)[0]
