"""A repeating session as a visitor sees it: each date in the listing, its filters and pages,
the event page and its JSON-LD, with the series named and cancelled and changed dates marked;
the dates stored up to the horizon, kept fresh on read and by a command."""

import datetime as dt
import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from jeugdzorg_wagtail.models import AgendaEntry, AgendaHorizon, EventSession
from tests.utils import aware, count_queries, make_agenda, make_event

NOW = aware(2026, 5, 1, 12)

SERIES = {
    "start": aware(2026, 5, 27, 19, 30),
    "end": aware(2026, 5, 27, 21, 30),
    "venue": "Het Petrahuis",
    "city": "Oegstgeest",
    "repeat_frequency": "monthly",
    "repeat_weekdays": "WE",
    "repeat_week_of_month": 4,
    "repeat_count": 8,
}
EXCEPTIONS = [
    ("change", {"date": dt.date(2026, 7, 22), "status": "cancelled", "note": "Zomerstop"}),
    ("skip", {"date": dt.date(2026, 8, 26)}),
    (
        "change",
        {
            "date": dt.date(2026, 9, 23),
            "status": "scheduled",
            "start_time": dt.time(20),
            "venue": "Bibliotheek Oegstgeest",
            "note": "Deze keer in de bibliotheek",
        },
    ),
]
DATES = [
    aware(2026, 5, 27, 19, 30),
    aware(2026, 6, 24, 19, 30),
    aware(2026, 7, 22, 19, 30),
    aware(2026, 9, 23, 20),
    aware(2026, 10, 28, 19, 30),
    aware(2026, 11, 25, 19, 30),
    aware(2026, 12, 23, 19, 30),
]


def make_series(agenda, title="Vervolgavond themacafé", **values):
    return make_event(
        agenda,
        title,
        sessions=[{**SERIES, "repeat_exceptions": EXCEPTIONS, **values}],
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def listed_times(response):
    return [e.start for e in response.context["page_obj"].object_list]


@pytest.mark.django_db
def test_each_date_of_the_series_is_a_row_of_the_listing_with_the_series_named(agenda, client):
    make_series(agenda)
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert listed_times(response) == DATES
    html = text(response)
    assert html.count("Onderdeel van een reeks: elke vierde woensdag van de maand") == 7
    assert "<strong>Geannuleerd</strong>: Zomerstop" in html
    assert "<strong>Gewijzigd</strong>: verplaatst van woensdag 23 september 2026, 19:30" in html
    assert "woensdag 26 augustus 2026" not in html


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL={"EVENTS_PER_PAGE": 3})
def test_the_dates_are_paginated_and_filtered_in_the_database(agenda, client):
    make_series(agenda)
    make_event(agenda, "Regiobijeenkomst", sessions=[{"start": aware(2026, 6, 1, 10)}])
    second = client.get("/agenda/?page=2")
    assert listed_times(second) == [DATES[2], DATES[3], DATES[4]]
    assert second.context["paginator"].count == 8
    autumn = client.get("/agenda/?from_date=2026-09-01&to_date=2026-10-31")
    assert listed_times(autumn) == [DATES[3], DATES[4]]


@pytest.mark.django_db
def test_the_event_page_lists_every_date_and_json_ld_has_an_event_per_date(agenda, client):
    event = make_series(agenda)
    response = client.get(event.url)
    html = text(response)
    assert "<strong>Elke vierde woensdag van de maand</strong>, 19:30–21:30" in html
    assert "7 datums, van 27 mei 2026 tot en met 23 december 2026." in html
    assert "Deze keer in de bibliotheek" in html
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    graph = json.loads(script)["@graph"]
    assert [item["startDate"] for item in graph] == [d.isoformat() for d in DATES]
    by_start = {item["startDate"]: item for item in graph}
    cancelled = by_start[DATES[2].isoformat()]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    moved = by_start[DATES[3].isoformat()]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == aware(2026, 9, 23, 19, 30).isoformat()
    assert moved["location"]["name"] == "Bibliotheek Oegstgeest"


@pytest.mark.django_db
@override_settings(JEUGDZORG_WAGTAIL={"AGENDA_HORIZON_DAYS": 60})
def test_dates_beyond_the_horizon_come_in_as_it_moves(agenda, client, clock):
    event = make_series(agenda)

    def stored():
        return list(AgendaEntry.objects.order_by("start").values_list("start", flat=True))

    # Up to 30 June, and the changed dates wherever they are (an editor named them).
    assert stored() == DATES[:4]
    event_page = client.get(event.url)
    assert "De datums na 30 juni 2026 verschijnen hier als ze dichterbij komen." in text(event_page)
    clock.shift(dt.timedelta(days=90))  # 30 July: the horizon reaches 28 September
    response = client.get("/agenda/")
    assert listed_times(response) == [DATES[3]]
    assert AgendaHorizon.objects.get().until == dt.date(2026, 9, 28)
    # From cron the command does the same, and tells what it did.
    clock.shift(dt.timedelta(days=60))
    call_command("jeugdzorg_refresh_agenda", stdout=(out := _Out()))
    assert stored() == DATES[:6]
    assert "2026-11-27" in out.text
    # Rewriting every session's dates gives the same rows.
    call_command("jeugdzorg_refresh_agenda", "--all", stdout=_Out())
    assert stored() == DATES[:6]


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, value):
        self.text += value

    def flush(self):
        pass


@pytest.mark.django_db
def test_a_draft_of_a_live_event_changes_no_date_and_publishing_does(agenda, client):
    event = make_series(agenda)
    page = type(event).objects.get(pk=event.pk)
    session = page.sessions.get()
    session.repeat_count = 5
    page.sessions = [session]
    revision = page.save_revision()
    assert AgendaEntry.objects.filter(session=session).count() == 7
    revision.publish()
    assert AgendaEntry.objects.filter(session_id=session.pk).count() == 4


def make_many_series(agenda, count):
    for number in range(count):
        make_series(agenda, title=f"Reeks {number}", repeat_count=24, repeat_exceptions=[])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["{agenda}?page=2", "{agenda}calendar/2026/9/", "{agenda}calendar/2026/9/?city=&mode=offline"],
)
def test_the_listing_and_the_month_cost_as_many_queries_with_more_series(
    root_page, client, url, no_page_cache
):
    small = make_agenda(root_page, title="Klein", slug="klein")
    large = make_agenda(root_page, title="Groot", slug="groot")
    make_many_series(small, 2)
    make_many_series(large, 8)
    assert EventSession.objects.filter(page__url_path__contains="/groot/").count() == 8
    client.get(url.format(agenda="/klein/"))  # warm the site and content-type caches
    small_response, small_queries = count_queries(client, url.format(agenda="/klein/"))
    large_response, large_queries = count_queries(client, url.format(agenda="/groot/"))
    assert small_response.status_code == large_response.status_code == 200
    assert small_queries == large_queries, (small_queries, large_queries)
    assert AgendaEntry.objects.filter(page__url_path__contains="/groot/").count() == 8 * 12
