"""Time and queries of the practice example library with 50 and with 1,000 examples.

Run from the repository root::

    python benchmarks/practice_index.py

It builds a throw-away test database (SQLite in memory with the test settings, or the
database of ``DATABASE_URL``), fills one library per size and requests it, with a facet and
a search term chosen, a number of times. ``main()`` returns the results as a list of dicts so
that a runner can collect them.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (50, 1000)
REPEAT = 15
QUERIES = {
    "facet + search": "?theme=thema-1&q=jongere",
    "no filters": "",
}


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
        response = client.get(url)
    return statistics.median(timings), len(context.captured_queries), response


def main(sizes=SIZES, repeat=REPEAT):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from wagtail.models import Site

    from jeugdzorg_wagtail.models import Organisation, Region, Theme
    from tests.utils import make_library, make_many_practice_examples

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = []
    try:
        root = Site.objects.get(is_default_site=True).root_page
        themes = [Theme.objects.create(name=f"Thema {i}") for i in range(1, 6)]
        regions = [Region.objects.create(name=f"Regio {i}") for i in range(1, 5)]
        organisations = [Organisation.objects.create(name=f"Organisatie {i}") for i in range(8)]
        client = Client()
        for size in sizes:
            slug = f"praktijkvoorbeelden-{size}"
            library = make_library(root, title=f"Praktijkvoorbeelden {size}", slug=slug)
            make_many_practice_examples(
                library, size, themes=themes, regions=regions, organisations=organisations
            )
            for label, query in QUERIES.items():
                url = f"/{slug}/{query}"
                median, queries, response = measure(client, url, repeat)
                results.append(
                    {
                        "benchmark": f"practice library, {label}",
                        "examples": size,
                        "results": response.context["result_count"],
                        "url": url,
                        "median_ms": round(median * 1000, 1),
                        "queries": queries,
                        "repeat": repeat,
                        "database": connection.vendor,
                    }
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return results


def print_table(results):
    print(f"{'benchmark':<36} {'examples':>8} {'results':>8} {'median ms':>10} {'queries':>8}")
    for row in results:
        print(
            f"{row['benchmark']:<36} {row['examples']:>8} {row['results']:>8} "
            f"{row['median_ms']:>10.1f} {row['queries']:>8}"
        )


if __name__ == "__main__":
    print_table(main())
