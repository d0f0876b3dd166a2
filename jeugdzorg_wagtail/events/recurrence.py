"""Repeat rules of sessions: plain values in; dates, an RRULE and a description out.

Nothing here touches the database, so every rule can be tested on its own. The model
(:class:`~jeugdzorg_wagtail.events.series.SessionSeriesMixin`) gives its fields as a
:class:`Rule`, its exceptions as :class:`SkippedDate` and :class:`ChangedDate` values and its
own date, time and place as a :class:`SeriesDate`; what comes back:

* :func:`rule_starts`: the start of every date of the rule, in wall-clock time of the
  calendar's zone (a series at 19:30 stays at 19:30 across daylight saving changes);
* :func:`check_series`: what is wrong with a rule and its exceptions, as messages an editor
  understands, by field (no date at all, more than :data:`MAX_DATES`, a start that is not a
  date of the rule, an exception on a date the rule does not give);
* :func:`series_dates`: every date of the series as a :class:`SeriesDate`, the left-out dates
  gone and the changed ones changed;
* :func:`rrule_text`: the ``RRULE`` of a feed, ended with ``UNTIL`` (in UTC, or a date for
  whole days) and never with ``COUNT``: "12 times" becomes the start of the twelfth date;
* :func:`describe` and :func:`format_dates`: the rule and its dates in the active language
  ("elke vierde woensdag van de maand", "woensdag 24 juni 2026, woensdag 22 juli 2026, …");
* :func:`next_exception_sequences`: the ``SEQUENCE`` of each changed date, which only rises.

A date is known by its *original start*, the start the rule gives it (``RECURRENCE-ID`` in a
feed): a changed date keeps it wherever it moves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from dateutil import rrule as du
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import SessionStatus

__all__ = [
    "MAX_DATES",
    "ChangedDate",
    "Problems",
    "Rule",
    "SeriesDate",
    "SkippedDate",
    "check_series",
    "describe",
    "apply_change",
    "exception_dates",
    "exception_fingerprint",
    "exceptions_from_blocks",
    "format_dates",
    "next_exception_sequences",
    "rrule_text",
    "rule_starts",
    "series_dates",
]

#: The most dates one rule may give; a rule that gives more is refused.
MAX_DATES = 500
#: The largest interval ("every 99 weeks").
MAX_INTERVAL = 99

DAILY, WEEKLY, MONTHLY = "daily", "weekly", "monthly"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DATEUTIL_FREQ = {DAILY: du.DAILY, WEEKLY: du.WEEKLY, MONTHLY: du.MONTHLY}
_DATEUTIL_DAYS = (du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU)
_RRULE_FREQ = {DAILY: "DAILY", WEEKLY: "WEEKLY", MONTHLY: "MONTHLY"}

_WEEKDAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
_ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    -1: gettext_lazy("last"),
}


# Values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What an editor chose: every ``interval`` days, weeks or months (``frequency``).

    ``weekdays`` are iCalendar codes (``"WE"``): the days of a weekly rule, or with
    ``week_of_month`` (1 to 4, or -1 for the last) the weekday of a monthly one ("the fourth
    Wednesday"); empty, they default to the weekday of the first date. A monthly rule without
    ``week_of_month`` repeats on the first date's day of the month. It ends on ``until`` (a
    date, included) or after ``count`` dates.
    """

    frequency: str
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    week_of_month: int | None = None
    until: dt.date | None = None
    count: int | None = None

    def days(self, first):
        """The weekday codes the rule uses, for a series whose first date is ``first``."""
        if self.weekdays:
            return tuple(code for code in WEEKDAY_CODES if code in self.weekdays)
        return (WEEKDAY_CODES[first.weekday()],)


@dataclass(frozen=True)
class SkippedDate:
    """A date of the series that is left out (``EXDATE``), for example a holiday."""

    date: dt.date


@dataclass(frozen=True)
class ChangedDate:
    """A date of the series with other values; empty values keep the series' own.

    ``new_date`` moves it to another day, ``start_time`` and ``end_time`` to other times;
    ``status`` is a :class:`~jeugdzorg_wagtail.events.choices.SessionStatus` value.
    """

    date: dt.date
    status: str = SessionStatus.SCHEDULED.value
    new_date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    online_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class SeriesDate:
    """One date of a session: its times, place, status and note.

    ``original_start`` is the start the rule gives the date (its ``RECURRENCE-ID``);
    ``changed`` tells whether an exception changed it. ``start`` and ``end`` are aware
    datetimes in the calendar's zone (whole days: midnight, ``end`` the last day's).
    """

    start: dt.datetime
    end: dt.datetime | None = None
    all_day: bool = False
    status: str = SessionStatus.SCHEDULED.value
    venue: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    online_url: str = ""
    note: str = ""
    original_start: dt.datetime | None = None
    changed: bool = False

    @property
    def key(self):
        """The date's key among the series' exceptions: its original day (ISO)."""
        return (self.original_start or self.start).date().isoformat()


@dataclass
class Problems:
    """What :func:`check_series` found: messages by field, and by exception (index, field)."""

    fields: dict = field(default_factory=dict)
    exceptions: dict = field(default_factory=dict)

    def add(self, name, message):
        self.fields.setdefault(name, []).append(message)

    def add_exception(self, index, name, message):
        self.exceptions.setdefault(index, {}).setdefault(name, []).append(message)

    def __bool__(self):
        return bool(self.fields or self.exceptions)


# Dates --------------------------------------------------------------------------------------


def rule_starts(rule, first, limit=MAX_DATES + 1):
    """The starts of the rule's dates as naive wall-clock datetimes, at most ``limit``.

    ``first`` is the series' first start as a naive wall-clock datetime (midnight for whole
    days); each date keeps its time of day. The first date is ``first`` only when it fits
    the rule: :func:`check_series` insists that it does.
    """
    if rule.frequency not in _DATEUTIL_FREQ:
        return []
    options = {
        "dtstart": first,
        "interval": max(1, min(int(rule.interval or 1), MAX_INTERVAL)),
        "wkst": du.MO,
        "cache": False,
    }
    days = [_DATEUTIL_DAYS[WEEKDAY_CODES.index(code)] for code in rule.days(first)]
    if rule.frequency == WEEKLY:
        options["byweekday"] = days
    elif rule.frequency == MONTHLY:
        if rule.week_of_month:
            options["byweekday"] = [day(rule.week_of_month) for day in days]
        else:
            options["bymonthday"] = first.day
    if rule.count:
        options["count"] = min(int(rule.count), limit)
    elif rule.until:
        options["until"] = dt.datetime.combine(rule.until, dt.time.max)
    else:
        options["count"] = limit  # an endless rule: as many as it takes to refuse it
    starts = []
    for start in du.rrule(_DATEUTIL_FREQ[rule.frequency], **options):
        starts.append(start)
        if len(starts) >= limit:
            break
    return starts


def _aware(wall, zone):
    return wall.replace(tzinfo=zone)


def _wall(value, zone):
    return value.astimezone(zone).replace(tzinfo=None)


def apply_change(base, change, zone):
    """``base`` (a :class:`SeriesDate`) with the values of ``change`` (a :class:`ChangedDate`).

    A new day or start time moves the date and keeps its length unless a new end time is
    given; a new end time before the start time ends the next day.
    """
    start_wall = _wall(base.start, zone)
    end_wall = _wall(base.end, zone) if base.end is not None else None
    day = change.new_date or start_wall.date()
    if base.all_day:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        end = start + (base.end - base.start) if base.end is not None else None
        if end is not None:
            end = dt.datetime.combine(_wall(end, zone).date(), dt.time.min, tzinfo=zone)
    else:
        start = dt.datetime.combine(day, change.start_time or start_wall.time(), tzinfo=zone)
        if change.end_time is not None:
            end = dt.datetime.combine(day, change.end_time, tzinfo=zone)
            if end <= start:
                end = dt.datetime.combine(day + dt.timedelta(days=1), change.end_time, zone)
        elif end_wall is not None:
            end = start + (base.end - base.start)
        else:
            end = None
    return replace(
        base,
        start=start,
        end=end,
        status=change.status or base.status,
        venue=change.venue or base.venue,
        address=change.address or base.address,
        postal_code=change.postal_code or base.postal_code,
        city=change.city or base.city,
        online_url=change.online_url or base.online_url,
        note=change.note or base.note,
        changed=True,
    )


def series_dates(base, rule, exceptions=(), zone=None, before=None, keep_first=True):
    """Every date of the series, soonest first, as :class:`SeriesDate` values.

    ``base`` holds the first date's values (``start``, ``end``, place, status, note); the
    rule gives the other dates the same times of day and the same length. Skipped dates are
    left out, changed dates changed. With ``before`` (an aware datetime), dates the rule
    gives from then on are left out, except the first date (with ``keep_first``) and the
    changed ones: those an editor named are always there. Without a rule: ``[base]``.
    """
    base = replace(base, original_start=base.start)
    if rule is None:
        return [base]
    zone = zone or base.start.tzinfo
    first = _wall(base.start, zone)
    length = (base.end - base.start) if base.end is not None else None
    skipped = {e.date for e in exceptions if isinstance(e, SkippedDate)}
    changes = {e.date: e for e in exceptions if isinstance(e, ChangedDate)}
    result = []
    for index, wall in enumerate(rule_starts(rule, first, limit=MAX_DATES)):
        if wall.date() in skipped:
            continue
        start = _aware(wall, zone)
        change = changes.get(wall.date())
        if before is not None and start >= before and change is None:
            if not (keep_first and index == 0):
                continue
        end = None
        if length is not None:
            end = start + length
            if base.all_day:
                end = dt.datetime.combine(_wall(end, zone).date(), dt.time.min, tzinfo=zone)
        value = replace(base, start=start, end=end, original_start=start)
        if change is not None:
            value = apply_change(value, change, zone)
        result.append(value)
    result.sort(key=lambda value: (value.start, value.original_start))
    return result


def exception_dates(base, exceptions, zone=None):
    """The left-out and the changed dates of a series, without expanding its rule.

    Returns ``(skipped, changed)``: the original starts of the dates left out (for
    ``EXDATE``), and the changed dates as :class:`SeriesDate` values (their
    ``original_start`` is the ``RECURRENCE-ID``), each sorted by original start. Assumes the
    exceptions were checked (:func:`check_series`): each is on a date of the rule.
    """
    zone = zone or base.start.tzinfo
    start_wall = _wall(base.start, zone)
    length = (base.end - base.start) if base.end is not None else None
    skipped, changed = [], []
    for exception in exceptions:
        if exception.date is None:
            continue
        original = dt.datetime.combine(exception.date, start_wall.time(), tzinfo=zone)
        if isinstance(exception, SkippedDate):
            skipped.append(original)
            continue
        end = None
        if length is not None:
            end = original + length
            if base.all_day:
                end = dt.datetime.combine(_wall(end, zone).date(), dt.time.min, tzinfo=zone)
        value = replace(base, start=original, end=end, original_start=original)
        changed.append(apply_change(value, exception, zone))
    skipped.sort()
    changed.sort(key=lambda value: value.original_start)
    return skipped, changed


# Checks -------------------------------------------------------------------------------------


def _day(value):
    return date_format(value, "l j F Y")


def check_series(base_start, all_day, rule, exceptions=(), zone=None):
    """What is wrong with a rule and its exceptions (a :class:`Problems`, empty when nothing).

    ``base_start`` is the series' first start (aware); the messages name fields of the
    session (``repeat_frequency``, ``repeat_until``, ...) and, for exceptions, their index and
    field (``date``, ``end_time``, ...).
    """
    problems = Problems()
    if rule is None:
        if exceptions:
            problems.add(
                "repeat_exceptions",
                _(
                    "Exceptions are for a repeating session only. Choose how often it "
                    "repeats, or remove the exceptions."
                ),
            )
        return problems
    zone = zone or base_start.tzinfo
    first = _wall(base_start, zone)
    if all_day:
        first = dt.datetime.combine(first.date(), dt.time.min)
    if not 1 <= int(rule.interval or 0) <= MAX_INTERVAL:
        problems.add(
            "repeat_interval", _("Enter a number from 1 to %(max)s.") % {"max": MAX_INTERVAL}
        )
    if rule.weekdays and rule.frequency == DAILY:
        problems.add(
            "repeat_weekdays",
            _("To repeat on chosen weekdays, choose “weekly” (or “monthly” with a week)."),
        )
    if rule.week_of_month and rule.frequency != MONTHLY:
        problems.add(
            "repeat_week_of_month",
            _("The week of the month is for a monthly repetition only."),
        )
    if rule.weekdays and rule.frequency == MONTHLY and not rule.week_of_month:
        problems.add(
            "repeat_week_of_month",
            _(
                "Choose which week of the month (for example “the fourth”), or leave the "
                "weekdays empty to repeat on the same day of the month."
            ),
        )
    if rule.until is None and not rule.count:
        problems.add(
            "repeat_until",
            _("Give an end date or a number of times: a series must end."),
        )
    if rule.until is not None and rule.count:
        problems.add("repeat_count", _("Give an end date or a number of times, not both."))
    if rule.count is not None and rule.count < 1:
        problems.add("repeat_count", _("Enter a number of at least 1."))
    if rule.until is not None and rule.until < first.date():
        problems.add("repeat_until", _("The end date is before the start date."))
    if problems:
        return problems
    starts = rule_starts(rule, first)
    if not starts:
        problems.add(
            "repeat_frequency",
            _("The rule gives no date at all. Check the weekdays and the end date."),
        )
        return problems
    if len(starts) > MAX_DATES:
        problems.add(
            "repeat_until" if rule.until else "repeat_count",
            _(
                "The rule gives more than %(max)s dates. Choose an earlier end date or fewer "
                "times, or split the series."
            )
            % {"max": MAX_DATES},
        )
        return problems
    if starts[0] != first:
        problems.add(
            "repeat_frequency",
            _(
                "The start date, %(start)s, is not a date of the rule. The first date the "
                "rule gives is %(first)s: make that the start."
            )
            % {"start": _day(first), "first": _day(starts[0])},
        )
        return problems
    _check_exceptions(problems, exceptions, starts)
    return problems


def _nearby(day, days):
    """The dates of the series around ``day`` (at most two before and two after)."""
    position = sum(1 for d in days if d < day)
    return days[max(0, position - 2) : position + 2]


def _check_exceptions(problems, exceptions, starts):
    days = [start.date() for start in starts]
    known = set(days)
    seen = {}
    for index, exception in enumerate(exceptions):
        day = exception.date
        if day is None:
            problems.add_exception(index, "date", _("Choose a date of the series."))
            continue
        if day not in known:
            near = _nearby(day, days)
            problems.add_exception(
                index,
                "date",
                _("%(date)s is not a date of the series. Dates of the series near it: %(near)s.")
                % {"date": _day(day), "near": "; ".join(_day(d) for d in near)},
            )
        elif day in seen:
            problems.add_exception(
                index,
                "date",
                _("%(date)s is already in exception %(number)s.")
                % {"date": _day(day), "number": seen[day] + 1},
            )
        else:
            seen[day] = index
        if isinstance(exception, ChangedDate):
            if (
                exception.start_time is not None
                and exception.end_time is not None
                and exception.end_time == exception.start_time
            ):
                problems.add_exception(
                    index, "end_time", _("The end time is the same as the start time.")
                )


# The feed's rule ----------------------------------------------------------------------------


def rrule_text(rule, first, last, all_day, zone):
    """The ``RRULE`` value of a series whose first date starts at ``first`` and whose last
    date the rule gives starts at ``last`` (aware datetimes).

    ``UNTIL`` is the last start: in UTC for timed series (RFC 5545 asks UTC when ``DTSTART``
    has a zone), a date for whole days. ``COUNT`` is never written, since some calendar apps
    count left-out dates toward it. ``WKST=MO`` keeps "every two weeks on Monday and Thursday"
    the same in every app.
    """
    wall = _wall(first, zone)
    parts = [f"FREQ={_RRULE_FREQ[rule.frequency]}"]
    interval = max(1, int(rule.interval or 1))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    days = rule.days(wall)
    if rule.frequency == WEEKLY:
        parts.append("BYDAY=" + ",".join(days))
    elif rule.frequency == MONTHLY:
        if rule.week_of_month:
            parts.append("BYDAY=" + ",".join(f"{rule.week_of_month}{day}" for day in days))
        else:
            parts.append(f"BYMONTHDAY={wall.day}")
    if rule.frequency == WEEKLY and interval > 1:
        parts.append("WKST=MO")
    if all_day:
        parts.append(f"UNTIL={_wall(last, zone):%Y%m%d}")
    else:
        parts.append(f"UNTIL={last.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    return ";".join(parts)


# Words --------------------------------------------------------------------------------------


def _weekday_list(codes):
    names = [str(_WEEKDAY_NAMES[WEEKDAY_CODES.index(code)]) for code in codes]
    return str(get_text_list(names, _("and")))


def describe(rule, first):
    """The rule in words, in the active language: "every fourth Wednesday of the month".

    ``first`` is the first date (a date or datetime); it gives the weekday or day of the month
    when the rule does not name one. The end is not included (see :func:`format_dates`).
    """
    if rule is None:
        return ""
    interval = max(1, int(rule.interval or 1))
    days = _weekday_list(rule.days(first))
    if rule.frequency == DAILY:
        if interval == 1:
            return _("every day")
        return _("every %(interval)s days") % {"interval": interval}
    if rule.frequency == WEEKLY:
        if interval == 1:
            return _("every %(weekdays)s") % {"weekdays": days}
        return _("every %(interval)s weeks on %(weekdays)s") % {
            "interval": interval,
            "weekdays": days,
        }
    if rule.frequency == MONTHLY:
        if rule.week_of_month:
            values = {
                "interval": interval,
                "ordinal": str(_ORDINALS[rule.week_of_month]),
                "weekdays": days,
            }
            if interval == 1:
                return _("every %(ordinal)s %(weekdays)s of the month") % values
            return _("every %(interval)s months on the %(ordinal)s %(weekdays)s") % values
        if interval == 1:
            return _("every month on day %(day)s") % {"day": first.day}
        return _("every %(interval)s months on day %(day)s") % {
            "interval": interval,
            "day": first.day,
        }
    return ""


def format_dates(starts: Iterable, limit=6, all_day=False):
    """The first ``limit`` dates in words: "woensdag 24 juni 2026, 19:30; woensdag 22 juli
    2026, 19:30; …" (whole days without a time)."""
    starts = list(starts)
    if all_day:
        parts = [date_format(start, "l j F Y") for start in starts[:limit]]
    else:
        parts = [date_format(start, "l j F Y, H:i") for start in starts[:limit]]
    text = "; ".join(parts)
    if len(starts) > limit:
        text += "; …"
    return text


# SEQUENCE of the changed dates --------------------------------------------------------------


def exception_fingerprint(value):
    """What a calendar must be told about again when it changes, for one changed date."""
    parts = (
        value.start.isoformat(),
        value.end.isoformat() if value.end else "",
        value.all_day,
        value.status,
        value.venue,
        value.address,
        value.postal_code,
        value.city,
        value.online_url,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def next_exception_sequences(memory, changed, series_sequence, published=True):
    """The ``SEQUENCE`` of each changed date, and what to remember of it.

    ``memory`` is what was remembered before: ``{key: [sequence, fingerprint, active]}`` for
    every date that was ever changed (also those changed back since); ``changed`` maps the
    keys of the dates changed now to their :func:`exception_fingerprint`. A changed date
    starts at the series' sequence; it rises by one when a published change moves its time,
    place or status, or when it is changed again after being changed back. It never falls.
    Returns the new memory (the sequences are its first items).
    """
    result = {key: [seq, fp, False] for key, (seq, fp, *_rest) in (memory or {}).items()}
    for key, fingerprint in changed.items():
        old = (memory or {}).get(key)
        if old is None:
            result[key] = [series_sequence, fingerprint, True]
            continue
        sequence, old_fingerprint, *rest = old
        was_active = bool(rest[0]) if rest else True
        moved = old_fingerprint != fingerprint or not was_active
        if published and moved:
            sequence += 1
        result[key] = [max(sequence, series_sequence), fingerprint, True]
    return result


# Reading the StreamField --------------------------------------------------------------------


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _time(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        return None


def exceptions_from_blocks(blocks):
    """The exceptions of a session from the raw data of its StreamField (``[{"type",
    "value"}]``) or from its blocks (``StreamValue``), in the editor's order."""
    result = []
    for block in blocks or ():
        if isinstance(block, dict):
            kind, value = block.get("type"), block.get("value") or {}
        else:
            kind, value = block.block_type, block.value
        if kind == "skip":
            result.append(SkippedDate(date=_date(value.get("date"))))
        elif kind == "change":
            result.append(
                ChangedDate(
                    date=_date(value.get("date")),
                    status=value.get("status") or SessionStatus.SCHEDULED.value,
                    new_date=_date(value.get("new_date")),
                    start_time=_time(value.get("start_time")),
                    end_time=_time(value.get("end_time")),
                    venue=value.get("venue") or "",
                    address=value.get("address") or "",
                    postal_code=value.get("postal_code") or "",
                    city=value.get("city") or "",
                    online_url=value.get("online_url") or "",
                    note=value.get("note") or "",
                )
            )
    return result
