"""A month as a calendar: weeks from Monday to Sunday with their ISO week numbers, and the
dates of the agenda in their days.

Pure functions over plain values (the dates need ``start``, ``end_bound``, ``all_day`` and
``end_date``): :func:`month_bounds` gives the instants a month's query covers,
:func:`build_month` puts the dates it found in their days.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "FIRST_MONTH",
    "LAST_MONTH",
    "CalendarDay",
    "CalendarWeek",
    "DayEntry",
    "MonthCalendar",
    "build_month",
    "month_bounds",
    "shift_month",
    "valid_month",
]

#: The first and the last month a calendar shows (the agenda's date filters' range).
FIRST_MONTH = (1900, 1)
LAST_MONTH = (2999, 12)


@dataclass(frozen=True)
class DayEntry:
    """A date of the agenda in one day: ``starts`` on this day (then the time is shown) or
    goes on from an earlier one; ``continues`` after it."""

    entry: object
    starts: bool = True
    continues: bool = False


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    is_today: bool = False
    entries: list = field(default_factory=list)
    #: How many more dates there are on this day than ``entries`` shows.
    more: int = 0


@dataclass
class CalendarWeek:
    #: The ISO week number (week 1 holds the year's first Thursday), as Dutch calendars show.
    number: int
    days: list


@dataclass
class MonthCalendar:
    first: dt.date
    weeks: list
    previous: dt.date | None
    next: dt.date | None

    @property
    def days_with_entries(self):
        """The days of the month that have dates, in order (the list on a narrow screen)."""
        return [d for week in self.weeks for d in week.days if d.in_month and d.entries]


def valid_month(year, month):
    """Whether ``year``/``month`` is a month the calendar shows."""
    return 1 <= month <= 12 and FIRST_MONTH <= (year, month) <= LAST_MONTH


def shift_month(first, months):
    """The first day of the month ``months`` after (or before) the month of ``first``, or
    ``None`` outside the calendar's range."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1) if valid_month(year, month + 1) else None


def month_bounds(year, month, zone):
    """The instants from the month's first midnight to the next month's, in ``zone``."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _days_of(entry, zone):
    """The first and last local day an agenda date takes."""
    first = entry.start.astimezone(zone).date()
    if entry.all_day:
        return first, max(entry.end_date, first)
    bound = entry.end_bound
    if bound is None or bound <= entry.start:
        return first, first
    last = (bound - dt.timedelta(microseconds=1)).astimezone(zone).date()
    return first, max(last, first)


def build_month(year, month, entries, zone, today=None, day_limit=None):
    """The calendar of ``year``/``month`` with ``entries`` (soonest first) in their days.

    A date that takes several days is in each of them within the month. Each day holds at
    most ``day_limit`` dates (``None``: all) and counts the others in ``more``.
    """
    first = dt.date(year, month, 1)
    weeks = []
    days_by_date = {}
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for day in week:
            cell = CalendarDay(date=day, in_month=day.month == month, is_today=day == today)
            days.append(cell)
            if cell.in_month:
                days_by_date[day] = cell
        weeks.append(CalendarWeek(number=week[0].isocalendar()[1], days=days))
    for entry in entries:
        start_day, last_day = _days_of(entry, zone)
        day = max(start_day, first)
        while day <= last_day:
            cell = days_by_date.get(day)
            if cell is None:
                break
            if day_limit is not None and len(cell.entries) >= day_limit:
                cell.more += 1
            else:
                cell.entries.append(
                    DayEntry(entry=entry, starts=day == start_day, continues=day < last_day)
                )
            day += dt.timedelta(days=1)
    return MonthCalendar(
        first=first,
        weeks=weeks,
        previous=shift_month(first, -1),
        next=shift_month(first, 1),
    )
