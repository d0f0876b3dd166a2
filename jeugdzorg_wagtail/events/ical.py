"""Sessions in, an iCalendar feed (RFC 5545, RFC 7986) out.

Pure functions over plain values, built with ``icalendar``: nothing here touches the database
or the request, so the same values always give the same bytes. The routes in
:mod:`jeugdzorg_wagtail.events.feeds` fetch the values (:mod:`.feed_queries`) and wrap the bytes
in a response.

:func:`build_calendar` takes one :class:`FeedCalendar` (the calendar-level values) and an
iterable of :class:`FeedSession` (one per session, one VEVENT each).
:func:`assemble_calendar` gives the same bytes, reusing the VEVENTs a :class:`VEventCache`
holds for sessions with the same values (the feeds keep one per process).

``FeedCalendar`` attributes and the calendar properties they fill:

=====================  ==================================================================
attribute              property
=====================  ==================================================================
``name``               ``NAME`` (RFC 7986) and ``X-WR-CALNAME``
``description``        ``DESCRIPTION`` (RFC 7986) and ``X-WR-CALDESC``
``time_zone``          ``X-WR-TIMEZONE``, the ``VTIMEZONE`` (RRULE form, see
                       :func:`vtimezone`) and the ``TZID`` of every timed ``DTSTART`` and
                       ``DTEND``
``refresh_hours``      ``REFRESH-INTERVAL;VALUE=DURATION`` (RFC 7986) and
                       ``X-PUBLISHED-TTL``
``url``                ``URL`` and ``SOURCE`` (RFC 7986): where the feed lives
``prodid``             ``PRODID``
(fixed)                ``VERSION:2.0``, ``CALSCALE:GREGORIAN``, ``METHOD:PUBLISH``
=====================  ==================================================================

``FeedSession`` attributes and the VEVENT properties they fill:

=======================================  ========================================================
attribute                                property
=======================================  ========================================================
``uid``                                  ``UID`` (``session-<pk>@<domain>``, see
                                         :func:`session_uid`)
``title``                                ``SUMMARY`` (marked when postponed or cancelled)
``start``, ``end``, ``all_day``          ``DTSTART``, ``DTEND``: in the calendar's zone, or
                                         ``VALUE=DATE`` with an exclusive ``DTEND`` for a
                                         whole-day session
``status``                               ``STATUS``: ``CONFIRMED``, ``TENTATIVE`` (postponed),
                                         ``CANCELLED`` (the session stays in the feed so that
                                         calendars remove it)
``venue``, ``address``, ``postal_code``,  ``LOCATION``; a session moved online has its public
``city``, ``online_url``                 online link (or "Online") as its place
``online_url``                           ``CONFERENCE;VALUE=URI;FEATURE=VIDEO`` (RFC 7986) and a
                                         line in ``DESCRIPTION``; give it only when the link is
                                         public: a private link must never be passed in
``intro``, ``note``, ``url``             ``DESCRIPTION`` (plain text, ending with the page URL)
``url``                                  ``URL``
``categories``                           ``CATEGORIES`` (event type, then themes)
``sequence``                             ``SEQUENCE``
``created``                              ``CREATED`` (the page's first publication)
``last_modified``                        ``LAST-MODIFIED`` and ``DTSTAMP`` (the page's last
                                         publication, never "now")
``rrule``                                ``RRULE`` of a series (in the calendar's zone, ended
                                         with ``UNTIL``; see :mod:`.recurrence`)
``exdates``                              ``EXDATE``: the original starts of the dates left out,
                                         in the zone and value type of ``DTSTART``
``overrides``                            one more VEVENT per changed date (a
                                         :class:`FeedOverride`): the series' ``UID``, its
                                         ``RECURRENCE-ID`` (the original start, in the zone and
                                         value type of ``DTSTART``) and its own ``SEQUENCE``,
                                         times, place, status and note
=======================================  ========================================================
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
import zoneinfo
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCategory,
    vDate,
    vDatetime,
    vDDDLists,
    vDuration,
    vRecur,
    vText,
    vUri,
    vUTCOffset,
)

from .choices import SessionStatus

__all__ = [
    "FeedCalendar",
    "FeedOverride",
    "FeedSession",
    "VEventCache",
    "assemble_calendar",
    "build_calendar",
    "session_uid",
    "vtimezone",
    "ical_status",
    "location_text",
    "session_place",
]

UTC = dt.UTC
DEFAULT_PRODID = "-//jeugdzorg-wagtail//agenda//NL"

# Session statuses
SCHEDULED = SessionStatus.SCHEDULED.value
CANCELLED = SessionStatus.CANCELLED.value
POSTPONED = SessionStatus.POSTPONED.value
MOVED_ONLINE = SessionStatus.MOVED_ONLINE.value

_STATUS = {
    SCHEDULED: "CONFIRMED",
    MOVED_ONLINE: "CONFIRMED",
    POSTPONED: "TENTATIVE",
    CANCELLED: "CANCELLED",
}


@dataclass(frozen=True, slots=True)
class FeedCalendar:
    """The calendar-level values of a feed (see the module's table)."""

    name: str
    time_zone: str
    description: str = ""
    refresh_hours: int = 12
    url: str = ""
    prodid: str = DEFAULT_PRODID


@dataclass(frozen=True, slots=True)
class FeedOverride:
    """One changed date of a series: its original start (``RECURRENCE-ID``) and the values
    it has instead of the series' own."""

    recurrence_id: dt.datetime
    start: dt.datetime
    end: dt.datetime | None = None
    status: str = SCHEDULED
    venue: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    online_url: str = ""
    note: str = ""
    sequence: int = 0


@dataclass(frozen=True, slots=True)
class FeedSession:
    """The plain values of one session and its event page (see the module's table).

    ``start`` and ``end`` are aware datetimes (``end`` may be ``None``); for a whole-day
    session they are read as dates in the calendar's zone, ``end`` being the last day.
    """

    uid: str
    title: str
    start: dt.datetime
    end: dt.datetime | None = None
    all_day: bool = False
    status: str = SCHEDULED
    venue: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    online_url: str = ""
    note: str = ""
    intro: str = ""
    url: str = ""
    categories: tuple[str, ...] = field(default=())
    sequence: int = 0
    created: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    rrule: str = ""
    exdates: tuple[dt.datetime, ...] = field(default=())
    overrides: tuple[FeedOverride, ...] = field(default=())


def session_uid(pk, domain):
    """The UID of a session: stable across edits and restarts, new for a copy."""
    return f"session-{pk}@{domain}"


def ical_status(status):
    """The iCalendar ``STATUS`` of a session status."""
    return _STATUS.get(status, "CONFIRMED")


def location_text(session):
    """The place of a session as one line: venue, street address, postal code and city."""
    town = " ".join(part for part in (session.postal_code, session.city) if part)
    return ", ".join(part for part in (session.venue, session.address, town) if part)


def session_place(session, online, moved_online_label=""):
    """The place of a session as one line, as calendars show it.

    Its address; for a session moved online its public ``online`` link (or, without one,
    ``moved_online_label``, or else the address); for a session without an address its
    ``online`` link. ``session`` has the fields of :func:`location_text` and ``status``.
    """
    place = location_text(session)
    if session.status == MOVED_ONLINE:
        return online or moved_online_label or place
    return place or online


def build_calendar(calendar: FeedCalendar, sessions: Iterable[FeedSession]) -> bytes:
    """The feed as bytes: one VEVENT per session, in the given order."""
    zone = zoneinfo.ZoneInfo(calendar.time_zone)
    cal = Calendar()
    cal.add("prodid", calendar.prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", calendar.name)
    cal.add("x-wr-calname", calendar.name)
    if calendar.description:
        cal.add("description", calendar.description)
        cal.add("x-wr-caldesc", calendar.description)
    cal.add("x-wr-timezone", calendar.time_zone)
    refresh = dt.timedelta(hours=calendar.refresh_hours)
    # icalendar writes a duration without VALUE=DURATION, which RFC 7986 requires here.
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))
    if calendar.url:
        cal.add("url", vUri(calendar.url))
        cal.add("source", vUri(calendar.url), parameters={"VALUE": "URI"})
    cal.add_component(vtimezone(calendar.time_zone))
    labels = _labels()
    add = cal.subcomponents.append
    for session in sessions:
        add(_vevent(session, zone, labels))
        for override in session.overrides:
            add(_override_vevent(session, override, zone, labels))
    return cal.to_ical()


#: Raise when the bytes of a VEVENT change for the same values (a new property, another
#: icalendar), so that no VEVENT serialised before is reused.
VEVENT_FORMAT = 1

_END = b"END:VCALENDAR\r\n"


class VEventCache:
    """A bounded store of serialised VEVENTs, the least recently used dropped first.

    The key of a session's VEVENTs is a hash of everything they are built from: the
    :class:`FeedSession` (its changed dates included), the calendar's time zone, the
    translated words and :data:`VEVENT_FORMAT`. A changed input gives another key, so an entry
    never goes stale and nothing is ever invalidated: old entries are simply no longer asked
    for and fall out. Safe to share between threads.
    """

    def __init__(self, maxsize=20_000):
        self.maxsize = maxsize
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def get_many(self, keys):
        """The stored bytes of ``keys`` (``None`` for a key not stored), in their order."""
        entries = self._entries
        found = []
        with self._lock:
            for key in keys:
                value = entries.get(key)
                if value is not None:
                    entries.move_to_end(key)
                found.append(value)
        return found

    def set_many(self, items):
        """Store ``(key, bytes)`` pairs, dropping the least recently used beyond ``maxsize``."""
        if self.maxsize <= 0:
            return
        entries = self._entries
        with self._lock:
            for key, value in items:
                entries[key] = value
                entries.move_to_end(key)
            while len(entries) > self.maxsize:
                entries.popitem(last=False)


def _vevent_keys(calendar, sessions, labels):
    """The :class:`VEventCache` key of each session (``None``: not to be stored).

    The key hashes the session's ``repr``, which names every value (a lazy translation by
    its text in the active language). A session holding an object whose ``repr`` is only its
    address is never stored: that ``repr`` would not name its contents.
    """
    base = hashlib.blake2b(
        repr((VEVENT_FORMAT, calendar.time_zone, sorted(labels.items()))).encode(),
        digest_size=16,
    )
    keys = []
    for session in sessions:
        text = repr(session)
        if " object at 0x" in text:
            keys.append(None)
            continue
        digest = base.copy()
        digest.update(text.encode())
        keys.append(digest.digest())
    return keys


def _calendar_head(calendar):
    """The calendar's bytes up to its first VEVENT: its properties and the VTIMEZONE."""
    content = build_calendar(calendar, ())
    return content[: -len(_END)]


def assemble_calendar(
    calendar: FeedCalendar, sessions: Iterable[FeedSession], cache: VEventCache
) -> bytes:
    """The bytes :func:`build_calendar` gives, reusing the VEVENTs ``cache`` holds.

    Only the VEVENTs of sessions whose values are new to ``cache`` are built; the others are
    joined as stored, between the calendar's own lines (built each time) and its end.
    """
    sessions = list(sessions)
    zone = zoneinfo.ZoneInfo(calendar.time_zone)
    labels = _labels()
    keys = _vevent_keys(calendar, sessions, labels)
    parts = cache.get_many(keys)
    built = []
    for index, part in enumerate(parts):
        if part is not None:
            continue
        session = sessions[index]
        events = [_vevent(session, zone, labels)]
        events += [_override_vevent(session, o, zone, labels) for o in session.overrides]
        part = b"".join(event.to_ical() for event in events)
        parts[index] = part
        if keys[index] is not None:
            built.append((keys[index], part))
    if built:
        cache.set_many(built)
    return b"".join([_calendar_head(calendar), *parts, _END])


def _labels():
    """The translated words of a feed, looked up once per feed rather than per event."""
    return {
        POSTPONED: _("Postponed"),
        CANCELLED: _("Cancelled"),
        MOVED_ONLINE: _("Moved online"),
        "online": _("Online"),
        "more": _("More information"),
    }


def _date_or_time(value, zone, all_day):
    """A start as ``DTSTART`` writes it: a date for whole days, else a time in ``zone``."""
    if all_day:
        return value.astimezone(zone).date()
    return value.astimezone(zone)


def _override_vevent(session, override, zone, labels):
    """The VEVENT of one changed date of ``session``'s series."""
    changed = replace(
        session,
        start=override.start,
        end=override.end,
        status=override.status,
        venue=override.venue,
        address=override.address,
        postal_code=override.postal_code,
        city=override.city,
        online_url=override.online_url,
        note=override.note,
        sequence=override.sequence,
        rrule="",
        exdates=(),
        overrides=(),
    )
    event = _vevent(changed, zone, labels)
    recurrence_id = _date_or_time(override.recurrence_id, zone, session.all_day)
    if session.all_day:
        event["RECURRENCE-ID"] = vDate(recurrence_id, params={"VALUE": "DATE"})
    else:
        event["RECURRENCE-ID"] = vDatetime(recurrence_id)
    return event


def _vevent(session, zone, labels):
    """One VEVENT. Properties are set as icalendar value objects, skipping its type guessing."""
    event = Event()
    status = session.status
    summary = session.title
    if status in (POSTPONED, CANCELLED):
        summary = f"{labels[status]}: {summary}"
    event["UID"] = vText(session.uid)
    stamp = session.last_modified or session.created
    if stamp is not None:
        event["DTSTAMP"] = vDatetime(stamp.astimezone(UTC))
    if session.created is not None:
        event["CREATED"] = vDatetime(session.created.astimezone(UTC))
    if session.last_modified is not None:
        event["LAST-MODIFIED"] = vDatetime(session.last_modified.astimezone(UTC))
    event["SEQUENCE"] = session.sequence
    event["SUMMARY"] = vText(summary)
    if session.all_day:
        first = session.start.astimezone(zone).date()
        last = max(session.end.astimezone(zone).date(), first) if session.end else first
        event["DTSTART"] = vDate(first, params={"VALUE": "DATE"})
        event["DTEND"] = vDate(last + dt.timedelta(days=1), params={"VALUE": "DATE"})
    else:
        event["DTSTART"] = vDatetime(session.start.astimezone(zone))
        if session.end is not None and session.end > session.start:
            event["DTEND"] = vDatetime(session.end.astimezone(zone))
    if session.rrule:
        event["RRULE"] = vRecur.from_ical(session.rrule)
        if session.exdates:
            values = [_date_or_time(d, zone, session.all_day) for d in session.exdates]
            exdate = vDDDLists(values)
            if session.all_day:
                exdate.params["VALUE"] = "DATE"
            event["EXDATE"] = exdate
    event["STATUS"] = vText(ical_status(status))

    online = session.online_url
    place = session_place(session, online, moved_online_label=labels["online"])
    lines = []
    if session.intro:
        lines.append(session.intro)
    if status == MOVED_ONLINE:
        lines.append(labels[MOVED_ONLINE])
    if session.note:
        lines.append(session.note)
    if online:
        lines.append(f"{labels['online']}: {online}")
        event.add("CONFERENCE", vUri(online), parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    if session.url:
        lines.append(f"{labels['more']}: {session.url}")
        event["URL"] = vUri(session.url)
    if place:
        event["LOCATION"] = vText(place)
    if lines:
        event["DESCRIPTION"] = vText("\n\n".join(lines))
    if session.categories:
        event["CATEGORIES"] = vCategory(list(session.categories))
    return event


# Time zones ---------------------------------------------------------------------------------

# Years in which zoneinfo follows only the zone's ongoing rule (its TZif footer), and the
# earliest year a VTIMEZONE's rules may start from.
_RULE_SAMPLE_YEARS = range(2038, 2038 + 28)  # 28 years: every weekday and leap-year pattern
_EARLIEST_YEAR = 1970
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class _Observance:
    """One yearly transition rule: onset at local wall time (in the offset before it)."""

    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    month: int
    time: dt.time
    byday: str  # "-1SU", "2SU", or "SA" together with bymonthday
    bymonthday: tuple[int, ...] = ()

    def rrule(self):
        rule = {"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": self.byday}
        if self.bymonthday:
            rule["BYMONTHDAY"] = list(self.bymonthday)
        return rule

    def onset(self, year):
        """The local wall time (in ``offset_from``) of the transition in ``year``."""
        days = _month_days(year, self.month)
        weekday = _WEEKDAYS.index(self.byday[-2:])
        if self.bymonthday:
            candidates = [d for d in self.bymonthday if d <= days]
        elif self.byday.startswith("-1"):
            candidates = range(days - 6, days + 1)
        else:
            n = int(self.byday[:-2])
            candidates = range(7 * (n - 1) + 1, 7 * n + 1)
        for day in candidates:
            date = dt.date(year, self.month, day)
            if date.weekday() == weekday:
                return dt.datetime.combine(date, self.time)
        return None

    def instant(self, year):
        onset = self.onset(year)
        return None if onset is None else (onset - self.offset_from).replace(tzinfo=UTC)


def _month_days(year, month):
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _offset(zone, instant):
    return instant.astimezone(zone).utcoffset()


def zone_transitions(zone, year):
    """The instants (UTC) in ``year`` at which ``zone``'s UTC offset changes.

    Returns ``(instant, offset_before, offset_after)`` tuples, found by stepping through the
    year a week at a time and bisecting to the second.
    """
    result = []
    step = dt.timedelta(days=7)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    low = dt.datetime(year, 1, 1, tzinfo=UTC)
    low_offset = _offset(zone, low)
    while low < end:
        high = min(low + step, end)
        high_offset = _offset(zone, high)
        if high_offset != low_offset:
            a, b = low, high  # offset(a) == low_offset, offset(b) != low_offset
            while b - a > dt.timedelta(seconds=1):
                middle = a + (b - a) / 2
                middle = middle.replace(microsecond=0)
                if middle <= a:
                    middle = a + dt.timedelta(seconds=1)
                if _offset(zone, middle) == low_offset:
                    a = middle
                else:
                    b = middle
            after = _offset(zone, b)
            result.append((b, low_offset, after))
            # Resume right after the transition (catches two changes within one week).
            low, low_offset = b, after
            continue
        low, low_offset = high, high_offset
    return result


def _infer_observance(zone, samples):
    """The yearly rule behind one kind of transition, or None when there is none."""
    months, weekdays, times, days = set(), set(), set(), set()
    offset_from, offset_to = samples[0][1], samples[0][2]
    for instant, before, _after in samples:
        local = (instant + before).replace(tzinfo=None)
        months.add(local.month)
        weekdays.add(local.weekday())
        times.add(local.time())
        days.add(local.day)
    if len(months) != 1 or len(weekdays) != 1 or len(times) != 1:
        return None
    month, weekday, time = months.pop(), weekdays.pop(), times.pop()
    code = _WEEKDAYS[weekday]
    low, high = min(days), max(days)
    if high - low > 6:
        return None
    if low >= _month_days(2039, month) - 6:  # 2039: not a leap year
        byday, bymonthday = f"-1{code}", ()
    elif (low - 1) // 7 == (high - 1) // 7 and high <= 28:
        byday, bymonthday = f"{(low - 1) // 7 + 1}{code}", ()
    else:
        byday, bymonthday = code, tuple(range(low, low + 7))
    name = (samples[0][0] + dt.timedelta(hours=1)).astimezone(zone).tzname() or ""
    observance = _Observance(offset_from, offset_to, name, month, time, byday, bymonthday)
    # The rule must give exactly the sampled instants.
    by_year = {instant.year: instant for instant, _b, _a in samples}
    if any(observance.instant(year) != by_year.get(year) for year in by_year):
        return None
    return observance


def zone_rules(key):
    """The ongoing yearly rules of the zone ``key`` and the year from which they hold.

    Returns ``(observances, first_year)``: two :class:`_Observance` for a zone with daylight
    saving time, none for a zone with a fixed offset; ``None`` when the zone's rules cannot be
    written as yearly RRULEs (then :func:`vtimezone` falls back to icalendar's RDATE lists).
    """
    zone = zoneinfo.ZoneInfo(key)
    kinds = {}
    for year in _RULE_SAMPLE_YEARS:
        for transition in zone_transitions(zone, year):
            kinds.setdefault((transition[1], transition[2]), []).append(transition)
    if not kinds:
        first_year = _RULE_SAMPLE_YEARS[0]
        while first_year > _EARLIEST_YEAR and not zone_transitions(zone, first_year - 1):
            first_year -= 1
        return [], first_year
    if len(kinds) != 2 or any(len(s) != len(_RULE_SAMPLE_YEARS) for s in kinds.values()):
        return None
    observances = []
    for samples in kinds.values():
        observance = _infer_observance(zone, samples)
        if observance is None:
            return None
        observances.append(observance)
    # Go back in time while the zone followed the same rules.
    first_year = _RULE_SAMPLE_YEARS[0]
    while first_year > _EARLIEST_YEAR:
        year = first_year - 1
        expected = sorted((o.instant(year), o.offset_from, o.offset_to) for o in observances)
        if zone_transitions(zone, year) != expected:
            break
        first_year = year
    observances.sort(key=lambda o: o.month)
    return observances, first_year


@functools.lru_cache(maxsize=16)
def vtimezone(key) -> Timezone:
    """The VTIMEZONE of a zone, in the compact RRULE form that Outlook and Google emit.

    A STANDARD and a DAYLIGHT observance, each with a yearly RRULE (``BYMONTH``,
    ``BYDAY=-1SU`` or ``2SU``, or a weekday with seven ``BYMONTHDAY`` values), derived from
    the zone's own transitions and starting in the first year since which they hold. A zone
    without daylight saving time gets a single STANDARD observance. Rules that cannot be
    written that way fall back to icalendar's transition lists. Built once per zone.
    """
    rules = zone_rules(key)
    if rules is None:
        return Timezone.from_tzinfo(zoneinfo.ZoneInfo(key), tzid=key)
    observances, first_year = rules
    component = Timezone()
    component.add("tzid", key)
    component.add("x-lic-location", key)
    zone = zoneinfo.ZoneInfo(key)
    if not observances:
        start = dt.datetime(first_year, 1, 1)
        offset = _offset(zone, start.replace(tzinfo=UTC) + dt.timedelta(days=1))
        sub = TimezoneStandard()
        sub.add("tzname", zone.tzname(start.replace(tzinfo=zone)) or key)
        sub["TZOFFSETFROM"] = vUTCOffset(offset)
        sub["TZOFFSETTO"] = vUTCOffset(offset)
        sub["DTSTART"] = vDatetime(start)
        # The onset again as RDATE: some readers (python ``ical``) count no onset at all in
        # an observance that has neither RRULE nor RDATE.
        sub.add("rdate", start)
        component.add_component(sub)
        return component
    for observance in observances:
        daylight = observance.offset_to > observance.offset_from
        sub = TimezoneDaylight() if daylight else TimezoneStandard()
        sub.add("tzname", observance.name)
        sub["TZOFFSETFROM"] = vUTCOffset(observance.offset_from)
        sub["TZOFFSETTO"] = vUTCOffset(observance.offset_to)
        sub["DTSTART"] = vDatetime(observance.onset(first_year))
        sub["RRULE"] = vRecur(observance.rrule())
        component.add_component(sub)
    return component
