"""The agenda's own iCal feed with its partners' events (``SOURCES_IN_FEEDS``): their own
UID, SEQUENCE and LAST-MODIFIED, a series as RRULE, EXDATE and RECURRENCE-ID; and the stored
feed is dropped when a fetch changes something, kept when it changes nothing."""

import datetime as dt

import icalendar
import pytest

from jeugdzorg_wagtail.events import feed_cache
from jeugdzorg_wagtail.models import EventType
from jeugdzorg_wagtail.sources.importing import import_content
from tests.utils import aware, make_event, make_source, partner_feed

from .test_partner_events_in_agenda import EVENTS, PARTNER_EVENTS

NOW = dt.datetime(2030, 1, 10, 12, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db

WITH_SEQUENCE = [
    (*PARTNER_EVENTS[0][:4], {**PARTNER_EVENTS[0][4], "SEQUENCE": "3",
                              "LAST-MODIFIED": "20291201T080000Z"}),
    *PARTNER_EVENTS[1:],
]  # fmt: skip


@pytest.fixture
def source(agenda):
    make_event(agenda, title="Themacafé", sessions=[{"start": aware(2030, 2, 5, 19)}])
    source = make_source("Jeugdzorg Zuid", agendas=[agenda])
    assert import_content(source, partner_feed(*WITH_SEQUENCE)).ok
    return source


@pytest.fixture
def in_feeds(settings):
    settings.JEUGDZORG_WAGTAIL = {"SOURCES_IN_FEEDS": True}


def vevents(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def by_uid(response):
    events = {}
    for event in vevents(response):
        events.setdefault(str(event["UID"]), []).append(event)
    return events


def test_by_default_the_feed_holds_only_the_agendas_own_events(source, client):
    uids = set(by_uid(client.get("/agenda/ical/")))
    assert len(uids) == 1 and next(iter(uids)).startswith("session-")


def test_with_the_setting_the_feed_holds_the_partners_events_as_they_are(source, client, in_feeds):
    events = by_uid(client.get("/agenda/ical/"))
    assert set(events) == {
        next(u for u in events if u.startswith("session-")),
        "reeks@zuid.example",
        "afgelast@zuid.example",
        "zonderlink@zuid.example",
        "congres@zuid.example",
    }
    series, changed = sorted(events["reeks@zuid.example"], key=lambda e: "RECURRENCE-ID" in e)
    assert series["SUMMARY"] == "Inloopavond pleegzorg"
    assert series["SEQUENCE"] == 3
    assert series["LAST-MODIFIED"].dt == dt.datetime(2029, 12, 1, 8, tzinfo=dt.UTC)
    assert series["DTSTART"].dt == aware(2030, 1, 17, 19)
    assert series["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=4"
    assert [d.dt for d in series["EXDATE"].dts] == [aware(2030, 1, 24, 19)]
    assert str(series["URL"]) == "https://zuid.example/inloop"
    assert changed["RECURRENCE-ID"].dt == aware(2030, 1, 31, 19)
    assert changed["DTSTART"].dt == aware(2030, 2, 1, 20)
    (cancelled,) = events["afgelast@zuid.example"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    (congress,) = events["congres@zuid.example"]
    assert congress["DTSTART"].dt == dt.date(2030, 3, 4)
    assert congress["DTEND"].dt == dt.date(2030, 3, 6)
    (no_link,) = events["zonderlink@zuid.example"]
    assert "URL" not in no_link


def test_the_feeds_filters_and_hiding_apply_to_them(source, client, admin_client, in_feeds):
    kind = EventType.objects.create(name="Inloop")
    series = source.events.get(uid="reeks@zuid.example")
    admin_client.post(f"{EVENTS}edit/{series.pk}/", {"event_type": kind.pk})
    assert set(by_uid(client.get("/agenda/ical/?type=inloop"))) == {"reeks@zuid.example"}
    admin_client.post(f"{EVENTS}hide/{series.pk}/")
    assert "reeks@zuid.example" not in by_uid(client.get("/agenda/ical/"))


def test_a_fetch_that_changes_something_drops_the_stored_feed_one_that_does_not_keeps_it(
    source, client, in_feeds, agenda
):
    first = client.get("/agenda/ical/")
    keys = feed_cache.path_keys(agenda.path)
    generations = feed_cache.get_cache().get_many(keys)
    assert generations

    assert import_content(source, partner_feed(*WITH_SEQUENCE)).ok  # nothing changed
    assert feed_cache.get_cache().get_many(keys) == generations
    again = client.get("/agenda/ical/")
    assert again["ETag"] == first["ETag"] and again.content == first.content

    changed = [list(e) for e in WITH_SEQUENCE]
    changed[3][1] = "Spreekuur jeugdarts"
    changed[3][4] = {"SEQUENCE": "1"}
    assert import_content(source, partner_feed(*changed)).ok
    assert feed_cache.get_cache().get_many(keys) != generations
    (spreekuur,) = by_uid(client.get("/agenda/ical/"))["zonderlink@zuid.example"]
    assert spreekuur["SUMMARY"] == "Spreekuur jeugdarts"
    assert spreekuur["SEQUENCE"] == 1
