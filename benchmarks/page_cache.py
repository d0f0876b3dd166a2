"""Time and queries of the pages visitors read most, rendered and served from the cache of
rendered pages (``PAGE_CACHE_TIMEOUT``): the agenda of 1,000 events (also its month calendar,
and an agenda that also shows 1,000 events of a partner's calendar), one event, the library of
1,000 practice examples (also with a filter and a search term) and one example.

Run from the repository root::

    python benchmarks/page_cache.py

It builds a throw-away test database (SQLite in memory with the test settings, or the
database of ``DATABASE_URL``) and requests each page as an anonymous visitor, first with the
cache switched off (``PAGE_CACHE_TIMEOUT`` 0), then with it on (the cache of the test settings:
Django's in-process memory cache). ``main()`` returns the results as a list of dicts.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = 1000
REPEAT = 15


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def measure(url, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    Client().get(url)  # warm caches (site root paths, content types, templates, the page)
    timings = []
    for _ in range(repeat):
        client = Client()  # a new visitor each time: no cookies
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as context:
        Client().get(url)
    return statistics.median(timings), len(context.captured_queries)


def main(size=SIZE, repeat=REPEAT):
    setup_django()
    from django.db import connection
    from django.test.utils import (
        override_settings,
        setup_test_environment,
        teardown_test_environment,
    )
    from wagtail.models import Site

    from benchmarks.agenda_listing import partner_calendar
    from jeugdzorg_wagtail.models import EventType, Region, Theme
    from jeugdzorg_wagtail.sources.importing import import_content
    from tests.utils import (
        make_agenda,
        make_event,
        make_library,
        make_many_events,
        make_many_practice_examples,
        make_practice_example,
        make_source,
    )

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = []
    try:
        root = Site.objects.get(is_default_site=True).root_page
        region = Region.objects.create(name="Limburg")
        theme = Theme.objects.create(name="De professional")
        event_type = EventType.objects.create(name="Symposium")
        agenda = make_agenda(root)
        make_many_events(agenda, size, region=region, event_type=event_type, themes=[theme])
        event = make_event(agenda, "Themacafé", slug="themacafe", event_type=event_type)
        library = make_library(root)
        themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 6)]
        make_many_practice_examples(library, size, themes=themes, regions=[region])
        example = make_practice_example(library, "Haven 71", themes=themes[:2])
        partner_agenda = make_agenda(root, title="Agenda met partner", slug="agenda-partner")
        make_many_events(partner_agenda, size, region=region, event_type=event_type)
        source = make_source("Partner", agendas=[partner_agenda])
        assert import_content(source, partner_calendar(size)).ok
        month = dt.date.today().replace(day=1) + dt.timedelta(days=32)  # next month: full
        urls = {
            "agenda": agenda.url,
            "month calendar": f"{agenda.url}calendar/{month.year}/{month.month}/",
            "agenda with partner events": partner_agenda.url,
            "event": event.url,
            "library": library.url,
            "library, filter + search": f"{library.url}?theme=thema-1&q=jongere",
            "practice example": example.url,
        }
        for name, url in urls.items():
            row = {"benchmark": f"page: {name}", "size": size, "url": url, "repeat": repeat}
            for label, timeout in (("uncached", 0), ("cached", 60)):
                with override_settings(JEUGDZORG_WAGTAIL={"PAGE_CACHE_TIMEOUT": timeout}):
                    median, queries = measure(url, repeat)
                row[f"{label}_ms"] = round(median * 1000, 2)
                row[f"{label}_queries"] = queries
            results.append(row)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return results


if __name__ == "__main__":
    for row in main():
        print(
            f"{row['benchmark']:<34} uncached {row['uncached_ms']:>8.1f} ms "
            f"{row['uncached_queries']:>3} q   cached {row['cached_ms']:>6.2f} ms "
            f"{row['cached_queries']:>3} q"
        )
