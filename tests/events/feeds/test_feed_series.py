"""A repeating session in the feed: one VEVENT with RRULE and EXDATE, and a VEVENT with
RECURRENCE-ID per changed date, read back alike by three independent parsers."""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
import vobject
from dateutil import rrule as du

from tests.ical_parsers import events
from tests.utils import AMS, aware, edit_sessions, make_event

NOW = aware(2026, 1, 10, 12)
UTC = dt.UTC

# Every second Wednesday at 19:30 from 4 March to 25 November 2026: across the change to
# summer time (29 March) and back (25 October).
SERIES = {
    "start": aware(2026, 3, 4, 19, 30),
    "end": aware(2026, 3, 4, 21, 30),
    "city": "Oegstgeest",
    "venue": "Het Petrahuis",
    "repeat_frequency": "weekly",
    "repeat_interval": 2,
    "repeat_weekdays": "WE",
    "repeat_until": dt.date(2026, 11, 25),
}
SKIPPED = dt.date(2026, 7, 22)
CHANGED = dt.date(2026, 10, 28)


@pytest.fixture
def series(agenda):
    event = make_event(agenda, "Vervolgavond themacafé", sessions=[SERIES])
    session = event.sessions.get()
    session.repeat_exceptions = [
        ("skip", {"date": SKIPPED}),
        (
            "change",
            {
                "date": CHANGED,
                "status": "scheduled",
                "start_time": dt.time(20),
                "venue": "Bibliotheek Oegstgeest",
                "note": "Deze keer in de bibliotheek",
            },
        ),
    ]
    page = type(event).objects.get(pk=event.pk)
    page.sessions = [session]
    page.save_revision().publish()
    return page


def feed(client):
    response = client.get("/agenda/ical/")
    assert response.status_code == 200
    return response.content


def expected_instants():
    days = []
    day = dt.date(2026, 3, 4)
    while day <= dt.date(2026, 11, 25):
        if day != SKIPPED:
            days.append(day)
        day += dt.timedelta(days=14)
    starts = [
        dt.datetime.combine(d, dt.time(20) if d == CHANGED else dt.time(19, 30), AMS) for d in days
    ]
    return sorted(s.astimezone(UTC) for s in starts)


def with_icalendar(data):
    """icalendar reads the components; dateutil expands the RRULE it read."""
    calendar = icalendar.Calendar.from_ical(data)
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    start = master.decoded("DTSTART")
    rule = du.rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
    exdates = {d.dt for d in master["EXDATE"].dts}
    overrides = {
        e.decoded("RECURRENCE-ID"): e.decoded("DTSTART")
        for e in calendar.walk("VEVENT")
        if "RECURRENCE-ID" in e
    }
    result = []
    for wall in rule:
        if wall in exdates:
            continue
        result.append(overrides.get(wall, wall))
    return sorted(s.astimezone(UTC) for s in result)


def with_recurring_ical_events(data):
    calendar = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in found)


def with_vobject(data):
    calendar = vobject.readOne(data.decode())
    master = next(e for e in calendar.vevent_list if hasattr(e, "rrule"))
    overrides = {
        e.recurrence_id.value.astimezone(UTC): e.dtstart.value
        for e in calendar.vevent_list
        if hasattr(e, "recurrence_id")
    }
    starts = [overrides.get(s.astimezone(UTC), s) for s in master.getrruleset(addRDate=True)]
    return sorted(s.astimezone(UTC) for s in starts)


@pytest.mark.django_db
def test_three_parsers_give_the_same_dates_across_both_daylight_saving_changes(client, series):
    data = feed(client)
    expected = expected_instants()
    assert len(expected) == 19
    assert with_icalendar(data) == expected
    assert with_recurring_ical_events(data) == expected
    assert with_vobject(data) == expected
    # 19:30 on the wall clock before, between and after the changes.
    walls = {s.astimezone(AMS).time() for s in expected}
    assert walls == {dt.time(19, 30), dt.time(20)}


@pytest.mark.django_db
def test_the_series_is_one_vevent_with_an_rrule_in_the_calendar_zone_ended_in_utc(client, series):
    data = feed(client)
    text = data.decode().replace("\r\n ", "")
    (master_uid,) = set(events(data))
    assert "DTSTART;TZID=Europe/Amsterdam:20260304T193000" in text
    (rrule,) = [line for line in text.split("\r\n") if line.startswith("RRULE:FREQ=WEEKLY")]
    parts = set(rrule.removeprefix("RRULE:").split(";"))
    assert parts == {"FREQ=WEEKLY", "INTERVAL=2", "BYDAY=WE", "WKST=MO", "UNTIL=20261125T183000Z"}
    assert "COUNT" not in text
    assert "EXDATE;TZID=Europe/Amsterdam:20260722T193000" in text
    assert "BEGIN:VTIMEZONE" in text
    vevents = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(vevents) == 2
    (override,) = [e for e in vevents if "RECURRENCE-ID" in e]
    assert str(override["UID"]) == master_uid
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20261028T193000" in text
    assert override.decoded("DTSTART") == aware(2026, 10, 28, 20)
    assert override.decoded("DTEND") == aware(2026, 10, 28, 22)
    assert "Bibliotheek Oegstgeest" in str(override["LOCATION"])
    assert "RRULE" not in override


def sequences(client):
    vevents = icalendar.Calendar.from_ical(feed(client)).walk("VEVENT")
    master = next(e for e in vevents if "RRULE" in e)
    override = next(e for e in vevents if "RECURRENCE-ID" in e)
    return int(master["SEQUENCE"]), int(override["SEQUENCE"])


@pytest.mark.django_db
def test_a_changed_date_has_its_own_sequence_that_only_rises(client, series):
    series_seq, date_seq = sequences(client)
    # Moving only the changed date raises its SEQUENCE, not the series'.
    session = series.sessions.get()
    blocks = session.repeat_exceptions.raw_data
    blocks[1]["value"]["start_time"] = "20:15:00"
    edit_sessions(series, repeat_exceptions=blocks)
    assert sequences(client) == (series_seq, date_seq + 1)
    # Leaving out one more date changes the series: its SEQUENCE rises, the date's follows.
    blocks.append({"type": "skip", "value": {"date": "2026-11-11"}})
    edit_sessions(series, repeat_exceptions=blocks)
    new_series_seq, new_date_seq = sequences(client)
    assert new_series_seq == series_seq + 1
    assert new_date_seq >= date_seq + 1
    # A draft changes nothing in the feed.
    blocks[1]["value"]["start_time"] = "21:00:00"
    edit_sessions(series, publish=False, repeat_exceptions=blocks)
    assert sequences(client) == (new_series_seq, new_date_seq)


@pytest.mark.django_db
def test_conditional_get_and_the_cache_keep_working_for_a_series(client, series):
    first = client.get("/agenda/ical/")
    again = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    edit_sessions(series, repeat_until=dt.date(2026, 12, 23))
    changed = client.get("/agenda/ical/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"UNTIL=20261223T183000Z" in changed.content.replace(b"\r\n ", b"")
