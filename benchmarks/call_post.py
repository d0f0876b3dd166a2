"""Benchmark of a valid POST to a call for participation (no attachment).

Run from the repository root::

    .venv/bin/python benchmarks/call_post.py

It makes an open call in a fresh test database (``DJANGO_SETTINGS_MODULE=tests.settings``),
posts the valid form data of ``tests.utils.call_form_data`` (two themes, two target groups)
several times and prints the median time and the queries of one POST (the redirect to
``thanks/`` not followed), including the notification work that runs when the submission
is committed. The rate limit is reset before each POST. ``main()`` returns the
figures as a list of dicts.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 9


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # The page is rendered for each request, not served from the cache of rendered pages.
    os.environ.setdefault("JEUGDZORG_PAGE_CACHE_TIMEOUT", "0")
    import django

    django.setup()


def main(repeat=REPEAT):
    setup_django()
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )
    from wagtail.models import Site

    from jeugdzorg_wagtail.core.conf import jw_settings
    from jeugdzorg_wagtail.models import CallSubmission, TargetGroup, Theme
    from tests.utils import call_form_data, make_call

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root = Site.objects.get(is_default_site=True).root_page
        call = make_call(root, title="Oproep symposium", slug="oproep")
        themes = [str(Theme.objects.create(name=n).pk) for n in ("Ouders", "Professional")]
        groups = [str(TargetGroup.objects.create(name=n).pk) for n in ("Jeugdwerk", "GGZ")]
        rate_cache = caches[jw_settings.RATE_LIMIT_CACHE_ALIAS]
        client = Client()
        client.get(call.url)  # warm Wagtail's site and page caches

        def post():
            data = call_form_data(call, themes=themes, target_groups=groups)
            rate_cache.clear()
            started = time.perf_counter()
            response = client.post(call.url, data)
            seconds = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
            return seconds

        post()
        timings = [post() for _ in range(repeat)]
        data = call_form_data(call, themes=themes, target_groups=groups)
        rate_cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(call.url, data)
        assert response.status_code == 302
        submissions = CallSubmission.objects.count()
        assert submissions == repeat + 2, submissions
        return [
            {
                "benchmark": "call POST",
                "median_ms": round(statistics.median(timings) * 1000, 1),
                "queries": len(queries.captured_queries),
                "repeat": repeat,
            }
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def print_table(results):
    print(f"{'benchmark':<12} {'median ms':>10} {'queries':>8}")
    for row in results:
        print(f"{row['benchmark']:<12} {row['median_ms']:>10.1f} {row['queries']:>8}")


if __name__ == "__main__":
    print_table(main())
