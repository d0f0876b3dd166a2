"""Times come out aware and right: the feed's own zones, TZID names, UTC, floating, days."""

from datetime import UTC, date, datetime, timedelta

import pytest

from jeugdzorg_wagtail.sources.parsing import occurrences, parse

from .conftest import calendar, vevent

CUSTOM_CET = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE""".replace("\n", "\r\n")

CUSTOM_US_EAST = """BEGIN:VTIMEZONE
TZID:Kantoor New York
BEGIN:STANDARD
DTSTART:20071104T020000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20070311T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE""".replace("\n", "\r\n")


def fixed_zone(tzid, offset):
    return (
        f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE"
    )


def utc_starts(event, start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2026, 1, 1, tzinfo=UTC)):
    return [o.start.astimezone(UTC) for o in occurrences(event, start=start, end=end)]


def only_event(*components, **kwargs):
    feed = parse(calendar(*components, **kwargs))
    [event] = feed.events
    return event


def test_a_series_in_the_feeds_own_zone_keeps_its_local_time_across_dst():
    event = only_event(
        CUSTOM_CET,
        vevent(
            DTSTART=";TZID=Customized Time Zone:20250317T190000",
            DTEND=";TZID=Customized Time Zone:20250317T210000",
            RRULE="FREQ=WEEKLY;COUNT=3",
            SUMMARY="Intervisie",
        ),
    )

    # The definition has Amsterdam's offsets, so the series is stored in that zone.
    assert event.timezone == "Europe/Amsterdam"
    assert utc_starts(event) == [
        datetime(2025, 3, 17, 18, tzinfo=UTC),
        datetime(2025, 3, 24, 18, tzinfo=UTC),
        datetime(2025, 3, 31, 17, tzinfo=UTC),  # summer time since 30 March
    ]
    assert [o.end - o.start for o in occurrences(
        event, start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2026, 1, 1, tzinfo=UTC)
    )] == [timedelta(hours=2)] * 3  # fmt: skip


def test_a_zone_of_the_feeds_own_with_other_rules_follows_its_definition():
    event = only_event(
        CUSTOM_US_EAST,
        vevent(DTSTART=";TZID=Kantoor New York:20250303T190000", RRULE="FREQ=WEEKLY;COUNT=3"),
    )

    assert event.timezone == ""  # no IANA zone to name it by
    assert utc_starts(event) == [
        datetime(2025, 3, 4, 0, tzinfo=UTC),
        datetime(2025, 3, 10, 23, tzinfo=UTC),  # US summer time since 9 March
        datetime(2025, 3, 17, 23, tzinfo=UTC),
    ]


def test_each_feed_uses_its_own_definition_of_a_zone_name():
    first = only_event(fixed_zone("Kantoortijd", "+0100"),
                       vevent(DTSTART=";TZID=Kantoortijd:20250701T120000"))  # fmt: skip
    second = only_event(fixed_zone("Kantoortijd", "-0500"),
                        vevent(DTSTART=";TZID=Kantoortijd:20250701T120000"))  # fmt: skip

    assert first.start.astimezone(UTC) == datetime(2025, 7, 1, 11, tzinfo=UTC)
    assert second.start.astimezone(UTC) == datetime(2025, 7, 1, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    "tzid, zone, utc_hour",
    [
        ("Europe/Amsterdam", "Europe/Amsterdam", 17),
        ("W. Europe Standard Time", "Europe/Berlin", 17),
        ("GMT Standard Time", "Europe/London", 18),
        ("/mozilla.org/20070129_1/Europe/Amsterdam", "Europe/Amsterdam", 17),
        ("/freeassociation.sourceforge.net/Tzfile/Europe/Brussels", "Europe/Brussels", 17),
        ("UTC", "UTC", 19),
    ],
)
def test_a_tzid_without_definition_is_found_by_name(tzid, zone, utc_hour):
    event = only_event(vevent(DTSTART=f";TZID={tzid}:20250701T190000"))

    assert event.timezone == zone
    assert not event.floating
    assert event.start.astimezone(UTC) == datetime(2025, 7, 1, utc_hour, tzinfo=UTC)


def test_a_known_name_wins_over_the_feeds_definition_of_it():
    wrong = fixed_zone("Europe/Amsterdam", "+0500")

    event = only_event(wrong, vevent(DTSTART=";TZID=Europe/Amsterdam:20250701T190000"))

    assert event.start.astimezone(UTC) == datetime(2025, 7, 1, 17, tzinfo=UTC)


def test_an_unknown_zone_is_read_as_the_calendar_zone_with_a_note():
    feed = parse(calendar(vevent(DTSTART=";TZID=Mars/Olympus Mons:20250701T190000")))

    [event] = feed.events
    assert event.floating
    assert event.timezone == "Europe/Amsterdam"
    assert event.start.astimezone(UTC) == datetime(2025, 7, 1, 17, tzinfo=UTC)
    [note] = feed.notes
    assert note.code == "unknown_timezone"
    assert note.message == (
        "De tijdzone Mars/Olympus Mons is onbekend; de tijden zijn gelezen als Europe/Amsterdam."
    )


def test_floating_times_are_in_the_calendar_zone(settings):
    event = only_event(vevent(DTSTART="20250701T190000", DTEND="20250701T210000"))

    assert event.floating
    assert event.timezone == "Europe/Amsterdam"
    assert event.start.astimezone(UTC) == datetime(2025, 7, 1, 17, tzinfo=UTC)
    assert event.end - event.start == timedelta(hours=2)

    settings.JEUGDZORG_WAGTAIL = {"CALENDAR_TIME_ZONE": "Europe/London"}
    event = only_event(vevent(DTSTART="20250701T190000"))
    assert event.start.astimezone(UTC) == datetime(2025, 7, 1, 18, tzinfo=UTC)


def test_floating_times_follow_the_feeds_declared_zone():
    feed = parse(calendar(vevent(DTSTART="20250701T190000"), header="X-WR-TIMEZONE:Europe/London"))

    assert feed.time_zone == "Europe/London"
    assert feed.events[0].timezone == "Europe/London"
    assert feed.events[0].start.astimezone(UTC) == datetime(2025, 7, 1, 18, tzinfo=UTC)


def test_utc_times_stay_utc():
    event = only_event(vevent(DTSTART="20250701T170000Z", DTEND="20250701T190000Z"))

    assert event.timezone == "UTC"
    assert event.start == datetime(2025, 7, 1, 17, tzinfo=UTC)
    assert event.end == datetime(2025, 7, 1, 19, tzinfo=UTC)


@pytest.mark.parametrize(
    "properties, end",
    [
        ({"DTEND": ";VALUE=DATE:20250703"}, date(2025, 7, 3)),
        ({}, date(2025, 7, 2)),
        ({"DURATION": "P2D"}, date(2025, 7, 3)),
        ({"DTEND": ";VALUE=DATE:20250701"}, date(2025, 7, 2)),  # an end on the start day
        ({"DTEND": "20250702T120000"}, date(2025, 7, 2)),  # a time where a date belongs
    ],
)
def test_whole_days_are_dates_with_an_exclusive_end(properties, end):
    event = only_event(vevent(DTSTART=";VALUE=DATE:20250701", **properties))

    assert event.all_day
    assert event.start == date(2025, 7, 1)
    assert event.end == end


def test_an_end_before_the_start_becomes_the_start():
    event = only_event(vevent(DTSTART="20250701T190000Z", DTEND="20250701T180000Z"))

    assert event.end == event.start


def test_a_duration_gives_the_end():
    event = only_event(vevent(DTSTART=";TZID=Europe/Amsterdam:20250701T190000", DURATION="PT90M"))

    assert event.end - event.start == timedelta(minutes=90)


def test_dates_outside_1900_to_2200_are_skipped():
    feed = parse(calendar(vevent(DTSTART="99991231T190000Z"), vevent(uid="ok", DTSTART="20250701")))

    assert [e.uid for e in feed.events] == ["ok"]
    [problem] = feed.problems
    assert problem.code == "out_of_range"
    assert problem.skipped
    assert problem.uid == "event-1@partner.example"
