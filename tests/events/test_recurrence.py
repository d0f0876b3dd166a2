"""The rules of repeating sessions over plain values: dates, checks, RRULE and words."""

import datetime as dt

import pytest
from django.utils import translation

from jeugdzorg_wagtail.events import recurrence
from jeugdzorg_wagtail.events.recurrence import ChangedDate, Rule, SeriesDate, SkippedDate
from tests.utils import AMS, aware

FOURTH_WEDNESDAY = Rule("monthly", weekdays=("WE",), week_of_month=4, until=dt.date(2026, 12, 31))


def first_date(start=None, hours=2):
    start = start or aware(2026, 1, 28, 19, 30)
    return SeriesDate(start=start, end=start + dt.timedelta(hours=hours), city="Oegstgeest")


def messages(problems):
    found = [m for ms in problems.fields.values() for m in ms]
    for fields in problems.exceptions.values():
        found += [m for ms in fields.values() for m in ms]
    return found


def test_the_fourth_wednesday_of_each_month_at_the_same_wall_clock_time():
    dates = recurrence.series_dates(first_date(), FOURTH_WEDNESDAY, zone=AMS)
    assert [d.start.date() for d in dates][:4] == [
        dt.date(2026, 1, 28),
        dt.date(2026, 2, 25),
        dt.date(2026, 3, 25),
        dt.date(2026, 4, 22),
    ]
    assert len(dates) == 12
    # Before and after both daylight saving changes: 19:30 in Amsterdam every time.
    assert {d.start.astimezone(AMS).time() for d in dates} == {dt.time(19, 30)}
    assert {d.start.utcoffset() for d in dates} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_a_skipped_date_is_left_out_and_a_changed_date_keeps_its_original_start():
    exceptions = [
        SkippedDate(dt.date(2026, 7, 22)),
        ChangedDate(dt.date(2026, 9, 23), start_time=dt.time(20), venue="Bibliotheek", note="x"),
    ]
    dates = recurrence.series_dates(first_date(), FOURTH_WEDNESDAY, exceptions, zone=AMS)
    days = [d.start.date() for d in dates]
    assert dt.date(2026, 7, 22) not in days
    (changed,) = [d for d in dates if d.changed]
    assert changed.start == aware(2026, 9, 23, 20)
    assert changed.end == aware(2026, 9, 23, 22)
    assert changed.original_start == aware(2026, 9, 23, 19, 30)
    assert changed.venue == "Bibliotheek" and changed.city == "Oegstgeest"


def test_a_date_moved_to_another_day_keeps_its_identity_and_its_length():
    exceptions = [ChangedDate(dt.date(2026, 3, 25), new_date=dt.date(2026, 3, 26))]
    dates = recurrence.series_dates(first_date(), FOURTH_WEDNESDAY, exceptions, zone=AMS)
    (moved,) = [d for d in dates if d.changed]
    assert moved.start == aware(2026, 3, 26, 19, 30)
    assert moved.end - moved.start == dt.timedelta(hours=2)
    assert moved.key == "2026-03-25"


def test_n_times_ends_after_the_nth_date():
    rule = Rule("weekly", interval=2, weekdays=("MO", "TH"), count=5)
    dates = recurrence.rule_starts(rule, dt.datetime(2026, 6, 1, 10))
    assert [d.date() for d in dates] == [
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 4),
        dt.date(2026, 6, 15),
        dt.date(2026, 6, 18),
        dt.date(2026, 6, 29),
    ]


@pytest.mark.parametrize(
    ("rule", "start", "field", "words"),
    [
        pytest.param(
            Rule("weekly", weekdays=("MO",), until=dt.date(2026, 1, 30)),
            aware(2026, 1, 28, 19),
            "repeat_frequency",
            "geen enkele datum",
            id="no-date",
        ),
        pytest.param(
            Rule("daily", until=dt.date(2028, 1, 1)),
            aware(2026, 1, 1, 9),
            "repeat_until",
            "meer dan 500 datums",
            id="more-than-500",
        ),
        pytest.param(
            Rule("weekly"),
            aware(2026, 1, 1, 9),
            "repeat_until",
            "moet eindigen",
            id="endless",
        ),
        pytest.param(
            Rule("monthly", weekdays=("WE",), week_of_month=4, count=3),
            aware(2026, 1, 21, 19),
            "repeat_frequency",
            "woensdag 28 januari 2026",
            id="start-not-a-date-of-the-rule",
        ),
    ],
)
def test_a_rule_that_cannot_be_published_is_refused_in_dutch(rule, start, field, words):
    with translation.override("nl"):
        problems = recurrence.check_series(start, False, rule, zone=AMS)
        assert field in problems.fields
        assert words in " ".join(messages(problems))


def test_an_exception_on_a_date_the_rule_does_not_give_names_the_dates_near_it():
    exceptions = [SkippedDate(dt.date(2026, 7, 15)), SkippedDate(dt.date(2026, 7, 22))]
    with translation.override("nl"):
        problems = recurrence.check_series(
            aware(2026, 1, 28, 19, 30), False, FOURTH_WEDNESDAY, exceptions, AMS
        )
        assert list(problems.exceptions) == [0]
        text = " ".join(problems.exceptions[0]["date"])
    assert "woensdag 15 juli 2026 is geen datum van de reeks" in text
    assert "woensdag 24 juni 2026" in text and "woensdag 22 juli 2026" in text


def test_the_rrule_ends_with_until_in_utc_and_never_with_count():
    rule = Rule("monthly", weekdays=("WE",), week_of_month=4, count=12)
    first = aware(2026, 1, 28, 19, 30)
    last = recurrence.rule_starts(rule, first.replace(tzinfo=None))[-1].replace(tzinfo=AMS)
    text = recurrence.rrule_text(rule, first, last, False, AMS)
    assert text == "FREQ=MONTHLY;BYDAY=4WE;UNTIL=20261223T183000Z"
    assert "COUNT" not in text


def test_the_rrule_of_whole_days_ends_with_a_date():
    rule = Rule("weekly", interval=2, weekdays=("SA",), until=dt.date(2026, 8, 29))
    first = aware(2026, 6, 6)
    text = recurrence.rrule_text(rule, first, aware(2026, 8, 29), True, AMS)
    assert text == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;WKST=MO;UNTIL=20260829"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (FOURTH_WEDNESDAY, "elke vierde woensdag van de maand"),
        (Rule("monthly", weekdays=("FR",), week_of_month=-1, count=2), "elke laatste vrijdag"),
        (Rule("weekly", weekdays=("MO", "TH"), count=4), "elke maandag en donderdag"),
        (Rule("weekly", interval=2, count=4), "elke 2 weken op woensdag"),
        (Rule("daily", count=3), "elke dag"),
        (Rule("monthly", count=3), "elke maand op dag 28"),
    ],
)
def test_the_rule_in_dutch_words(rule, expected):
    with translation.override("nl"):
        assert recurrence.describe(rule, dt.date(2026, 1, 28)).startswith(expected)


def test_the_dates_in_dutch_words():
    starts = [aware(2026, 6, 24, 19, 30), aware(2026, 7, 22, 19, 30), aware(2026, 8, 26, 19, 30)]
    with translation.override("nl"):
        text = recurrence.format_dates(starts, limit=2)
    assert text == "woensdag 24 juni 2026, 19:30; woensdag 22 juli 2026, 19:30; …"


def test_the_sequence_of_a_changed_date_rises_with_a_published_move_and_never_falls():
    memory = recurrence.next_exception_sequences({}, {"2026-09-23": "a"}, 0)
    assert memory["2026-09-23"][0] == 0
    memory = recurrence.next_exception_sequences(memory, {"2026-09-23": "b"}, 0)
    assert memory["2026-09-23"][0] == 1
    # A draft does not count; the same values again do not either.
    assert recurrence.next_exception_sequences(memory, {"2026-09-23": "c"}, 0, False)["2026-09-23"][
        0
    ] == (1)
    assert recurrence.next_exception_sequences(memory, {"2026-09-23": "b"}, 0)["2026-09-23"][0] == 1
    # Changed back, then changed again: higher than before.
    memory = recurrence.next_exception_sequences(memory, {}, 0)
    memory = recurrence.next_exception_sequences(memory, {"2026-09-23": "b"}, 0)
    assert memory["2026-09-23"][0] == 2
    # The series' own sequence is a floor.
    assert recurrence.next_exception_sequences(memory, {"2026-09-23": "b"}, 5)["2026-09-23"][0] == 5
