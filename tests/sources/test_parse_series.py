"""Series come in whole: RRULE, EXDATE, RDATE and changed dates grouped with their series."""

from datetime import UTC, date, datetime

import pytest

from jeugdzorg_wagtail.sources.parsing import SourceEvent, occurrence_key, occurrences, parse

from .conftest import calendar, vevent

AMS = ";TZID=Europe/Amsterdam:"
YEAR_2025 = {"start": datetime(2025, 1, 1, tzinfo=UTC), "end": datetime(2026, 1, 1, tzinfo=UTC)}
UID = "reeks@partner.example"


def series(**extra):
    return vevent(
        uid=UID,
        DTSTART=AMS + "20250303T190000",
        DTEND=AMS + "20250303T210000",
        RRULE="FREQ=WEEKLY;UNTIL=20250331T230000Z",
        SUMMARY="Supervisie jeugdprofessionals",
        **extra,
    )


def local_dates(found):
    return [(o.start.date() if isinstance(o.start, datetime) else o.start) for o in found]


def test_a_series_with_exceptions_and_changed_dates_is_one_event():
    feed = parse(
        calendar(
            series(EXDATE=AMS + "20250317T190000", RDATE=AMS + "20250402T190000"),
            vevent(
                uid=UID,
                RECURRENCE_ID=AMS + "20250310T190000",
                DTSTART=AMS + "20250311T200000",
                DTEND=AMS + "20250311T220000",
                SUMMARY="Supervisie (verplaatst naar dinsdag)",
                SEQUENCE="2",
            ),
            vevent(
                uid=UID,
                RECURRENCE_ID=AMS + "20250324T190000",
                DTSTART=AMS + "20250324T190000",
                DTEND=AMS + "20250324T210000",
                STATUS="CANCELLED",
                SUMMARY="Supervisie",
            ),
        )
    )

    [event] = feed.events
    assert event.is_recurring
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20250331T230000Z"
    assert event.exdates == (datetime(2025, 3, 17, 19, tzinfo=event.start.tzinfo),)
    assert event.rdates == (datetime(2025, 4, 2, 19, tzinfo=event.start.tzinfo),)
    assert [o.summary for o in event.overrides] == [
        "Supervisie (verplaatst naar dinsdag)",
        "Supervisie",
    ]
    assert event.overrides[0].key == (UID, "20250310T180000Z")

    found = occurrences(event, **YEAR_2025)

    assert local_dates(found) == [
        date(2025, 3, 3),
        date(2025, 3, 11),  # moved from the 10th
        date(2025, 3, 24),  # cancelled, still there to show as cancelled
        date(2025, 3, 31),
        date(2025, 4, 2),  # an extra date
    ]
    assert [o.event.status for o in found] == [
        "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED", "CONFIRMED"
    ]  # fmt: skip
    assert found[1].recurrence_id == datetime(2025, 3, 10, 19, tzinfo=event.start.tzinfo)
    assert found[1].key == (UID, "20250310T180000Z")
    assert found[3].start.astimezone(UTC) == datetime(2025, 3, 31, 17, tzinfo=UTC)  # summer


def test_an_exdate_in_another_zone_removes_the_same_moment():
    event = parse(calendar(series(EXDATE="20250310T180000Z"))).events[0]

    assert date(2025, 3, 10) not in local_dates(occurrences(event, **YEAR_2025))


def test_the_window_picks_the_dates_and_a_date_moved_into_it_comes_along():
    feed = parse(
        calendar(
            series(),
            vevent(
                uid=UID,
                RECURRENCE_ID=AMS + "20250303T190000",
                DTSTART=AMS + "20250320T100000",
                DTEND=AMS + "20250320T120000",
            ),
        )
    )
    [event] = feed.events
    window = {
        "start": datetime(2025, 3, 15, tzinfo=UTC),
        "end": datetime(2025, 3, 25, tzinfo=UTC),
    }

    found = occurrences(event, **window)

    assert local_dates(found) == [date(2025, 3, 17), date(2025, 3, 20), date(2025, 3, 24)]
    assert found[1].recurrence_id.date() == date(2025, 3, 3)


def test_a_changed_date_without_its_series_is_an_event_of_its_own():
    feed = parse(
        calendar(
            vevent(
                uid="gedeeld@partner.example",
                RECURRENCE_ID=AMS + "20250310T190000",
                DTSTART=AMS + "20250310T190000",
                SUMMARY="Eén avond uit een reeks",
            )
        )
    )

    [event] = feed.events
    assert event.recurrence_id == datetime(2025, 3, 10, 19, tzinfo=event.start.tzinfo)
    assert event.key == ("gedeeld@partner.example", occurrence_key(event.recurrence_id))
    assert local_dates(occurrences(event, **YEAR_2025)) == [date(2025, 3, 10)]


def test_count_and_whole_day_series():
    event = parse(
        calendar(
            vevent(
                DTSTART=";VALUE=DATE:20250106",
                RRULE="FREQ=MONTHLY;BYDAY=1MO;COUNT=4",
                EXDATE=";VALUE=DATE:20250203",
            )
        )
    ).events[0]

    found = occurrences(event, **YEAR_2025)

    assert [o.start for o in found] == [date(2025, 1, 6), date(2025, 3, 3), date(2025, 4, 7)]
    assert all(o.end - o.start == (date(2025, 1, 7) - date(2025, 1, 6)) for o in found)


def test_an_until_date_on_a_whole_day_series_includes_that_day():
    event = parse(
        calendar(vevent(DTSTART=";VALUE=DATE:20250101", RRULE="FREQ=DAILY;UNTIL=20250103"))
    ).events[0]

    assert [o.start for o in occurrences(event, **YEAR_2025)] == [
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),
    ]


def test_an_endless_series_is_expanded_within_the_window_and_the_limit():
    event = parse(calendar(vevent(DTSTART=AMS + "20200106T190000", RRULE="FREQ=DAILY"))).events[0]

    assert len(occurrences(event, **YEAR_2025)) == 365
    assert len(occurrences(event, **YEAR_2025, limit=10)) == 10
    assert occurrences(event, **YEAR_2025, limit=10)[0].start.date() == date(2025, 1, 1)


@pytest.mark.parametrize(
    "dtstart, rule",
    [
        ("20250101T100000Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),  # 30 February
        ("20250101", "FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31"),
        ("20250228", "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"),  # never a leap year
        ("20250101", "FREQ=YEARLY;BYMONTH=1;BYYEARDAY=366"),
    ],
)
def test_a_rule_that_never_applies_leaves_the_first_date(dtstart, rule):
    feed = parse(calendar(vevent(DTSTART=dtstart, RRULE=rule, SUMMARY="Nooit")))

    [event] = feed.events
    assert event.rrule == ""
    assert [o.start for o in occurrences(event, **YEAR_2025)] == [event.start]
    [problem] = feed.problems
    assert (problem.code, problem.skipped, problem.summary) == ("rrule_never", False, "Nooit")
    assert problem.message == (
        "De herhaalregel van de bijeenkomst is nooit van toepassing; alleen de eerste datum "
        "wordt gebruikt."
    )


def test_a_rare_rule_still_applies():
    event = parse(
        calendar(vevent(DTSTART="20240229", RRULE="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"))
    ).events[0]

    found = occurrences(event, start=datetime(2024, 1, 1, tzinfo=UTC),
                        end=datetime(2033, 1, 1, tzinfo=UTC))  # fmt: skip
    assert [o.start for o in found] == [date(2024, 2, 29), date(2028, 2, 29), date(2032, 2, 29)]


def test_a_series_given_directly_with_a_rule_that_never_applies_has_only_its_start():
    event = SourceEvent(
        uid="direct",
        start=datetime(2025, 1, 1, 10, tzinfo=UTC),
        end=datetime(2025, 1, 1, 11, tzinfo=UTC),
        rrule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    )

    assert [o.start for o in occurrences(event, **YEAR_2025)] == [event.start]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=MONTHLY;BYDAY=2TH",
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=DAILY;BYDAY=MO,WE",
    ],
)
def test_the_rules_calendar_apps_write_are_taken_over(rule):
    feed = parse(calendar(vevent(DTSTART=AMS + "20250106T190000", RRULE=rule)))

    [event] = feed.events
    assert event.rrule
    assert feed.problems == []
    window = {"start": datetime(2025, 1, 1, tzinfo=UTC), "end": datetime(2028, 1, 1, tzinfo=UTC)}
    assert len(occurrences(event, **window)) >= 3


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=2;BYDAY=MO",
        "FREQ=DAILY;BYSETPOS=1",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=WEEKLY;BYMONTHDAY=3",
        "FREQ=WEEKLY;INTERVAL=4;BYMONTH=2",
        "FREQ=MONTHLY;BYWEEKNO=3",
        "FREQ=MONTHLY;BYYEARDAY=40",
    ],
)
def test_unusual_rules_skip_the_event(rule):
    feed = parse(calendar(vevent(DTSTART="20250106T100000Z", RRULE=rule)))

    assert feed.events == []
    [problem] = feed.problems
    assert (problem.code, problem.skipped) == ("unusual_rrule", True)
    assert problem.message == (
        "De herhaalregel van de bijeenkomst is te ongebruikelijk om over te nemen."
    )


def test_rules_more_often_than_daily_or_unreadable_skip_the_event():
    feed = parse(
        calendar(
            vevent(
                uid="a", DTSTART="20250101T100000Z", RRULE="FREQ=MINUTELY", SUMMARY="Elke minuut"
            ),
            vevent(uid="b", DTSTART="20250101T100000Z", RRULE="FREQ=HOURLY;COUNT=5"),
            vevent(uid="c", DTSTART="20250101T100000Z", RRULE="FREQ=WEEKLY;BYDAY=XX"),
            vevent(uid="e", DTSTART="20250101T100000Z", RRULE="FREQ=YEARLY;BYEASTER=0"),
            vevent(uid="d", DTSTART="20250101T100000Z", RRULE="RSCALE=HEBREW;FREQ=YEARLY"),
            vevent(uid="ok", DTSTART="20250101T100000Z", RRULE="FREQ=YEARLY"),
        )
    )

    assert [e.uid for e in feed.events] == ["ok"]
    assert [(p.uid, p.code, p.skipped) for p in feed.problems] == [
        ("a", "unsupported_rrule", True),
        ("b", "unsupported_rrule", True),
        ("c", "bad_rrule", True),
        ("e", "bad_rrule", True),
        ("d", "bad_rrule", True),
    ]
    assert feed.problems[0].summary == "Elke minuut"
    assert feed.problems[0].message == (
        "De bijeenkomst herhaalt vaker dan dagelijks; zulke bijeenkomsten worden niet overgenomen."
    )
    assert feed.problems[2].message == "De herhaalregel van de bijeenkomst is onleesbaar."


def test_a_single_event_has_one_occurrence_when_it_overlaps_the_window():
    event = parse(calendar(vevent(DTSTART=AMS + "20250310T190000"))).events[0]

    assert len(occurrences(event, **YEAR_2025)) == 1
    assert occurrences(event, start=datetime(2026, 1, 1, tzinfo=UTC),
                       end=datetime(2027, 1, 1, tzinfo=UTC)) == []  # fmt: skip
