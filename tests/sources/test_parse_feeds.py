"""How a feed is read as a whole: decoding, what is refused, the cap on events."""

import codecs

import pytest

from jeugdzorg_wagtail.sources.fetching import fetch
from jeugdzorg_wagtail.sources.parsing import ParseError, parse

from .conftest import calendar, vevent

NOT_ICAL = "Dit bestand is geen iCal-agenda."
ONE_EVENT = vevent(DTSTART="20250312T190000Z", SUMMARY="Caf\u00e9 jeugdhulp \u20ac")


def test_a_feed_in_utf8_is_read_without_notes():
    feed = parse(calendar(ONE_EVENT, header="X-WR-CALNAME:Agenda Jeugdzorg Regio Oost"))

    [event] = feed.events
    assert event.summary == "Caf\u00e9 jeugdhulp \u20ac"
    assert feed.notes == []
    assert feed.problems == []
    assert feed.encoding == "utf-8"
    assert feed.name == "Agenda Jeugdzorg Regio Oost"


def test_a_byte_order_mark_is_no_problem():
    for data in (
        codecs.BOM_UTF8 + calendar(ONE_EVENT),
        calendar(ONE_EVENT).decode("utf-8").encode("utf-16"),  # with its own mark
    ):
        feed = parse(data)
        assert feed.events[0].summary == "Caf\u00e9 jeugdhulp \u20ac"
        assert feed.notes == []


def test_windows_1252_is_read_with_a_note():
    data = calendar(ONE_EVENT).decode("utf-8").encode("cp1252")

    feed = parse(data)

    assert feed.events[0].summary == "Caf\u00e9 jeugdhulp \u20ac"
    assert feed.encoding == "cp1252"
    [note] = feed.notes
    assert note.code == "encoding"
    assert note.message == (
        "De agenda is niet in UTF-8 opgeslagen; de tekens zijn gelezen als Windows-1252."
    )


def test_the_declared_charset_is_used_when_the_bytes_are_not_utf8():
    data = calendar(vevent(DTSTART="20250312T190000Z", SUMMARY="Prijs: 5 \u20ac")).decode()
    data = data.encode("iso-8859-15")  # the euro sign is 0xA4 here, not in Windows-1252

    assert parse(data, charset="iso-8859-15").events[0].summary == "Prijs: 5 \u20ac"
    assert parse(data).events[0].summary == "Prijs: 5 \u00a4"


def test_bytes_no_encoding_knows_are_read_as_latin1():
    data = calendar(vevent(DTSTART="20250312T190000Z", SUMMARY="qq")).replace(b"qq", b"\x81\x8d")

    feed = parse(data)

    assert feed.encoding == "latin-1"
    assert feed.events[0].summary == ""  # two control characters, removed
    assert "Latin-1" in feed.notes[0].message


def test_a_fetched_feed_in_another_charset_is_read_with_the_servers_charset(
    feed_server, source_settings
):
    data = calendar(vevent(DTSTART="20250312T190000Z", SUMMARY="Kosten 5 \u20ac")).decode()
    feed_server.serve(
        "/agenda.ics", data.encode("iso-8859-15"), content_type="text/plain; charset=ISO-8859-15"
    )

    fetched = fetch(feed_server.url("/agenda.ics"))
    feed = parse(fetched.content, charset=fetched.charset)

    assert feed.events[0].summary == "Kosten 5 \u20ac"


@pytest.mark.parametrize(
    "data, code, message",
    [
        (b"", "empty", "Het agendabestand is leeg."),
        (b"  \r\n ", "empty", "Het agendabestand is leeg."),
        (
            b"<!DOCTYPE html><html><head><title>Agenda</title></head></html>",
            "web_page",
            "Dit adres geeft een webpagina, geen agenda. Gebruik de link naar het "
            "agendabestand zelf (iCal, vaak eindigend op .ics).",
        ),
        (b'["vcalendar", [], []]', "not_calendar", NOT_ICAL),
        (b"Datum;Titel\r\n2025-03-12;Inloop\r\n", "not_calendar", NOT_ICAL),
        (b"BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT\r\n", "not_calendar", NOT_ICAL),
        (
            calendar(ONE_EVENT)[:-40],
            "truncated",
            "Het agendabestand is onvolledig: het einde ontbreekt.",
        ),
        (
            b"BEGIN:VCALENDAR\r\nthis line is no property\r\nEND:VCALENDAR\r\n",
            "damaged",
            "Het agendabestand is beschadigd en kan niet worden gelezen.",
        ),
    ],
)  # fmt: skip
def test_what_is_no_usable_calendar_is_refused_with_a_message(data, code, message):
    with pytest.raises(ParseError) as caught:
        parse(data)

    assert caught.value.code == code
    assert str(caught.value) == message


def test_a_comment_after_the_end_is_no_truncation():
    data = calendar(ONE_EVENT) + b"X-COMMENT:cached at 09:00\r\n"

    assert len(parse(data).events) == 1


def test_more_events_than_the_setting_allows_refuses_the_feed(settings):
    settings.JEUGDZORG_WAGTAIL = {"SOURCES_MAX_EVENTS": 3}
    events = [vevent(uid=f"e{n}@partner.example", DTSTART="20250312T190000Z") for n in range(4)]

    assert len(parse(calendar(*events[:3])).events) == 3
    with pytest.raises(ParseError) as caught:
        parse(calendar(*events))

    assert caught.value.code == "too_many_events"
    assert str(caught.value) == (
        "De agenda bevat 4 bijeenkomsten; van één bron worden er hoogstens 3 overgenomen."
    )


def test_a_calendar_without_events_is_an_empty_feed():
    feed = parse(calendar())

    assert feed.events == []
    assert feed.problems == []
