"""The VTIMEZONE of a feed: the compact RRULE form, checked against the zone database."""

import datetime as dt
import zoneinfo

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from jeugdzorg_wagtail.events.ical import vtimezone, zone_rules, zone_transitions

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)

# What Google Calendar writes in its exports for Europe/Amsterdam.
GOOGLE_AMSTERDAM = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
X-LIC-LOCATION:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""

# What Outlook writes for the same zone (its Windows name).
OUTLOOK_AMSTERDAM = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""

# Zones with rules of every shape: last Sunday, first Sunday, "Friday before the last
# Sunday" (Jerusalem), a rule at -1:00 (Nuuk), southern hemisphere, negative DST in the
# zone database (Dublin), a 45-minute offset (Chatham), no DST (Kolkata, Tokyo).
ZONES = [
    "Europe/Amsterdam",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Santiago",
    "America/Nuuk",
    "Asia/Jerusalem",
    "Australia/Sydney",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Asia/Tokyo",
]


def in_calendar(text):
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" + text + "END:VCALENDAR\r\n"


def as_vobject(text):
    return vobject.readOne(in_calendar(text)).vtimezone.gettzinfo()


def as_ical(text):
    calendar = IcsCalendarStream.calendar_from_ics(in_calendar(text))
    return IcsTimezoneInfo.from_timezone(calendar.timezones[0])


def text_of(key):
    return vtimezone(key).to_ical().decode()


def checkpoints(zone, years):
    """Wall times right before and after every transition, with the offset they must have."""
    for year in years:
        transitions = zone_transitions(zone, year)
        for instant, before, after in transitions:
            yield (instant + min(before, after) - MINUTE).replace(tzinfo=None), before
            yield (instant + max(before, after) + MINUTE).replace(tzinfo=None), after
        if not transitions:
            middle = dt.datetime(year, 7, 1, tzinfo=UTC)
            yield middle.astimezone(zone).replace(tzinfo=None), middle.astimezone(zone).utcoffset()


def assert_follows_zone(tzinfo, key, years):
    """From the first observance on (before it, RFC 5545 leaves the offset undefined)."""
    zone = zoneinfo.ZoneInfo(key)
    observances, first_year = zone_rules(key)
    since = min((o.onset(first_year) for o in observances), default=dt.datetime.min)
    wrong = [
        (wall, tzinfo.utcoffset(wall), expected)
        for wall, expected in checkpoints(zone, years)
        if wall >= since and tzinfo.utcoffset(wall) != expected
    ]
    assert not wrong, wrong[:5]


def test_amsterdam_has_the_compact_rrule_form():
    text = text_of("Europe/Amsterdam")
    assert "RDATE" not in text
    assert text.count("RRULE:") == 2
    assert (
        "BEGIN:DAYLIGHT\r\nDTSTART:19960331T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
        in text
    )
    assert (
        "BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
        in text
    )
    assert "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in text


@pytest.mark.parametrize("reference", [GOOGLE_AMSTERDAM, OUTLOOK_AMSTERDAM])
def test_amsterdam_reads_as_what_google_and_outlook_emit(reference):
    ours, theirs = as_vobject(text_of("Europe/Amsterdam")), as_vobject(reference)
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    for wall, expected in checkpoints(zone, range(1996, 2060)):
        assert ours.utcoffset(wall) == theirs.utcoffset(wall) == expected, wall
        # Every hour of a summer and a winter day, too
    for day in (dt.datetime(2026, 7, 1), dt.datetime(2026, 12, 1)):
        for hour in range(24):
            wall = day + dt.timedelta(hours=hour)
            assert ours.utcoffset(wall) == theirs.utcoffset(wall)


@pytest.mark.parametrize("key", ZONES)
def test_the_vtimezone_gives_zoneinfos_offsets_in_vobject_and_ical(key):
    rules = zone_rules(key)
    assert rules is not None
    first_year = rules[1]
    years = [*range(max(first_year, 1990), 2038), 2045, 2075, 2100]
    text = text_of(key)
    assert text.count("RDATE") == (0 if rules[0] else 1)
    assert_follows_zone(as_vobject(text), key, years)
    assert_follows_zone(as_ical(text), key, years)


def test_every_zone_with_yearly_rules_gets_rrules_that_match_its_transitions():
    """All zones of the database, 2000 to 2037 and a few later years."""
    fallbacks = []
    for key in sorted(zoneinfo.available_timezones()):
        rules = zone_rules(key)
        if rules is None:
            fallbacks.append(key)
            continue
        observances, first_year = rules
        zone = zoneinfo.ZoneInfo(key)
        for year in [*range(max(first_year, 2000), 2038), 2050, 2099]:
            predicted = sorted((o.instant(year), o.offset_from, o.offset_to) for o in observances)
            assert zone_transitions(zone, year) == predicted, (key, year)
    # Only zones whose rules follow a lunar calendar or shift across a month end remain.
    assert len(fallbacks) < 10, fallbacks


def test_a_zone_without_daylight_saving_time_has_one_standard_observance():
    text = text_of("Asia/Kolkata")
    assert text.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in text
    assert "RRULE" not in text
    assert "DTSTART:19700101T000000\r\nRDATE:19700101T000000\r\n" in text
    assert "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530" in text


def test_a_zone_without_yearly_rules_falls_back_to_transition_lists():
    assert zone_rules("Africa/Casablanca") is None
    text = text_of("Africa/Casablanca")
    assert "TZID:Africa/Casablanca" in text
    assert "BEGIN:STANDARD" in text


def test_the_vtimezone_is_built_once_per_zone():
    assert vtimezone("Europe/Amsterdam") is vtimezone("Europe/Amsterdam")
