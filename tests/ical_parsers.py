"""Read a feed with three independent parsers and compare what each makes of it.

``icalendar`` and ``ical`` resolve a ``TZID`` through the zone database; ``vobject`` and (here)
``ical``'s ``IcsTimezoneInfo`` read the feed's own VTIMEZONE, which is what Outlook and many
other clients do. Every parser gives, per UID, the start and end as UTC instants (or dates
for whole-day events).
"""

import datetime as dt

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo


def _utc(value):
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(dt.UTC)
    return value


def with_icalendar(data):
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(event["UID"]): (_utc(event.decoded("DTSTART")), _utc(event.decoded("DTEND", None)))
        for event in calendar.walk("VEVENT")
    }


def with_vobject(data):
    calendar = vobject.readOne(data.decode())
    result = {}
    for event in calendar.vevent_list:
        end = event.dtend.value if hasattr(event, "dtend") else None
        result[event.uid.value] = (_utc(event.dtstart.value), _utc(end))
    return result


def with_ical(data):
    """``ical``, with the times read in the feed's VTIMEZONE rather than the zone database."""
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    zones = {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in calendar.timezones}

    def own_zone(value):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            zone = zones[getattr(value.tzinfo, "key", str(value.tzinfo))]
            value = value.replace(tzinfo=zone)
        return _utc(value)

    return {
        event.uid: (own_zone(event.dtstart), own_zone(event.dtend)) for event in calendar.events
    }


def instants(data):
    """The instants of every event as read by all three parsers (asserted equal)."""
    readings = {
        "icalendar": with_icalendar(data),
        "vobject": with_vobject(data),
        "ical": with_ical(data),
    }
    first = readings["icalendar"]
    for name, reading in readings.items():
        assert reading == first, f"{name} reads the feed differently: {reading} != {first}"
    return first


def events(data):
    """The VEVENTs of a feed as icalendar components, by UID."""
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
