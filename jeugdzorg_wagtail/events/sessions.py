"""Rules about sessions that the page, the feeds, the API and the calendar links share."""

import datetime as dt

from django.db.models import Case, F, Value, When

from ..core.conf import jw_settings
from .choices import AttendanceMode, SessionStatus

__all__ = ["SHOWN_ONLINE_URL", "SessionValuesMixin", "month_groups", "shown_online_url"]


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


class SessionValuesMixin:
    """What a session and each date in the agenda derive from their fields alike.

    A plain mixin (no fields) for models with the fields of a session: ``start``, ``end``,
    ``all_day``, ``venue``, ``address``, ``postal_code``, ``city``, ``online_url``,
    ``online_url_public`` and ``status``.
    """

    @staticmethod
    def calendar_zone():
        return jw_settings.calendar_zone

    @property
    def has_place(self):
        return bool(self.venue or self.address or self.city)

    @property
    def is_scheduled(self):
        return self.status == SessionStatus.SCHEDULED

    @property
    def online_url_shown(self):
        """The online link when it may be shown, else an empty string."""
        return shown_online_url(self.online_url, self.online_url_public)

    @property
    def is_online(self):
        return self.compute_attendance_mode() != AttendanceMode.OFFLINE

    @property
    def is_on_site(self):
        return self.compute_attendance_mode() != AttendanceMode.ONLINE and self.has_place

    def compute_attendance_mode(self):
        if self.status == SessionStatus.MOVED_ONLINE:
            return AttendanceMode.ONLINE
        if self.online_url and self.has_place:
            return AttendanceMode.MIXED
        if self.online_url:
            return AttendanceMode.ONLINE
        return AttendanceMode.OFFLINE

    @property
    def start_date(self):
        return self.start.astimezone(self.calendar_zone()).date()

    @property
    def end_date(self):
        """The last day (inclusive) of a whole-day session."""
        end = self.end or self.start
        return max(end.astimezone(self.calendar_zone()).date(), self.start_date)

    def compute_end_bound(self):
        """The instant at which the session is over: its end (or start), or for whole days
        the midnight after the last day."""
        if self.all_day:
            zone = self.calendar_zone()
            day_after = self.end_date + dt.timedelta(days=1)
            return dt.datetime.combine(day_after, dt.time.min, tzinfo=zone)
        return self.end or self.start
