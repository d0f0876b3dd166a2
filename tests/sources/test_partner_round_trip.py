"""The round trip: this package's own agenda feed, served on 127.0.0.1, fetched as the
source of a second agenda, which then shows the same dates, statuses and UIDs."""

import icalendar
import pytest

from jeugdzorg_wagtail.models import SourceEvent
from jeugdzorg_wagtail.sources.importing import fetch_source
from tests.events.test_agenda_series import EXCEPTIONS, SERIES
from tests.events.test_agenda_series import NOW as SERIES_NOW
from tests.utils import aware, make_agenda, make_event, make_source

NOW = SERIES_NOW  # the clock stands still here (see tests/conftest.py)
pytestmark = pytest.mark.django_db


def shown(response):
    """``(start, all_day, status)`` of each date the listing shows."""
    assert response.status_code == 200
    return [(e.start, e.all_day, e.status) for e in response.context["page_obj"].object_list]


def test_the_agendas_own_feed_fetched_by_a_second_agenda_gives_the_same_dates(
    root_page, client, feed_server, source_settings
):
    agenda = make_agenda(root_page, title="Agenda", slug="agenda")
    second = make_agenda(root_page, title="Agenda van de buren", slug="buren")
    # A series with a left-out date, a cancelled date and a moved date; a cancelled
    # session; a congress of two whole days.
    make_event(
        agenda, "Vervolgavond themacafé", sessions=[{**SERIES, "repeat_exceptions": EXCEPTIONS}]
    )
    make_event(
        agenda,
        "Netwerkavond",
        sessions=[
            {
                "start": aware(2026, 6, 3, 19),
                "end": aware(2026, 6, 3, 21),
                "status": "cancelled",
                "city": "Leiden",
            }
        ],
    )
    make_event(agenda, "Congres jeugdhulp", sessions=[
        {"start": aware(2026, 10, 5), "end": aware(2026, 10, 6), "all_day": True}])  # fmt: skip
    own = client.get("/agenda/ical/")
    assert own.status_code == 200
    feed_server.serve("/agenda.ics", own.content)
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(own.content).walk("VEVENT")}
    assert len(uids) == 3

    source = make_source("Onze eigen agenda", url=feed_server.url("/agenda.ics"),
                         agendas=[second])  # fmt: skip
    outcome = fetch_source(source)
    assert outcome.state == "imported", outcome.message

    ours = shown(client.get("/agenda/"))
    theirs = shown(client.get("/buren/"))
    assert len(ours) == 7 + 1 + 1
    assert theirs == ours
    assert "cancelled" in {status for *_, status in theirs}
    assert {e.uid for e in SourceEvent.objects.filter(source=source)} == uids
    html = client.get("/buren/").content.decode()
    assert html.count("Van: Onze eigen agenda") == len(ours)
