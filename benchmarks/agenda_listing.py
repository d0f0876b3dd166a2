"""Time and queries of the agenda listing with 50 and with 1,000 events, and of an agenda of
1,000 events that also shows the 1,000 events of a partner's calendar.

Run from the repository root::

    python benchmarks/agenda_listing.py

It builds a throw-away test database (SQLite in memory with the test settings, or the
database of ``DATABASE_URL``), fills two agendas and requests each listing, with a filter
chosen, a number of times. ``main()`` returns the results as a list of dicts so that a
runner can collect them.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (50, 1000)
REPEAT = 15
QUERY = "?region=limburg&theme=de-professional"
PARTNER_EVENTS = 1000


def partner_calendar(count):
    """A partner's feed of ``count`` evenings, spread over a year from 2030, in bytes."""
    from tests.utils import partner_feed

    events = []
    for n in range(count):
        day = f"2030{n % 12 + 1:02d}{n % 28 + 1:02d}"
        events.append((f"avond-{n}@partner.example", f"Avond {n}", f"{day}T190000",
                       f"{day}T210000", {"URL": f"https://partner.example/{n}"}))  # fmt: skip
    return partner_feed(*events)


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # The page is rendered for each request, not served from the cache of rendered pages.
    os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")
    import django

    django.setup()


def measure(client, url, repeat=REPEAT):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (site root paths, content types, templates)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return statistics.median(timings), len(context.captured_queries)


def main(sizes=SIZES, repeat=REPEAT):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import EventType, Region, Theme
    from tests.utils import make_agenda, make_many_events

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = []
    try:
        root = Site.objects.get(is_default_site=True).root_page
        region = Region.objects.create(name="Limburg")
        theme = Theme.objects.create(name="De professional")
        event_type = EventType.objects.create(name="Symposium")
        client = Client()
        for size in sizes:
            agenda = make_agenda(root, title=f"Agenda {size}", slug=f"agenda-{size}")
            make_many_events(agenda, size, region=region, event_type=event_type, themes=[theme])
            url = f"/agenda-{size}/{QUERY}"
            median, queries = measure(client, url, repeat)
            results.append(
                {
                    "benchmark": "agenda listing",
                    "events": size,
                    "url": url,
                    "median_ms": round(median * 1000, 1),
                    "queries": queries,
                    "repeat": repeat,
                }
            )
        # The largest agenda again, with a partner's calendar shown in it (no filter: every
        # date of both counts).
        from jeugdzorg_wagtail.sources.importing import import_content
        from tests.utils import make_source

        size = max(sizes)
        agenda = make_agenda(root, title="Agenda met partner", slug="agenda-partner")
        make_many_events(agenda, size, region=region, event_type=event_type, themes=[theme])
        source = make_source("Partner", agendas=[agenda])
        assert import_content(source, partner_calendar(PARTNER_EVENTS)).ok
        median, queries = measure(client, "/agenda-partner/", repeat)
        results.append(
            {
                "benchmark": "agenda listing with partner events",
                "events": size,
                "partner_events": PARTNER_EVENTS,
                "url": "/agenda-partner/",
                "median_ms": round(median * 1000, 1),
                "queries": queries,
                "repeat": repeat,
            }
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return results


def print_table(results):
    print(f"{'benchmark':<16} {'events':>7} {'median ms':>10} {'queries':>8}")
    for row in results:
        print(
            f"{row['benchmark']:<16} {row['events']:>7} {row['median_ms']:>10.1f} "
            f"{row['queries']:>8}"
        )


if __name__ == "__main__":
    print_table(main())
