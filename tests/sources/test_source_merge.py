"""What a fetch does to a source's events: new, changed, removed and unchanged, decided by
UID, SEQUENCE, LAST-MODIFIED and the fingerprint of what is shown; the editor's choices stay."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jeugdzorg_wagtail.models import EventType, Region, TargetGroup, Theme
from jeugdzorg_wagtail.sources.importing import fetch_source

from .conftest import calendar, counts, event_rows, vevent

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def evening(n, **properties):
    """Event ``n``: an evening in March 2030, 19:00-21:00 in Amsterdam."""
    values = {
        "DTSTART": f";TZID=Europe/Amsterdam:203003{n + 1:02d}T190000",
        "DTEND": f";TZID=Europe/Amsterdam:203003{n + 1:02d}T210000",
        "SUMMARY": f"Avond {n}",
    }
    values.update(properties)
    return vevent(f"avond-{n}@partner.example", **values)


def feed(*components):
    return calendar(*components)


def serve_conditionally(feed_server, body, etag):
    """Serve ``body`` with ``etag``; answer 304 to a request that sends it back."""

    @feed_server.route("/agenda.ics")
    def handler(h):
        if h.headers.get("If-None-Match") == etag:
            h.send_body(b"", status=304, content_type=None, headers={"ETag": etag})
        else:
            h.send_body(body, headers={"ETag": etag})


def test_the_first_fetch_brings_every_event_as_new(feed_server, partner):
    feed_server.serve(
        "/agenda.ics",
        feed(
            evening(0, DESCRIPTION="<p>Welkom <b>allemaal</b></p><script>alert(1)</script>",
                    URL="https://partner.example/avond-0", LOCATION="Buurthuis, Utrecht"),
            evening(1, URL="javascript:alert(1)"),
            vevent("dag@partner.example", DTSTART=";VALUE=DATE:20300401",
                   DTEND=";VALUE=DATE:20300403", SUMMARY="Congres"),
        ),
    )  # fmt: skip

    outcome = fetch_source(partner)

    assert outcome.state == "imported"
    assert counts(partner) == {"new": 3, "changed": 0, "removed": 0, "unchanged": 0}
    rows = event_rows(partner)
    first = rows["avond-0@partner.example"]
    assert first.summary == "Avond 0"
    assert first.start == dt.datetime(2030, 3, 1, 19, tzinfo=AMS)
    assert first.end == dt.datetime(2030, 3, 1, 21, tzinfo=AMS)
    assert first.timezone == "Europe/Amsterdam"
    assert not first.all_day and not first.is_recurring
    assert first.description == "Welkom allemaal"  # plain text: no tags, no script
    assert first.url == "https://partner.example/avond-0"
    assert first.location == "Buurthuis, Utrecht"
    assert first.status == "CONFIRMED"
    assert rows["avond-1@partner.example"].url == ""  # only http(s) links are kept
    day = rows["dag@partner.example"]
    assert day.all_day
    assert day.start == dt.datetime(2030, 4, 1, tzinfo=AMS)  # midnight in the calendar zone
    assert day.end == dt.datetime(2030, 4, 3, tzinfo=AMS)  # exclusive, as in iCal
    assert (day.start_date, day.last_date) == (dt.date(2030, 4, 1), dt.date(2030, 4, 2))
    assert (
        outcome.message
        == "“Jeugdzorg Zuid” opgehaald: 3 nieuw, 0 gewijzigd, 0 verwijderd, 0 ongewijzigd."
    )


def test_new_events_get_the_sources_classification(feed_server, partner):
    region = Region.objects.create(name="Limburg")
    event_type = EventType.objects.create(name="Themacafé")
    theme = Theme.objects.create(name="De professional")
    group = TargetGroup.objects.create(name="Jeugdwerk")
    partner.region, partner.event_type = region, event_type
    partner.save()
    partner.themes.set([theme])
    partner.target_groups.set([group])
    feed_server.serve("/agenda.ics", feed(evening(0), evening(1)))

    fetch_source(partner)

    for row in event_rows(partner).values():
        assert (row.region, row.event_type) == (region, event_type)
        assert list(row.themes.all()) == [theme]
        assert list(row.target_groups.all()) == [group]


def test_a_304_answer_leaves_every_event_unchanged(feed_server, partner):
    serve_conditionally(feed_server, feed(evening(0), evening(1)), etag='"v1"')
    fetch_source(partner)
    before = {row.uid: row.changed_at for row in partner.events.all()}
    partner.refresh_from_db()

    outcome = fetch_source(partner, now=partner.last_attempt_at + dt.timedelta(hours=1))

    assert feed_server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert outcome.state == "not_modified"
    assert counts(partner) == {"new": 0, "changed": 0, "removed": 0, "unchanged": 2}
    assert partner.last_result == "not_modified"
    assert {row.uid: row.changed_at for row in partner.events.all()} == before
    assert outcome.message == "“Jeugdzorg Zuid” is niet veranderd sinds de vorige keer."


def test_the_same_feed_again_changes_nothing(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(*(evening(n) for n in range(5))))
    fetch_source(partner)
    before = {row.uid: (row.changed_at, row.fingerprint) for row in partner.events.all()}

    fetch_source(partner, now=partner.last_attempt_at + dt.timedelta(hours=1))

    assert counts(partner) == {"new": 0, "changed": 0, "removed": 0, "unchanged": 5}
    assert {r.uid: (r.changed_at, r.fingerprint) for r in partner.events.all()} == before


def test_ten_changed_events_of_thirty_are_counted_and_written(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(*(evening(n) for n in range(30))))
    fetch_source(partner)
    changed = [evening(n, SUMMARY=f"Avond {n}, nieuwe opzet") for n in range(10)]
    feed_server.serve("/agenda.ics", feed(*changed, *(evening(n) for n in range(10, 30))))

    fetch_source(partner)

    assert counts(partner) == {"new": 0, "changed": 10, "removed": 0, "unchanged": 20}
    rows = event_rows(partner)
    assert rows["avond-3@partner.example"].summary == "Avond 3, nieuwe opzet"
    assert rows["avond-13@partner.example"].summary == "Avond 13"


def queries_of_fetches(feed_server, partner, size):
    """The queries of a first fetch of ``size`` events, and of one with 2 of them changed."""
    partner.events.all().delete()
    partner.etag = partner.last_modified_header = ""
    partner.save()
    feed_server.serve("/agenda.ics", feed(*(evening(n) for n in range(size))))
    with CaptureQueriesContext(connection) as first:
        fetch_source(partner)
    changed = [evening(n, SUMMARY=f"Avond {n}, verzet") for n in range(2)]
    feed_server.serve("/agenda.ics", feed(*changed, *(evening(n) for n in range(2, size))))
    with CaptureQueriesContext(connection) as second:
        fetch_source(partner)
    assert counts(partner) == {"new": 0, "changed": 2, "removed": 0, "unchanged": size - 2}
    return len(first), len(second)


def test_the_queries_of_a_fetch_do_not_grow_with_its_events(feed_server, partner):
    assert queries_of_fetches(feed_server, partner, 25) == queries_of_fetches(
        feed_server, partner, 5
    )


def test_events_that_leave_the_feed_are_removed_and_come_back_as_they_were(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0), evening(1), evening(2)))
    fetch_source(partner)
    region = Region.objects.create(name="Utrecht")
    row = event_rows(partner)["avond-2@partner.example"]
    row.region, row.hidden, row.taxonomy_edited = region, True, True
    row.save()

    feed_server.serve("/agenda.ics", feed(evening(0)))
    fetch_source(partner)

    assert counts(partner) == {"new": 0, "changed": 0, "removed": 2, "unchanged": 1}
    assert set(event_rows(partner)) == {"avond-0@partner.example"}
    assert partner.events.filter(removed_at__isnull=False).count() == 2

    feed_server.serve("/agenda.ics", feed(evening(0), evening(2, SUMMARY="Avond 2, terug")))
    fetch_source(partner)

    assert counts(partner) == {"new": 1, "changed": 0, "removed": 0, "unchanged": 1}
    back = event_rows(partner)["avond-2@partner.example"]
    assert back.summary == "Avond 2, terug"
    assert (back.region, back.hidden) == (region, True)


def test_removed_events_are_deleted_after_the_days_they_are_kept(feed_server, partner,
                                                                   source_settings):  # fmt: skip
    source_settings(SOURCES_KEEP_REMOVED_DAYS=30)
    feed_server.serve("/agenda.ics", feed(evening(0), evening(1)))
    fetch_source(partner)
    feed_server.serve("/agenda.ics", feed(evening(0)))
    removed_at = partner.last_attempt_at + dt.timedelta(hours=1)
    fetch_source(partner, now=removed_at)

    fetch_source(partner, now=removed_at + dt.timedelta(days=29))
    assert partner.events.count() == 2
    fetch_source(partner, now=removed_at + dt.timedelta(days=31))
    assert list(partner.events.values_list("uid", flat=True)) == ["avond-0@partner.example"]


def test_a_cancelled_event_stays_with_its_status(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0), evening(1)))
    fetch_source(partner)
    feed_server.serve("/agenda.ics", feed(evening(0, STATUS="CANCELLED", SEQUENCE="1"), evening(1)))

    fetch_source(partner)

    assert counts(partner) == {"new": 0, "changed": 1, "removed": 0, "unchanged": 1}
    row = event_rows(partner)["avond-0@partner.example"]
    assert row.status == "CANCELLED" and row.cancelled
    assert row.removed_at is None


def test_a_higher_sequence_is_a_change_even_when_nothing_shown_changed(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0, SEQUENCE="1")))
    fetch_source(partner)
    feed_server.serve("/agenda.ics", feed(evening(0, SEQUENCE="2")))

    fetch_source(partner)

    assert counts(partner)["changed"] == 1
    assert event_rows(partner)["avond-0@partner.example"].sequence == 2


@pytest.mark.parametrize(
    "stored, served",
    [
        ({"SEQUENCE": "3"}, {"SEQUENCE": "2"}),
        (
            {"SEQUENCE": "1", "LAST_MODIFIED": "20300101T120000Z"},
            {"SEQUENCE": "1", "LAST_MODIFIED": "20291231T120000Z"},
        ),
    ],
    ids=["lower SEQUENCE", "same SEQUENCE, earlier LAST-MODIFIED"],
)
def test_an_older_version_of_an_event_does_not_replace_the_stored_one(
    feed_server, partner, stored, served
):
    feed_server.serve("/agenda.ics", feed(evening(0, **stored)))
    fetch_source(partner)
    feed_server.serve("/agenda.ics", feed(evening(0, SUMMARY="Oude versie", **served)))

    fetch_source(partner)

    assert counts(partner) == {"new": 0, "changed": 0, "removed": 0, "unchanged": 1}
    assert event_rows(partner)["avond-0@partner.example"].summary == "Avond 0"


def test_a_partner_who_never_raises_sequence_is_still_followed(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0)))
    fetch_source(partner)
    feed_server.serve("/agenda.ics", feed(evening(0, LOCATION="Stadhuis, Utrecht")))

    fetch_source(partner)

    assert counts(partner)["changed"] == 1
    assert event_rows(partner)["avond-0@partner.example"].location == "Stadhuis, Utrecht"


def test_a_new_dtstamp_alone_is_no_change(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0)))
    fetch_source(partner)
    body = feed(evening(0)).replace(b"DTSTAMP:20250101T090000Z", b"DTSTAMP:20300101T000000Z")
    feed_server.serve("/agenda.ics", body)

    fetch_source(partner)

    assert counts(partner)["unchanged"] == 1


def test_what_the_editor_set_stays_when_the_partner_changes_the_event(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(evening(0)))
    fetch_source(partner)
    row = event_rows(partner)["avond-0@partner.example"]
    theme = Theme.objects.create(name="Jongeren en ouders")
    row.hidden, row.taxonomy_edited = True, True
    row.save()
    row.themes.set([theme])
    feed_server.serve("/agenda.ics", feed(evening(0, SUMMARY="Avond 0 (verplaatst)", SEQUENCE="1")))

    fetch_source(partner)

    row.refresh_from_db()
    assert row.summary == "Avond 0 (verplaatst)"
    assert row.hidden
    assert list(row.themes.all()) == [theme]


SERIES = {
    "DTSTART": ";TZID=Europe/Amsterdam:20300306T193000",
    "DTEND": ";TZID=Europe/Amsterdam:20300306T213000",
    "RRULE": "FREQ=WEEKLY;UNTIL=20300501T000000Z",
    "EXDATE": ";TZID=Europe/Amsterdam:20300320T193000",
    "SUMMARY": "Inloopavond",
}


def moved(day, hour, **properties):
    return vevent(
        "serie@partner.example",
        RECURRENCE_ID=f";TZID=Europe/Amsterdam:203004{day:02d}T193000",
        DTSTART=f";TZID=Europe/Amsterdam:203004{day:02d}T{hour:02d}0000",
        DTEND=f";TZID=Europe/Amsterdam:203004{day:02d}T{hour + 2:02d}0000",
        SUMMARY="Inloopavond",
        **properties,
    )


def starts(row):
    window = {
        "start": dt.datetime(2030, 1, 1, tzinfo=AMS),
        "end": dt.datetime(2031, 1, 1, tzinfo=AMS),
    }
    return [(o.start, o.event.status) for o in row.occurrences(**window)]


def test_a_series_keeps_its_rule_left_out_dates_and_changed_dates(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(vevent("serie@partner.example", **SERIES), moved(3, 20)))

    fetch_source(partner)

    assert counts(partner)["new"] == 1  # a series with its changed date is one event
    row = event_rows(partner)["serie@partner.example"]
    assert row.is_recurring
    dates = starts(row)
    assert dt.datetime(2030, 3, 20, 19, 30, tzinfo=AMS) not in [d for d, _s in dates]
    assert (dt.datetime(2030, 4, 3, 20, tzinfo=AMS), "CONFIRMED") in dates  # moved
    assert (dt.datetime(2030, 4, 10, 19, 30, tzinfo=AMS), "CONFIRMED") in dates  # summer time
    assert len(dates) == 7  # 6 March to 24 April, without 20 March


def test_a_changed_date_of_a_series_changes_the_series(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(vevent("serie@partner.example", **SERIES), moved(3, 20)))
    fetch_source(partner)
    feed_server.serve(
        "/agenda.ics",
        feed(
            vevent("serie@partner.example", **SERIES),
            moved(3, 20),
            moved(17, 19, STATUS="CANCELLED", SEQUENCE="1"),
        ),
    )

    fetch_source(partner)

    assert counts(partner) == {"new": 0, "changed": 1, "removed": 0, "unchanged": 0}
    dates = starts(event_rows(partner)["serie@partner.example"])
    assert (dt.datetime(2030, 4, 17, 19, tzinfo=AMS), "CANCELLED") in dates


def test_a_changed_date_without_its_series_is_an_event_of_its_own(feed_server, partner):
    feed_server.serve("/agenda.ics", feed(moved(3, 20)))

    fetch_source(partner)

    [row] = partner.events.all()
    assert row.recurrence_key == "20300403T173000Z"
    assert row.start == dt.datetime(2030, 4, 3, 20, tzinfo=AMS)
    assert starts(row) == [(dt.datetime(2030, 4, 3, 20, tzinfo=AMS), "CONFIRMED")]
