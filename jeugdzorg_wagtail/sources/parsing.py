"""Turn a partner's iCalendar feed into plain, validated values.

:func:`parse` takes the bytes of a feed and gives a :class:`ParsedFeed`: one
:class:`SourceEvent` per event or series (with the changed dates of a series, the
``RECURRENCE-ID`` overrides, grouped under it), the components it skipped with the reason
(:class:`ParseProblem`), and notes about the feed as a whole. A feed that is no calendar at
all, is cut off, is damaged beyond reading or holds too many events raises
:class:`ParseError` with a message an editor understands; nothing else is raised.

What comes out is safe to store and show:

* Texts are plain text. HTML in a description (Google and Outlook send it) is turned into
  text: tags removed, ``<script>``/``<style>`` dropped with their content, entities decoded,
  paragraphs and line breaks kept as new lines. Control characters are removed; lengths
  are capped. Templates escape the result as any text.
* ``url`` is kept only when it is an ``http``/``https`` address with a host and no
  credentials; ``javascript:``, ``data:`` and the like become ``""``.
* Times are aware :class:`datetime.datetime` values, whole days :class:`datetime.date`
  values (``all_day``). How a time's zone is found, in order:

  1. ``...Z`` (UTC) stays UTC.
  2. ``TZID=`` an IANA name (``Europe/Amsterdam``), a Windows name as Outlook writes it
     (``W. Europe Standard Time``) or a "globally unique" name ending in an IANA name
     (``/mozilla.org/20070129_1/Europe/Amsterdam``): that zone from the system's tz
     database, even when the feed brings its own ``VTIMEZONE`` for it.
  3. ``TZID=`` another name (Outlook's "Customized Time Zone"): the feed's own
     ``VTIMEZONE`` of that name. When it keeps the same offsets as the calendar zone (or
     the feed's ``X-WR-TIMEZONE``) every day for two years, that IANA zone is used instead,
     so that a series can be stored with a zone name.
  4. ``TZID=`` a name the feed does not define: read as floating time, with a note.
  5. No zone (floating time): the feed's ``X-WR-TIMEZONE`` when it names a known zone,
     else the site's calendar zone (``CALENDAR_TIME_ZONE``, default ``TIME_ZONE``).

  Each feed's own zone definitions are used for that feed only.
* ``status`` is ``CONFIRMED``, ``TENTATIVE`` or ``CANCELLED`` (no or an unknown status is
  ``CONFIRMED``).
* A series keeps its ``RRULE`` as text (``FREQ=WEEKLY;UNTIL=...``) with its ``EXDATE`` and
  ``RDATE`` values, in the zone and value type of ``start``; :func:`occurrences` expands it
  within a window, never more than a set number of dates. Rules repeating more often than
  daily, and rules no calendar app writes whose dates are costly to find, are refused for
  that event (see ``_too_unusual``); a rule that never applies is dropped, the event kept
  with its first date.

Decoding: UTF-8 (with or without byte order mark; UTF-16 with a byte order mark too); when
the bytes are not valid UTF-8, the charset the server declared, then Windows-1252, then
Latin-1, with a note saying which was used.

The number of events is capped by ``SOURCES_MAX_EVENTS``: a feed with more ``VEVENT``
components (the changed dates of series included) is refused as a whole rather than cut
short, so that an import never takes part of a feed for all of it.

Events without a ``UID`` are skipped: without one, the same event cannot be recognised on
the next fetch. A ``RECURRENCE-ID`` whose series is not in the feed (a calendar shares one
date of a series) is an event of its own, with ``recurrence_id`` set.
"""

import codecs
import dataclasses
import hashlib
import html
import re
import warnings
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from dateutil.rrule import rrulestr
from django.utils.translation import gettext_lazy as _
from icalendar import Component
from icalendar.error import GloballyUniqueTZIDGuessed
from icalendar.prop import vBroken, vRecur
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from jeugdzorg_wagtail.core.conf import jw_settings

__all__ = [
    "DEFAULT_OCCURRENCE_LIMIT",
    "Occurrence",
    "ParseError",
    "ParseProblem",
    "ParsedFeed",
    "SourceEvent",
    "occurrence_key",
    "occurrences",
    "parse",
    "plain_text",
    "safe_url",
]

STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
SUPPORTED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
SUMMARY_MAX_LENGTH = 255
LOCATION_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 10_000
CATEGORY_MAX_LENGTH = 100
URL_MAX_LENGTH = 2000
UID_MAX_LENGTH = 500
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
#: The most dates :func:`occurrences` returns unless told otherwise.
DEFAULT_OCCURRENCE_LIMIT = 1000
#: The most dates of a rule :func:`occurrences` looks at, in or before the window.
SCAN_LIMIT = 100_000
#: The Gregorian calendar repeats itself (weekdays, leap years) every 400 years.
CALENDAR_CYCLE_YEARS = 400
#: The parts of an RRULE (RFC 5545); a rule with another part is not read.
RRULE_PARTS = frozenset(
    "FREQ UNTIL COUNT INTERVAL BYSECOND BYMINUTE BYHOUR BYDAY BYMONTHDAY BYYEARDAY BYWEEKNO "
    "BYMONTH BYSETPOS WKST".split()
)


# --- Errors and problems ------------------------------------------------------------------


class ParseError(Exception):
    """The feed as a whole cannot be used. ``code`` for programs, ``message`` for editors."""

    def __init__(self, code, message, *, params=None, detail=""):
        self.code = code
        self.template = message
        self.params = dict(params or {})
        self.detail = detail
        super().__init__(code, detail)

    @property
    def message(self):
        text = str(self.template)
        return text % self.params if self.params else text

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class ParseProblem:
    """Something about one component (``uid``, ``summary``) or the feed as a whole.

    ``skipped`` tells whether the component was left out. ``message`` is rendered in the
    active language when read; ``code`` and ``params`` allow rendering it again later.
    """

    code: str
    template: object
    params: dict = field(default_factory=dict)
    uid: str = ""
    summary: str = ""
    skipped: bool = False

    @property
    def message(self):
        text = str(self.template)
        return text % self.params if self.params else text


# --- Values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceEvent:
    """One event of a partner feed: a single event, a series, or one changed date of one.

    ``start``/``end`` are aware datetimes, or dates when ``all_day`` (``end`` exclusive, as in
    iCalendar: a one-day event ends the next day). ``timezone`` is the IANA name of the zone
    the times were given in (``"UTC"`` for UTC, the calendar zone for floating times and
    whole days, ``""`` for a feed's own zone that matches no IANA zone). ``floating`` says
    the feed gave no zone. ``recurrence_id`` is set on a changed date of a series: the
    original start of the date it replaces. A series has ``rrule`` and/or ``rdates``;
    ``exdates`` are dates taken out; ``overrides`` are its changed dates (``SourceEvent``
    values with ``recurrence_id``). ``sequence``, ``last_modified`` and ``dtstamp`` come from
    the feed; :meth:`fingerprint` changes whenever anything shown changes.
    """

    uid: str
    start: datetime | date
    end: datetime | date
    all_day: bool = False
    floating: bool = False
    timezone: str = ""
    summary: str = ""
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple = ()
    status: str = "CONFIRMED"
    sequence: int = 0
    last_modified: datetime | None = None
    dtstamp: datetime | None = None
    recurrence_id: datetime | date | None = None
    rrule: str = ""
    rdates: tuple = ()
    exdates: tuple = ()
    overrides: tuple = ()

    @property
    def key(self):
        """``(uid, occurrence key of recurrence_id or "")``: unique within a feed."""
        if self.recurrence_id is None:
            return (self.uid, "")
        return (self.uid, occurrence_key(self.recurrence_id))

    @property
    def is_recurring(self):
        return bool(self.rrule or self.rdates)

    @property
    def cancelled(self):
        return self.status == "CANCELLED"

    def fingerprint(self):
        """A hash of everything but ``dtstamp`` (which many servers set to "now")."""
        parts = [
            self.uid,
            _stamp(self.start),
            _stamp(self.end),
            self.all_day,
            self.timezone,
            self.summary,
            self.description,
            self.location,
            self.url,
            self.categories,
            self.status,
            self.sequence,
            _stamp(self.last_modified),
            _stamp(self.recurrence_id),
            self.rrule,
            tuple(_stamp(d) for d in self.rdates),
            tuple(_stamp(d) for d in self.exdates),
            tuple(o.fingerprint() for o in self.overrides),
        ]
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _stamp(value):
    if isinstance(value, datetime):
        return f"{value.isoformat()}/{occurrence_key(value)}"
    if isinstance(value, date):
        return value.isoformat()
    return ""


def occurrence_key(value):
    """A text that is equal for the same moment however it is written (zone, offset).

    A datetime becomes its UTC time (``20250312T180000Z``), a date ``20250312``. Compare
    ``RECURRENCE-ID``, ``EXDATE`` and occurrence starts by this key.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


@dataclass(frozen=True)
class ParsedFeed:
    """The result of :func:`parse`.

    ``events`` in feed order (series with their ``overrides``); ``problems`` per component;
    ``notes`` about the feed as a whole (how it was decoded, unknown zones); ``name`` is the
    feed's ``X-WR-CALNAME``; ``encoding`` the encoding the text was read in; ``time_zone``
    the zone of floating times and whole days.
    """

    events: list
    problems: list
    notes: list
    name: str = ""
    encoding: str = "utf-8"
    time_zone: str = ""


# --- Text ---------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


class _TextFromHTML(HTMLParser):
    """Text content of an HTML fragment: blocks on new lines, links with their address.

    ``parts`` holds text and, as numbers, the line breaks blocks ask for; breaks in a row
    merge into the largest, so ``</p><p>`` gives one blank line, ``</div><div>`` one break.
    """

    PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 ul ol dl table blockquote pre hr".split())
    BLOCKS = frozenset(
        "address article aside dd div dt fieldset figcaption figure footer form header li "
        "main nav section tbody thead tfoot tr".split()
    )
    DROPPED = frozenset("script style head title template noscript iframe object svg".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.dropped = 0
        self.links = []

    def _break(self, tag):
        if tag in self.PARAGRAPHS:
            self.parts.append(2)
        elif tag in self.BLOCKS:
            self.parts.append(1)

    def handle_starttag(self, tag, attrs):
        if tag in self.DROPPED:
            self.dropped += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.extend([1, "- "])
        elif tag == "a":
            self.links.append((len(self.parts), safe_url(dict(attrs).get("href") or "")))
        else:
            self._break(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in self.DROPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.DROPPED:
            self.dropped = max(0, self.dropped - 1)
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            text = "".join(p for p in self.parts[start:] if isinstance(p, str)).strip()
            if href and href not in text:
                self.parts.append(f" ({href})")
        else:
            self._break(tag)

    def handle_data(self, data):
        if self.dropped:
            return
        data = _SPACES.sub(" ", data.replace("\n", " "))
        if data.strip() or (self.parts and isinstance(self.parts[-1], str)):
            self.parts.append(data)

    def text(self):
        out, pending = [], 0
        for part in self.parts:
            if isinstance(part, int):
                pending = max(pending, part)
                continue
            if pending and out:
                out.append("\n" * pending)
            pending = 0
            out.append(part)
        return "".join(out)


def plain_text(value, *, single_line=False, max_length=DESCRIPTION_MAX_LENGTH):
    """``value`` as plain text: HTML turned into text, control characters removed, capped.

    Text without tags keeps its own line breaks; ``single_line`` joins everything on one
    line. Longer text is cut at ``max_length`` characters, ending in "…".
    """
    text = str(value or "")
    if _TAG.search(text):
        extractor = _TextFromHTML()
        try:
            extractor.feed(text)
            extractor.close()
            text = extractor.text()
        except (AssertionError, ValueError):  # HTMLParser gives up on some broken markup
            text = _TAG.sub(" ", text)
    elif _ENTITY.search(text):
        text = html.unescape(text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if single_line:
        text = " ".join(text.split())
    else:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "\u2026"
    return text


def safe_url(value):
    """``value`` when it is an ``http``/``https`` address with a host and no credentials."""
    text = str(value or "").strip()
    if not text or len(text) > URL_MAX_LENGTH or re.search(r"[\s\x00-\x1f\x7f]", text):
        return ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if "@" in parts.netloc:
        return ""
    return text


# --- Decoding -----------------------------------------------------------------------------


def _decode(data, charset):
    """``(text, encoding used)``."""
    if isinstance(data, str):
        return data.lstrip("\ufeff"), "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    if charset:
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            name = None
        if name and name not in ("utf-8", "ascii"):
            candidates.append(name)
    candidates.append("cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1"), "latin-1"


_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1 (ISO-8859-1)"}


def _check_calendar_text(text):
    start = text.lstrip()[:2000]
    if not start:
        raise ParseError("empty", _("The calendar file is empty."))
    if start[:15].upper() != "BEGIN:VCALENDAR":
        lowered = start.lower()
        if lowered.startswith("<") and ("<html" in lowered or "<!doctype" in lowered):
            raise ParseError(
                "web_page",
                _(
                    "This address gives a web page, not a calendar. Use the link to the "
                    "calendar file itself (iCal, often ending in .ics)."
                ),
            )
        raise ParseError("not_calendar", _("This file is not an iCal calendar."))
    # The last BEGIN or END line must close the calendar (X-COMMENT lines may follow it).
    last = ""
    for line in reversed(text.splitlines()):
        upper = line.rstrip().upper()
        if upper.startswith(("BEGIN:", "END:")):
            last = upper
            break
    if last != "END:VCALENDAR":
        raise ParseError(
            "truncated",
            _("The calendar file is incomplete: its end is missing."),
            detail=last[:100],
        )


# --- Time zones ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _known_zones():
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def _iana_name(tzid):
    """The IANA name a TZID stands for (IANA, Windows or "globally unique"), or ``None``."""
    cleaned = str(tzid).strip().strip('"').strip("/")
    known = _known_zones()
    if cleaned in known:
        return cleaned
    if cleaned in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[cleaned]
    parts = cleaned.split("/")
    for first in range(1, len(parts)):
        candidate = "/".join(parts[first:])
        if candidate in known:
            return candidate
    return None


def _same_offsets(zone, other, year):
    """Whether two zones have the same UTC offset at noon UTC on every day of two years."""
    moment = datetime(year, 1, 1, 12, tzinfo=UTC)
    for _day in range(731):
        if moment.astimezone(zone).utcoffset() != moment.astimezone(other).utcoffset():
            return False
        moment += timedelta(days=1)
    return True


class _Zones:
    """The zones of one feed: its own definitions first-class, nothing shared with others."""

    def __init__(self, calendars, default_zone, problems):
        self.definitions = {}
        for calendar in calendars:
            for component in calendar.walk("VTIMEZONE"):
                tzid = component.get("TZID")
                if tzid is not None and not isinstance(tzid, vBroken):
                    self.definitions.setdefault(str(tzid), component)
        self.notes = problems
        self.cache = {}
        self.default_name = default_zone
        self.default = zoneinfo.ZoneInfo(default_zone)
        self.floating_name, self.floating = default_zone, self.default
        for calendar in calendars:
            declared = calendar.get("X-WR-TIMEZONE")
            if declared is None:
                continue
            name = _iana_name(declared)
            if name:
                self.floating_name, self.floating = name, zoneinfo.ZoneInfo(name)
            break

    def get(self, tzid):
        """``(tzinfo, IANA name or "", floating)`` for a TZID."""
        tzid = str(tzid)
        if tzid not in self.cache:
            self.cache[tzid] = self._resolve(tzid)
        return self.cache[tzid]

    def _resolve(self, tzid):
        name = _iana_name(tzid)
        if name:
            return zoneinfo.ZoneInfo(name), name, False
        definition = self.definitions.get(tzid)
        if definition is not None:
            try:
                custom = tzp.create_timezone(definition)
                custom.utcoffset(datetime(2000, 1, 1))  # a damaged definition fails here
            except Exception:  # any damage in the definition makes the zone unusable
                custom = None
            if custom is not None:
                for candidate_name, candidate in (
                    (self.floating_name, self.floating),
                    (self.default_name, self.default),
                ):
                    if _same_offsets(custom, candidate, date.today().year):
                        return candidate, candidate_name, False
                return custom, "", False
        self.notes.append(
            ParseProblem(
                "unknown_timezone",
                _("The time zone %(tzid)s is unknown; its times are read as %(zone)s."),
                params={"tzid": tzid[:100], "zone": self.floating_name},
            )
        )
        return self.floating, self.floating_name, True


# --- Components ---------------------------------------------------------------------------


class _Skip(Exception):
    """Leave this component out, for this reason."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__(code)


def _values(component, name):
    """Every unbroken value of a property that may occur more than once."""
    value = component.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v for v in values if not isinstance(v, vBroken)]


def _first(component, name):
    values = _values(component, name)
    return values[0] if values else None


def _utc(prop):
    value = getattr(prop, "dt", None)
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # RFC 5545: DTSTAMP and LAST-MODIFIED are UTC
    return value.astimezone(UTC)


def _in_range(value):
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


class _EventReader:
    def __init__(self, zones):
        self.zones = zones
        self.remarks = []  # (code, message) about the event just read, which is kept

    def moment(self, value, tzid):
        """``(value, zone name, floating)`` for a parsed DATE or DATE-TIME."""
        if isinstance(value, datetime):
            if tzid:
                zone, name, floating = self.zones.get(tzid)
                return value.replace(tzinfo=zone), name, floating
            if value.tzinfo is not None:
                return value.astimezone(UTC), "UTC", False
            zones = self.zones
            return value.replace(tzinfo=zones.floating), zones.floating_name, True
        if isinstance(value, date):
            return value, self.zones.floating_name, False
        raise _Skip("bad_date", _("The start or end of the event cannot be read."))

    def prop_moment(self, prop):
        value = prop.dt
        if isinstance(value, tuple):  # a PERIOD (RDATE): its start
            value = value[0]
        return self.moment(value, prop.params.get("TZID"))

    def list_moments(self, component, name, like):
        result = []
        for prop in _values(component, name):
            tzid = prop.params.get("TZID")
            for item in getattr(prop, "dts", []):
                value = item.dt
                if isinstance(value, tuple):
                    value = value[0]
                try:
                    moment = self.moment(value, tzid)[0]
                except _Skip:
                    continue
                result.append(_like(moment, like))
        return tuple(dict.fromkeys(result))

    def read(self, component):
        uid = plain_text(_first(component, "UID"), single_line=True, max_length=UID_MAX_LENGTH)
        if not uid:
            raise _Skip(
                "no_uid",
                _("The event has no UID, so it cannot be recognised on the next fetch."),
            )
        start_prop = _first(component, "DTSTART")
        if start_prop is None:
            if "DTSTART" in component:
                raise _Skip("bad_date", _("The start or end of the event cannot be read."))
            raise _Skip("no_start", _("The event has no start date or time."))
        start, zone_name, floating = self.prop_moment(start_prop)
        all_day = not isinstance(start, datetime)
        end = self.end(component, start, all_day)
        if not (_in_range(start) and _in_range(end)):
            raise _Skip("out_of_range", _("The date of the event lies before 1900 or after 2200."))
        recurrence_id = None
        rid_prop = _first(component, "RECURRENCE-ID")
        if rid_prop is not None:
            recurrence_id = _like(self.prop_moment(rid_prop)[0], start)
        elif "RECURRENCE-ID" in component:
            raise _Skip("bad_date", _("The start or end of the event cannot be read."))
        rrule = self.rrule(component, start) if recurrence_id is None else ""
        rdates = self.list_moments(component, "RDATE", start) if recurrence_id is None else ()
        exdates = self.list_moments(component, "EXDATE", start) if recurrence_id is None else ()
        return SourceEvent(
            uid=uid,
            start=start,
            end=end,
            all_day=all_day,
            floating=floating,
            timezone=zone_name,
            summary=plain_text(
                _first(component, "SUMMARY"), single_line=True, max_length=SUMMARY_MAX_LENGTH
            ),
            description=self.description(component),
            location=plain_text(
                _first(component, "LOCATION"), single_line=True, max_length=LOCATION_MAX_LENGTH
            ),
            url=safe_url(_first(component, "URL")),
            categories=self.categories(component),
            status=self.status(component),
            sequence=self.sequence(component),
            last_modified=_utc(_first(component, "LAST-MODIFIED")),
            dtstamp=_utc(_first(component, "DTSTAMP")),
            recurrence_id=recurrence_id,
            rrule=rrule,
            rdates=tuple(d for d in rdates if _in_range(d)),
            exdates=exdates,
        )

    def end(self, component, start, all_day):
        end_prop = _first(component, "DTEND")
        duration_prop = _first(component, "DURATION")
        if end_prop is not None:
            end = _like(self.prop_moment(end_prop)[0], start)
        elif duration_prop is not None and isinstance(duration_prop.dt, timedelta):
            duration = duration_prop.dt
            if all_day:
                duration = timedelta(days=max(duration.days, 1))
            end = start + duration
        else:
            end = start + timedelta(days=1) if all_day else start
        if end < start or (all_day and end == start):
            end = start + timedelta(days=1) if all_day else start
        return end

    def rrule(self, component, start):
        values = component.get("RRULE")
        if values is None:
            return ""
        prop = values[0] if isinstance(values, list) else values
        if isinstance(prop, vBroken):
            raise _Skip("bad_rrule", _("The repeat rule of the event cannot be read."))
        frequency = (prop.get("FREQ") or [""])[0]
        if str(frequency).upper() not in SUPPORTED_FREQUENCIES:
            raise _Skip(
                "unsupported_rrule",
                _("The event repeats more often than daily; such events are not taken over."),
            )
        if any(str(part).upper() not in RRULE_PARTS for part in prop):
            raise _Skip("bad_rrule", _("The repeat rule of the event cannot be read."))
        if _too_unusual(prop):
            raise _Skip(
                "unusual_rrule",
                _("The repeat rule of the event is too unusual to take over."),
            )
        text = prop.to_ical().decode("utf-8", errors="replace")
        try:
            rule = _Rule(text, start)
        except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
            raise _Skip("bad_rrule", _("The repeat rule of the event cannot be read.")) from exc
        if rule.never:
            self.remarks.append(
                (
                    "rrule_never",
                    _("The repeat rule of the event never applies; only its first date is used."),
                )
            )
            return ""
        return text

    def description(self, component):
        text = plain_text(_first(component, "DESCRIPTION"))
        if not text:
            for prop in _values(component, "X-ALT-DESC"):
                text = plain_text(prop)
                if text:
                    break
        return text

    def categories(self, component):
        result = []
        for prop in _values(component, "CATEGORIES"):
            for category in getattr(prop, "cats", [prop]):
                text = plain_text(category, single_line=True, max_length=CATEGORY_MAX_LENGTH)
                if text and text not in result:
                    result.append(text)
        return tuple(result)

    @staticmethod
    def status(component):
        value = str(_first(component, "STATUS") or "").strip().upper()
        return value if value in STATUSES else "CONFIRMED"

    @staticmethod
    def sequence(component):
        try:
            return max(0, int(_first(component, "SEQUENCE") or 0))
        except (TypeError, ValueError):
            return 0


def _like(value, like):
    """``value`` in the value type of ``like``: a date for a date, else an aware datetime."""
    if isinstance(like, datetime):
        if isinstance(value, datetime):
            return value
        return datetime.combine(value, like.timetz())
    if isinstance(value, datetime):
        return value.date()
    return value


def _newer(event, other):
    """Whether ``event`` is a newer version of the same event than ``other``."""
    mark = (
        event.sequence,
        event.last_modified or event.dtstamp or datetime.min.replace(tzinfo=UTC),
    )
    other_mark = (
        other.sequence,
        other.last_modified or other.dtstamp or datetime.min.replace(tzinfo=UTC),
    )
    return mark > other_mark


# --- Parsing ------------------------------------------------------------------------------


def parse(data, *, charset=None, time_zone=None, max_events=None):
    """Parse a feed (bytes, or text) into a :class:`ParsedFeed`; raise :class:`ParseError`.

    ``charset`` is the one the server declared, a hint used only when the bytes are not
    UTF-8. ``time_zone`` (default: the calendar zone) reads floating times when the feed
    names no zone of its own. ``max_events`` defaults to ``SOURCES_MAX_EVENTS``.
    """
    if max_events is None:
        max_events = jw_settings.SOURCES_MAX_EVENTS
    time_zone = time_zone or jw_settings.calendar_time_zone
    text, encoding = _decode(data, charset)
    _check_calendar_text(text)
    notes = []
    if encoding not in ("utf-8", "utf-16"):
        notes.append(
            ParseProblem(
                "encoding",
                _("The calendar is not in UTF-8; its characters were read as %(encoding)s."),
                params={"encoding": _ENCODING_NAMES.get(encoding, encoding)},
            )
        )
    try:
        with warnings.catch_warnings():
            # Guessing "/vendor/Europe/Amsterdam" as Europe/Amsterdam is what _Zones does too.
            warnings.simplefilter("ignore", GloballyUniqueTZIDGuessed)
            components = Component.from_ical(text, multiple=True)
    except Exception as exc:  # whatever the library trips over: the file is damaged
        raise ParseError(
            "damaged",
            _("The calendar file is damaged and cannot be read."),
            detail=repr(exc)[:500],
        ) from exc
    calendars = [c for c in components if getattr(c, "name", "") == "VCALENDAR"]
    if not calendars:
        raise ParseError("not_calendar", _("This file is not an iCal calendar."))
    vevents = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    if len(vevents) > max_events:
        raise ParseError(
            "too_many_events",
            _(
                "The calendar holds %(count)s events; at most %(max)s are taken over from "
                "one source."
            ),
            params={"count": len(vevents), "max": max_events},
        )
    zones = _Zones(calendars, time_zone, notes)
    reader = _EventReader(zones)
    problems = []
    masters, overrides = {}, {}
    for component in vevents:
        summary = plain_text(_first(component, "SUMMARY"), single_line=True, max_length=100)
        uid = plain_text(_first(component, "UID"), single_line=True, max_length=UID_MAX_LENGTH)
        reader.remarks = []
        try:
            event = reader.read(component)
        except _Skip as skip:
            problems.append(ParseProblem(skip.code, skip.message, uid=uid, summary=summary,
                                         skipped=True))  # fmt: skip
            continue
        except Exception:  # one unreadable event must not sink the whole feed
            problems.append(
                ParseProblem(
                    "unreadable",
                    _("The event cannot be read."),
                    uid=uid,
                    summary=summary,
                    skipped=True,
                )
            )
            continue
        problems.extend(
            ParseProblem(code, message, uid=uid, summary=summary)
            for code, message in reader.remarks
        )
        group = overrides if event.recurrence_id is not None else masters
        existing = group.get(event.key)
        if existing is not None:
            kept = event if _newer(event, existing) else existing
            problems.append(
                ParseProblem(
                    "duplicate",
                    _("The event is in the calendar more than once; the newest version is used."),
                    uid=uid,
                    summary=summary,
                )
            )
            group[event.key] = kept
        else:
            group[event.key] = event
    events = []
    by_uid = {}
    for event in masters.values():
        by_uid[event.uid] = []
    for override in overrides.values():
        if override.uid in by_uid:
            by_uid[override.uid].append(override)
    for event in masters.values():
        mine = sorted(by_uid[event.uid], key=lambda o: occurrence_key(o.recurrence_id))
        events.append(_with_overrides(event, tuple(mine)))
    events.extend(o for o in overrides.values() if o.uid not in by_uid)
    name = ""
    for calendar in calendars:
        name = plain_text(calendar.get("X-WR-CALNAME"), single_line=True, max_length=255)
        if name:
            break
    return ParsedFeed(
        events=events,
        problems=problems,
        notes=notes,
        name=name,
        encoding=encoding,
        time_zone=zones.floating_name,
    )


def _with_overrides(event, overrides):
    if not overrides:
        return event
    return dataclasses.replace(event, overrides=overrides)


# --- Series -------------------------------------------------------------------------------


class _Rule:
    """An ``RRULE`` expanded in wall-clock time of the series' zone (so DST is kept)."""

    def __init__(self, text, start):
        recur = vRecur.from_ical(text)
        parts = dict(recur)
        until = (parts.pop("UNTIL", None) or [None])[0]
        count = (parts.pop("COUNT", None) or [None])[0]
        self.count = int(count) if count is not None else None
        self.start = start
        self.zone = start.tzinfo if isinstance(start, datetime) else None
        self.wall_start = _wall(start)
        self.until = _wall_until(until, start) if until is not None else None
        text = vRecur(parts).to_ical().decode("ascii")
        self.rule = rrulestr(text, dtstart=self.wall_start)
        interval = int((parts.get("INTERVAL") or [1])[0] or 1)
        self.never = _never_occurs(text, self.wall_start, max(interval, 1))

    def starts(self, before):
        """Starts of the rule (aware datetimes or dates) up to ``before`` (wall clock)."""
        if self.never:
            return
        until = before if self.until is None else min(before, self.until)
        produced = 0
        for wall in self.rule.replace(until=until):
            if self.count is not None and produced >= self.count:
                return
            if produced >= SCAN_LIMIT:
                return
            produced += 1
            if isinstance(self.start, datetime):
                yield wall.replace(tzinfo=self.zone)
            else:
                yield wall.date()


_DAY_FILTERS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")


def _too_unusual(recur):
    """Rules agendas do not write, whose dates are costly to find (see :func:`_never_occurs`).

    Refused: what RFC 5545 forbids (``BYWEEKNO`` but yearly, ``BYYEARDAY`` daily, weekly or
    monthly, ``BYMONTHDAY`` weekly); ``BYSETPOS`` or a numbered ``BYDAY`` (``2MO``) on a
    daily or weekly rule; and a daily or weekly rule with an ``INTERVAL`` that also picks
    days or months.
    """
    frequency = str((recur.get("FREQ") or [""])[0]).upper()
    if recur.get("BYWEEKNO") and frequency != "YEARLY":
        return True
    if recur.get("BYYEARDAY") and frequency != "YEARLY":
        return True
    if frequency not in ("DAILY", "WEEKLY"):
        return False
    if recur.get("BYSETPOS") or (frequency == "WEEKLY" and recur.get("BYMONTHDAY")):
        return True
    if any(not str(day).isalpha() for day in recur.get("BYDAY") or []):
        return True
    interval = int((recur.get("INTERVAL") or [1])[0] or 1)
    filters = _DAY_FILTERS if frequency == "DAILY" else ("BYMONTH",)
    return interval > 1 and any(recur.get(part) for part in filters)


def _never_occurs(text, wall_start, interval):
    """Whether a rule (without UNTIL and COUNT) never gives a date.

    dateutil looks for the next date period by period up to the year 9999, checking its
    end only when a date turns up: a rule that never matches (30 February) costs seconds per
    expansion. The Gregorian calendar repeats itself, weekdays and leap years included,
    every 400 years, so a rule that gives no date in ``400 * interval`` years gives none at
    all. The test starts a whole number of such cycles later, near the year 9999, where the
    search stops after at most about one cycle's worth of periods.
    """
    span = CALENDAR_CYCLE_YEARS * interval
    year = wall_start.year
    latest = datetime.max.year - span - 1
    if year < latest:
        year += ((latest - year) // span) * span
    try:
        probe_start = wall_start.replace(year=year)
    except ValueError:
        return False
    if text.startswith("FREQ=DAILY;") and any(f"{part}=" in text for part in _DAY_FILTERS):
        # Daily with an interval of 1 and day filters (others are refused): the days of
        # the year that pass the filters, which a yearly rule finds a year at a time.
        text = "FREQ=YEARLY;" + text[len("FREQ=DAILY;") :]
    probe = rrulestr(text, dtstart=probe_start)
    return next(iter(probe), None) is None


def _wall(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime.combine(value, time())


def _wall_until(until, start):
    if isinstance(start, datetime):
        if isinstance(until, datetime):
            if until.tzinfo is not None:
                return until.astimezone(start.tzinfo).replace(tzinfo=None)
            return until
        return datetime.combine(until, time.max)
    if isinstance(until, datetime):
        return datetime.combine(until.date(), time.max)
    return datetime.combine(until, time.max)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: ``start``/``end`` as shown, ``recurrence_id`` the original
    start it stands for, ``event`` the series or the override that changed this date."""

    start: datetime | date
    end: datetime | date
    recurrence_id: datetime | date
    event: SourceEvent

    @property
    def key(self):
        return (self.event.uid, occurrence_key(self.recurrence_id))


def occurrences(event, *, start, end, limit=DEFAULT_OCCURRENCE_LIMIT):
    """The dates of ``event`` that overlap ``[start, end)`` (aware datetimes), in order.

    A single event gives itself; a series its ``RRULE`` and ``RDATE`` dates minus its
    ``EXDATE`` dates, each replaced by its override when it has one (an override moved into
    the window from outside it is included, one moved out is not). At most ``limit``
    dates are returned, and at most :data:`SCAN_LIMIT` dates of a rule are looked at.
    """
    if not event.is_recurring and not event.overrides:
        occurrence = Occurrence(event.start, event.end, event.start, event)
        return [occurrence] if _overlaps(occurrence, start, end, event) else []
    duration = event.end - event.start
    originals = {occurrence_key(event.start): event.start}  # DTSTART is always one
    if event.rrule:
        zone = event.start.tzinfo if isinstance(event.start, datetime) else None
        before = _window_wall(end, zone, event)
        for original in _Rule(event.rrule, event.start).starts(before):
            originals.setdefault(occurrence_key(original), original)
    for rdate in event.rdates:
        originals.setdefault(occurrence_key(rdate), rdate)
    for exdate in event.exdates:
        originals.pop(occurrence_key(exdate), None)
    overrides = {occurrence_key(o.recurrence_id): o for o in event.overrides}
    result = []
    for key, original in originals.items():
        override = overrides.pop(key, None)
        if override is not None:
            occurrence = Occurrence(override.start, override.end, original, override)
        else:
            occurrence = Occurrence(original, original + duration, original, event)
        if _overlaps(occurrence, start, end, event):
            result.append(occurrence)
    for override in overrides.values():
        occurrence = Occurrence(override.start, override.end, override.recurrence_id, override)
        if _overlaps(occurrence, start, end, event):
            result.append(occurrence)
    result.sort(key=lambda o: _aware(o.start, event))
    return result[:limit]


def _aware(value, event):
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=zoneinfo.ZoneInfo(event.timezone or "UTC"))


def _overlaps(occurrence, start, end, event):
    first = _aware(occurrence.start, event)
    last = _aware(occurrence.end, event)
    if last == first:
        return start <= first < end
    return first < end and last > start


def _window_wall(end, zone, event):
    """The window's end as a wall-clock time of the series (dates: the zone of the feed)."""
    if zone is None:
        zone = zoneinfo.ZoneInfo(event.timezone or "UTC")
    return end.astimezone(zone).replace(tzinfo=None)
