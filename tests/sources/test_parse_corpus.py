"""Every test calendar that ships with icalendar (Google, Outlook, Thunderbird, broken and
fuzzed files) is fetched from the feed server and parsed: used, or refused with a message."""

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from django.utils import translation

from jeugdzorg_wagtail.sources.fetching import fetch
from jeugdzorg_wagtail.sources.parsing import ParseError, SourceEvent, occurrences, parse

CORPUS = Path(icalendar.__file__).parent / "tests" / "calendars"
FILES = sorted(path for path in CORPUS.iterdir() if path.is_file())
WINDOW = {"start": datetime(2000, 1, 1, tzinfo=UTC), "end": datetime(2031, 1, 1, tzinfo=UTC)}


def test_the_corpus_is_found():
    assert len(FILES) >= 100
    assert {path.suffix for path in FILES} >= {".ics", ".jcal"}


def in_both_languages(item):
    """``item.message`` in English and in Dutch."""
    with translation.override("en"):
        english = item.message
    with translation.override("nl"):
        dutch = item.message
    return english, dutch


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_calendar_is_used_or_refused_with_a_message(feed_server, source_settings, path):
    feed_server.serve("/feed.ics", path.read_bytes(), content_type="text/calendar")
    fetched = fetch(feed_server.url("/feed.ics"))

    try:
        feed = parse(fetched.content, charset=fetched.charset)
    except ParseError as error:
        english, dutch = in_both_languages(error)
        assert dutch and dutch != english  # an editor reads it in Dutch
        return

    for problem in feed.problems + feed.notes:
        english, dutch = in_both_languages(problem)
        assert dutch and dutch != english
    for event in feed.events:
        assert isinstance(event, SourceEvent)
        assert event.uid
        assert isinstance(event.start, date)
        assert type(event.end) is type(event.start)
        assert event.end >= event.start
        if isinstance(event.start, datetime):
            assert event.start.tzinfo is not None and event.end.tzinfo is not None
        assert event.status in {"CONFIRMED", "TENTATIVE", "CANCELLED"}
        for occurrence in occurrences(event, **WINDOW):
            assert occurrence.event.uid == event.uid
