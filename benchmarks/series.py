"""Time and queries of an agenda of repeating sessions: the listing, a month and the feed.

Run from the repository root::

    .venv/bin/python benchmarks/series.py

It builds agendas with 20 and with 200 series (each weekly for two years, with a date left
out and a changed date) in a throw-away test database (SQLite in memory with the test
settings, or the database of ``DATABASE_URL``) and measures, for each size: the listing
(second page), the month calendar of a busy month, and the feed built without the feed cache,
with the time icalendar alone needs to build and serialise the same VEVENTs (the series with
``RRULE`` and ``EXDATE``, and the changed dates with ``RECURRENCE-ID``) from plain values.
``main()`` returns the figures as a list of dicts.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The page is rendered for each request, not served from the cache of rendered pages.
os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")

SIZES = (20, 200)


def _median_seconds(function, repeat):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _measure(client, url, repeat):
    from django.db import connection

    response = client.get(url)  # warm caches (site root paths, content types, templates)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        client.get(url)
    return _median_seconds(lambda: client.get(url), repeat), len(queries)


def _populate(root, count, first_day):
    """``count`` weekly series of two years under a new agenda, each with one date left out
    and one changed; returns the agenda."""
    from jeugdzorg_wagtail.models import EventSession
    from tests.utils import make_agenda, make_many_events

    agenda = make_agenda(root, title=f"Reeksen {count}", slug=f"reeksen-{count}")
    make_many_events(agenda, count, first_day=first_day)
    zone = EventSession.calendar_zone()
    for session in EventSession.objects.filter(page__url_path__contains=f"/reeksen-{count}/"):
        first = session.start.astimezone(zone).date()
        session.repeat_frequency = "weekly"
        session.repeat_until = first + dt.timedelta(days=2 * 365)
        session.repeat_exceptions = [
            ("skip", {"date": first + dt.timedelta(weeks=3)}),
            (
                "change",
                {"date": first + dt.timedelta(weeks=5), "start_time": dt.time(14), "note": "x"},
            ),
        ]
        session.save()
    return agenda


def icalendar_alone(calendar, sessions):
    """What icalendar needs to build and serialise the same VEVENTs with its ``add`` API."""
    import zoneinfo

    from icalendar import Calendar, Event

    from jeugdzorg_wagtail.events.ical import ical_status, location_text, vtimezone

    zone = zoneinfo.ZoneInfo(calendar.time_zone)
    cal = Calendar()
    cal.add("prodid", calendar.prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", calendar.name)
    cal.add_component(vtimezone(calendar.time_zone))

    def vevent(s, start, end, status, sequence):
        event = Event()
        event.add("uid", s.uid)
        event.add("dtstamp", s.last_modified)
        event.add("created", s.created)
        event.add("last-modified", s.last_modified)
        event.add("sequence", sequence)
        event.add("summary", s.title)
        event.add("dtstart", start.astimezone(zone))
        event.add("dtend", end.astimezone(zone))
        event.add("status", ical_status(status))
        event.add("location", location_text(s))
        event.add("description", f"{s.intro}\n\nMore information: {s.url}")
        event.add("url", s.url)
        event.add("categories", list(s.categories))
        return event

    for s in sessions:
        event = vevent(s, s.start, s.end, s.status, s.sequence)
        if s.rrule:
            event.add("rrule", s.rrule)
            if s.exdates:
                event.add("exdate", [d.astimezone(zone) for d in s.exdates])
        cal.add_component(event)
        for o in s.overrides:
            changed = vevent(s, o.start, o.end, o.status, o.sequence)
            changed.add("recurrence-id", o.recurrence_id.astimezone(zone))
            cal.add_component(changed)
    return cal.to_ical()


def _feed(agenda, client, repeat):
    from django.test import override_settings

    from jeugdzorg_wagtail.events import feed_queries, feeds

    url = agenda.url + agenda.reverse_subpage("ical")
    with override_settings(JEUGDZORG_WAGTAIL={"FEED_CACHE_ALIAS": None}):
        seconds, queries = _measure(client, url, repeat)
        first = client.get(url)
        request = first.wsgi_request
        sessions = agenda.get_feed_sessions(request, feeds.window_start())
        values = feed_queries.feed_sessions(request, sessions, base_page=agenda)
        calendar = feeds.calendar_values(
            request, agenda.get_feed_title(), url=feeds.feed_url(request, agenda)
        )
        alone = _median_seconds(lambda: icalendar_alone(calendar, values), repeat)
    return seconds, queries, alone, first.content.count(b"BEGIN:VEVENT")


def main(sizes=SIZES, repeat=5):
    """Run the benchmark; returns one dict of figures per size."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.utils import timezone
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import AgendaEntry

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = []
    try:
        root = Site.objects.get(is_default_site=True).root_page
        client = Client()
        today = timezone.localdate()
        first_day = today + dt.timedelta(days=1)
        month = today + dt.timedelta(days=62)
        for count in sizes:
            agenda = _populate(root, count, first_day)
            listing_s, listing_q = _measure(client, f"{agenda.url}?page=2", repeat)
            month_url = f"{agenda.url}calendar/{month.year}/{month.month}/"
            month_s, month_q = _measure(client, month_url, repeat)
            feed_s, feed_q, alone_s, vevents = _feed(agenda, client, repeat)
            results.append(
                {
                    "benchmark": "series",
                    "series": count,
                    "dates": AgendaEntry.objects.filter(page__path__startswith=agenda.path).count(),
                    "listing_ms": round(listing_s * 1000, 1),
                    "listing_queries": listing_q,
                    "month_ms": round(month_s * 1000, 1),
                    "month_queries": month_q,
                    "feed_ms": round(feed_s * 1000, 1),
                    "feed_queries": feed_q,
                    "feed_vevents": vevents,
                    "icalendar_alone_ms": round(alone_s * 1000, 1),
                    "ratio": round(feed_s / alone_s, 2),
                }
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return results


def print_table(results):
    keys = [
        "series",
        "dates",
        "listing_ms",
        "listing_queries",
        "month_ms",
        "month_queries",
        "feed_ms",
        "feed_queries",
        "feed_vevents",
        "icalendar_alone_ms",
        "ratio",
    ]
    print(" | ".join(keys))
    for row in results:
        print(" | ".join(str(row[k]) for k in keys))


if __name__ == "__main__":
    print_table(main())
