"""Every test calendar that ships with icalendar (Google, Outlook, Thunderbird, broken and
fuzzed files) goes through a source fetch from the local feed server: imported, or refused
with a message an editor understands; never an error of this site. What is stored gives back
the dates the feed gives."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.utils import translation

from jeugdzorg_wagtail.sources.importing import fetch_source, recurrence_key
from jeugdzorg_wagtail.sources.parsing import ParseError, occurrence_key, occurrences, parse

CORPUS = Path(icalendar.__file__).parent / "tests" / "calendars"
FILES = sorted(path for path in CORPUS.iterdir() if path.is_file())
WINDOW = {
    "start": dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
    "end": dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
}
pytestmark = pytest.mark.django_db


def test_the_corpus_is_found():
    assert len(FILES) >= 100


def dates(found):
    """The dates of occurrences as keys: the date of a whole day, else the UTC instant."""
    return sorted(
        (occurrence_key(o.recurrence_id), occurrence_key(o.start), o.event.status) for o in found
    )


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_calendar_is_imported_or_refused_with_a_message(feed_server, partner, path):
    content = path.read_bytes()
    feed_server.serve("/agenda.ics", content, content_type="text/calendar")

    outcome = fetch_source(partner)

    partner.refresh_from_db()
    if not outcome.ok:
        assert outcome.state == "failed"
        dutch = partner.last_error_message
        with translation.override("en"):
            english = partner.last_error_message
        assert dutch and english and dutch != english  # read in Dutch, and in English
        assert not partner.events.exists()
        return
    try:
        feed = parse(content, charset="utf-8")
    except ParseError:  # pragma: no cover - the fetch would have failed
        pytest.fail("the fetch imported what the parser refuses")
    stored = {(row.uid, row.recurrence_key): row for row in partner.events.all()}
    assert len(stored) == len(feed.events) == partner.count_new
    for _subject, message, _skipped in partner.get_problem_messages():
        assert message
    for event in feed.events:
        row = stored[(event.uid, recurrence_key(event))]
        # What the agenda will show is what the feed gives: the same dates and statuses.
        assert dates(row.occurrences(**WINDOW)) == dates(occurrences(event, **WINDOW))
