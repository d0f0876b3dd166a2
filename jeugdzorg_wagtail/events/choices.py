"""The choices of sessions, of their repeat rules and of an organisation's part in an event.

No model here: the feeds (:mod:`.ical`) and the filters read these values without loading a
page model.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AttendanceMode",
    "OrganisationRole",
    "RepeatFrequency",
    "SessionStatus",
    "WeekOfMonth",
    "Weekday",
]


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", _("on site")
    ONLINE = "online", _("online")
    MIXED = "mixed", _("on site and online")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    POSTPONED = "postponed", _("postponed")
    MOVED_ONLINE = "moved_online", _("moved online")


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    PARTNER = "partner", _("partner")
    FUNDER = "funder", _("funder")


class RepeatFrequency(models.TextChoices):
    """How often a session repeats (empty: it does not)."""

    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")


class Weekday(models.TextChoices):
    """The days of the week by their iCalendar codes, Monday first."""

    MONDAY = "MO", _("Monday")
    TUESDAY = "TU", _("Tuesday")
    WEDNESDAY = "WE", _("Wednesday")
    THURSDAY = "TH", _("Thursday")
    FRIDAY = "FR", _("Friday")
    SATURDAY = "SA", _("Saturday")
    SUNDAY = "SU", _("Sunday")


class WeekOfMonth(models.IntegerChoices):
    """Which of a month's weekdays a monthly series takes: "the fourth Wednesday"."""

    FIRST = 1, _("the first")
    SECOND = 2, _("the second")
    THIRD = 3, _("the third")
    FOURTH = 4, _("the fourth")
    LAST = -1, _("the last")
