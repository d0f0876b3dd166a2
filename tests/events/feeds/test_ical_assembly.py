"""A calendar assembled from stored VEVENTs: the bytes of a full build, and a changed value
(a renamed theme, a moved parent's slug, another language) is never answered from the store."""

import datetime as dt
from dataclasses import replace

from django.utils import translation
from django.utils.translation import gettext_lazy

from jeugdzorg_wagtail.events import ical
from tests.utils import aware

CALENDAR = ical.FeedCalendar(
    name="Jeugdzorgnetwerk – Agenda",
    time_zone="Europe/Amsterdam",
    description="Bijeenkomsten voor professionals",
    url="https://agenda.example.org/agenda/ical/",
)


def sessions():
    first = ical.FeedSession(
        uid="session-1@agenda.example.org",
        title="Themacafé: samen rond het gezin",
        start=aware(2026, 6, 10, 19),
        end=aware(2026, 6, 10, 21),
        venue="Het Petrahuis",
        city="Oegstgeest",
        intro="Een avond over samenwerken.",
        url="https://agenda.example.org/agenda/themacafe/",
        categories=("Workshop", "Gezin"),
        sequence=2,
        created=aware(2026, 5, 1, 9),
        last_modified=aware(2026, 5, 20, 9),
    )
    series = replace(
        first,
        uid="session-2@agenda.example.org",
        title="Vervolgavond",
        rrule="FREQ=WEEKLY;UNTIL=20260930T173000Z",
        exdates=(aware(2026, 6, 24, 19),),
        overrides=(
            ical.FeedOverride(
                recurrence_id=aware(2026, 7, 1, 19),
                start=aware(2026, 7, 1, 20),
                end=aware(2026, 7, 1, 22),
                venue="Bibliotheek Oegstgeest",
                note="Deze keer in de bibliotheek",
                sequence=3,
            ),
        ),
    )
    day = replace(
        first,
        uid="session-3@agenda.example.org",
        title="Congres jeugdhulp",
        start=aware(2026, 7, 4),
        end=aware(2026, 7, 5),
        all_day=True,
        status=ical.CANCELLED,
    )
    online = replace(
        first,
        uid="session-4@agenda.example.org",
        status=ical.MOVED_ONLINE,
        online_url="https://meet.example.org/themacafe",
    )
    return [first, series, day, online]


def test_an_assembled_calendar_is_the_full_build_cold_and_warm():
    store = ical.VEventCache()
    values = sessions()
    full = ical.build_calendar(CALENDAR, values)
    assert ical.assemble_calendar(CALENDAR, values, store) == full
    assert len(store) == len(values)
    assert ical.assemble_calendar(CALENDAR, values, store) == full
    assert len(store) == len(values)
    assert ical.assemble_calendar(CALENDAR, [], store) == ical.build_calendar(CALENDAR, [])


def test_a_changed_value_gives_new_bytes_and_leaves_the_rest_stored():
    store = ical.VEventCache()
    values = sessions()
    before = ical.assemble_calendar(CALENDAR, values, store)
    renamed = [replace(values[0], categories=("Workshop", "Gezin en opvoeding")), *values[1:]]
    moved = [
        *values[:3],
        replace(values[3], url="https://agenda.example.org/regio-noord/themacafe/"),
    ]
    for changed in (renamed, moved):
        after = ical.assemble_calendar(CALENDAR, changed, store)
        assert after != before
        assert after == ical.build_calendar(CALENDAR, changed)
    assert b"CATEGORIES:Workshop,Gezin en opvoeding\r\n" in ical.assemble_calendar(
        CALENDAR, renamed, store
    )
    assert len(store) == len(values) + 2  # one new VEVENT per change, the others reused


def test_the_translated_words_and_the_time_zone_are_part_of_the_key():
    store = ical.VEventCache()
    values = sessions()
    with translation.override("en"):
        english = ical.assemble_calendar(CALENDAR, values, store)
    with translation.override("nl"):
        dutch = ical.assemble_calendar(CALENDAR, values, store)
        assert dutch == ical.build_calendar(CALENDAR, values)
    assert b"SUMMARY:Cancelled: Congres jeugdhulp" in english
    assert b"SUMMARY:Geannuleerd: Congres jeugdhulp" in dutch
    london = replace(CALENDAR, time_zone="Europe/London")
    assert ical.assemble_calendar(london, values, store) == ical.build_calendar(london, values)


def test_the_store_keeps_the_most_recently_used():
    store = ical.VEventCache(maxsize=2)
    values = sessions()
    full = ical.build_calendar(CALENDAR, values)
    assert ical.assemble_calendar(CALENDAR, values, store) == full
    assert len(store) == 2
    assert ical.assemble_calendar(CALENDAR, values, store) == full


def test_a_lazy_translation_is_stored_by_its_text_in_the_active_language():
    store = ical.VEventCache()
    lazy = [replace(sessions()[0], title=gettext_lazy("Cancelled"))]
    for language, title in (("en", b"Cancelled"), ("nl", b"Geannuleerd"), ("en", b"Cancelled")):
        with translation.override(language):
            content = ical.assemble_calendar(CALENDAR, lazy, store)
            assert content == ical.build_calendar(CALENDAR, lazy)
            assert b"SUMMARY:" + title + b"\r\n" in content
    assert len(store) == 2


def test_a_whole_day_without_end_and_a_timed_session_without_end():
    store = ical.VEventCache()
    values = [
        replace(sessions()[2], end=None),
        replace(sessions()[0], end=None, start=aware(2026, 6, 10, 19) + dt.timedelta(minutes=1)),
    ]
    assert ical.assemble_calendar(CALENDAR, values, store) == ical.build_calendar(CALENDAR, values)
